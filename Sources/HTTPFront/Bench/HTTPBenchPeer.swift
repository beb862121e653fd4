import Commands
import Foundation
import Glibc

/// The Hummingbird peer of `dm bench http`: finding or building its binary, and the alternative run through
/// `run-http-peers.sh` (the wrk matrix script in ../shared/peers).
enum HTTPBenchPeer {
    /// The peer's binary: `path` itself when it is an executable file, else `path` is the package folder, which is
    /// copied to a scratch folder (shared/ is read-only) and built there with `swift build -c release`, once.
    static func resolve(_ path: String, scratch: String, _ report: (String) -> Void) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HTTPBenchError(message: "--peer \(path) does not exist; give the hbpeer binary or its package folder")
        }
        if !isDirectory.boolValue {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw HTTPBenchError(message: "--peer \(path) is not executable")
            }
            return path
        }
        guard FileManager.default.fileExists(atPath: path + "/Package.swift") else {
            throw HTTPBenchError(message: "--peer \(path) is a folder without Package.swift")
        }
        let copy = scratch + "/dm-bench-hbpeer"
        let binary = copy + "/.build/release/hbpeer"
        if FileManager.default.isExecutableFile(atPath: binary) {
            report("peer        reusing \(binary)")
            return binary
        }
        guard let swift = BenchmarkSupport.which("swift") else {
            throw HTTPBenchError(message: "swift is not on PATH, so the peer cannot be built; pass its binary")
        }
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for item in ["Package.swift", "Sources"] {
            try FileManager.default.copyItem(atPath: path + "/" + item, toPath: copy + "/" + item)
        }
        report("peer        building \(copy) with swift build -c release (a few minutes the first time)")
        let log = copy + "/build.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swift)
        process.arguments = ["build", "-c", "release", "--package-path", copy]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try? handle.close()
        guard process.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: binary) else {
            let tail = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(8)
            throw HTTPBenchError(
                message: "the Hummingbird peer did not build here (swift build exit \(process.terminationStatus)); "
                    + "run without --peer, or pass a built hbpeer binary. Last lines of \(log):\n"
                    + tail.joined(separator: "\n"))
        }
        return binary
    }

    /// Runs `run-http-peers.sh` against ours and then the peer (REPS = `repeats`, the best counts), printing its
    /// lines, and returns the pairs.
    ///
    /// The script takes no request fields, so when ours needs the bearer token a `wrk` wrapper on a private PATH
    /// adds `-H "Authorization: Bearer …"` to every wrk call (the token travels in the environment, never on disk
    /// or in a command line). The peer ignores the field.
    static func runScript(
        _ script: String, ours: HTTPBenchServer, peer: HTTPBenchServer?, token: String?, options: HTTPBenchmark.Options,
        wrk: String?, report: (String) -> Void
    ) throws -> [HTTPBenchComparison] {
        guard let wrk else {
            throw HTTPBenchError(message: "--peer-script runs wrk; install it (apt-get install -y wrk)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["CONNS"] = String(options.connections)
        environment["REPS"] = String(options.repeats)
        environment["DURATION"] = "\(options.seconds)s"
        environment["THREADS"] = String(options.threads)
        environment["WARMUP"] = options.warmupSeconds > 0 ? "\(options.warmupSeconds)s" : "0"
        var shim: String?
        if let token {
            let folder = options.scratchDirectory + "/dm-bench-wrk-\(UUID().uuidString.lowercased())"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let wrapper = "#!/bin/sh\nexec \(wrk) -H \"Authorization: Bearer $DM_BENCH_TOKEN\" \"$@\"\n"
            _ = FileManager.default.createFile(
                atPath: folder + "/wrk", contents: Data(wrapper.utf8), attributes: [.posixPermissions: 0o755])
            environment["PATH"] = folder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["DM_BENCH_TOKEN"] = token
            shim = folder
        }
        defer { if let shim { try? FileManager.default.removeItem(atPath: shim) } }

        let targets = HTTPBenchmark.targets
        let mine = try runOnce(
            script, server: ours, label: "ours", paths: targets.map(\.ours), environment: environment, report: report)
        let theirs = try peer.map {
            try runOnce(
                script, server: $0, label: "hummingbird", paths: targets.map(\.peer), environment: environment,
                report: report)
        }
        var comparisons: [HTTPBenchComparison] = []
        for (index, target) in targets.enumerated() where index < mine.count {
            let comparison = HTTPBenchComparison(
                path: target.ours, ours: mine[index], peer: theirs.flatMap { index < $0.count ? $0[index] : nil })
            if let ratio = comparison.ratio {
                report("ratio       \(target.ours): ours/peer \(String(format: "%.2f", ratio))× req/s")
            }
            comparisons.append(comparison)
        }
        return comparisons
    }

    /// One run of the script against one server; its summary lines are printed and parsed.
    private static func runOnce(
        _ script: String, server: HTTPBenchServer, label: String, paths: [String], environment: [String: String],
        report: (String) -> Void
    ) throws -> [HTTPLoadResult] {
        var environment = environment
        environment["PATHS"] = paths.joined(separator: " ")
        // In-process, the script and its wrk are this process's children, so its per-tree CPU and memory columns
        // would count the load too: leave them out then.
        if server.pid != getpid() { environment["SERVER_PID"] = String(server.pid) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, "http://127.0.0.1:\(server.port)", label]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HTTPBenchError(
                message: "\(script) failed with status \(process.terminationStatus): \(text.prefix(300))")
        }
        // The best repetition of each path, in the order of `paths`.
        var best: [String: HTTPLoadResult] = [:]
        for line in text.split(separator: "\n") {
            report("script      " + line)
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count > 1, let result = parseScriptLine(line) else { continue }
            let path = String(words[1])
            if result.requestsPerSecond > best[path]?.requestsPerSecond ?? -1 { best[path] = result }
        }
        return paths.compactMap { best[$0] }
    }

    /// A summary line of the script: `label path conns rep rps p50_ms p99_ms non2xx sock_err …`.
    static func parseScriptLine(_ line: Substring) -> HTTPLoadResult? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 9, let rps = Double(words[4]), let p50 = Double(words[5]), let p99 = Double(words[6])
        else { return nil }
        return HTTPLoadResult(
            tool: "wrk (run-http-peers.sh)", requestsPerSecond: rps, p50Milliseconds: p50, p99Milliseconds: p99,
            requests: 0, non2xx: Int(words[7]) ?? 0, socketErrors: Int(words[8]) ?? 0)
    }
}
