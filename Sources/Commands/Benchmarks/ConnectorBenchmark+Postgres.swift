import Foundation
import Projections

/// The `postgres` part of `dm bench connectors`: the benchmark's own dump loaded with `psql` into a schema of its
/// own on the given server (so nothing there is touched), read back through the connector, then dropped.
struct PostgresBenchLoad {
    /// The connector's settings as given (host, port, database, user, password …); `schema` is the bench's.
    let settings: [String: String]
    /// The `psql` program.
    let psql: String
    /// A fresh schema name, `dm_bench_<hex>`: created by `load`, dropped by `drop`.
    let schema = "dm_bench_" + UUID().uuidString.lowercased().prefix(8)

    /// `psql` on the PATH or in the newest `/usr/lib/postgresql/*/bin`, or nil when neither has one.
    static func findPSQL() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["DM_PSQL"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/psql"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let candidate = "/usr/lib/postgresql/\(version)/bin/psql"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The connector's settings pointing at the bench's schema.
    var connectorSettings: [String: String] {
        settings.merging(["schema": schema]) { _, bench in bench }
    }

    /// Writes `dump` rewritten into the bench's schema (`CREATE SCHEMA`, then every `public.` of a statement
    /// line — never of a COPY data line — as the schema) to `script`, and runs it with `psql` in one transaction.
    func load(dump: URL, script: URL) throws {
        let writer = try AtomicFileWriter(url: script)
        var buffer = Array("CREATE SCHEMA \(schema);\n".utf8)
        let reader = try LineReader(path: dump.path)
        var inCopy = false
        let replacement = Array("\(schema).".utf8)
        while let line = try reader.next({ Array($0) }) {
            if inCopy {
                buffer.append(contentsOf: line)
                if line == Array("\\.".utf8) { inCopy = false }
            } else {
                let text = String(decoding: line, as: UTF8.self)
                if let prefix = Self.qualified.first(where: { text.hasPrefix($0) }) {
                    buffer.append(contentsOf: prefix.utf8.dropLast("public.".utf8.count))
                    buffer.append(contentsOf: replacement)
                    buffer.append(contentsOf: line.dropFirst(prefix.utf8.count))
                    inCopy = prefix == "COPY public."
                } else {
                    buffer.append(contentsOf: line)
                }
            }
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                try buffer.withUnsafeBytes { try writer.write($0) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try buffer.withUnsafeBytes { try writer.write($0) }
        try writer.commit()
        try run(["-1", "-f", script.path])
    }

    /// The statement lines of a dump that name a table of schema `public`.
    private static let qualified = ["CREATE TABLE public.", "COPY public.", "ALTER TABLE ONLY public."]

    /// Drops the bench's schema and everything in it.
    func drop() throws {
        try run(["-c", "DROP SCHEMA IF EXISTS \(schema) CASCADE"])
    }

    /// Runs `psql` against the server with `arguments`; the password goes through the environment, never argv.
    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments =
            [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", settings["host"] ?? "127.0.0.1", "-p",
                settings["port"] ?? "5432", "-U", settings["user"] ?? "", "-d", settings["database"] ?? "",
            ] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = settings["password"]
        environment["PGCONNECT_TIMEOUT"] = "10"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            var text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let password = settings["password"], password.count >= 4 {
                text = text.replacingOccurrences(of: password, with: "(secret)")
            }
            throw BenchmarkError(message: "psql failed (exit \(process.terminationStatus)): \(text)")
        }
    }
}
