import EventStore
import Foundation
import Glibc

/// `dm bench connectors`: the same mock PAS read through each file connector — and through `postgres` when a server
/// is given, the benchmark's dump loaded into it first with `psql` — with rows/s for a bare read and for the extract
/// step's full copy into staged CSVs, and a parity check of the staged files' hashes.
///
/// Each figure is given per wall-clock second and per CPU second of this process: on a shared machine the wall
/// clock mostly measures the neighbours, the CPU time what the connector itself costs.
package enum ConnectorBenchmark {
    /// Generates `rows` patients in every source format under a scratch folder, reads them back through each
    /// connector and prints the figures through `report`; throws if two connectors stage different bytes.
    ///
    /// With `postgres` settings (host, port, database, user, password, …) the generated dump is also loaded with
    /// `psql` into a fresh schema `dm_bench_<hex>` of that database (the role needs CREATE on it), read through the
    /// `postgres` connector, and the schema dropped at the end; nothing else on the server is touched. Without
    /// `psql` the postgres line says so and the others are measured as usual.
    package static func run(
        rows: Int, directory: String, postgres: [String: String]? = nil, report: (String) -> Void
    ) throws {
        let scratch = URL(fileURLWithPath: directory + "/dm-bench-connectors-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let csv = scratch.appendingPathComponent("source/csv")
        let cache = scratch.appendingPathComponent("source/cache")
        let dump = scratch.appendingPathComponent("source/postgres/pas_dump.sql")
        let generator = MockPASGenerator(
            rows: rows, seed: 42, defectRate: 0.02, referenceDate: Date(timeIntervalSince1970: 1_768_435_200))
        var generated: [GeneratedTable] = []
        let generateSeconds = try BenchmarkSupport.bestTime(repeats: 1) {
            generated = try generator.generate(into: csv)
        }
        let export = MockPASSourceExport(csvDirectory: csv)
        let globalsSeconds = try BenchmarkSupport.bestTime(repeats: 1) { try export.writeGlobals(into: cache) }
        let dumpSeconds = try BenchmarkSupport.bestTime(repeats: 1) { try export.writeDump(to: dump) }
        let total = generated.reduce(0) { $0 + $1.rows }
        report(
            "source      \(rows) patients, \(generated.count) tables, \(BenchmarkSupport.grouped(Double(total))) rows; "
                + "generated CSV \(String(format: "%.2f", generateSeconds)) s, ZWRITE "
                + "\(String(format: "%.2f", globalsSeconds)) s, pg_dump \(String(format: "%.2f", dumpSeconds)) s")
        var sources: [(String, [String: String], URL)] = [
            ("csv", ["directory": csv.path], csv),
            ("cache_iris_emulator", ["directory": cache.path], cache),
            ("postgres_emulator", ["dump_file": dump.path], dump),
        ]
        var server: PostgresBenchLoad?
        defer { try? server?.drop() }
        if let postgres {
            if let psql = PostgresBenchLoad.findPSQL() {
                let load = PostgresBenchLoad(settings: postgres, psql: psql)
                // Validate the settings before loading anything.
                _ = try ConnectorRegistry.standard.connector(named: "postgres", settings: load.connectorSettings)
                server = load
                let loadSeconds = try BenchmarkSupport.bestTime(repeats: 1) {
                    try load.load(dump: dump, script: scratch.appendingPathComponent("pg_load.sql"))
                }
                report(
                    "postgres    loaded the same dump with psql into schema \(load.schema) of "
                        + "\(postgres["host"] ?? "127.0.0.1"):\(postgres["port"] ?? "5432")/\(postgres["database"] ?? "")"
                        + " in \(String(format: "%.2f", loadSeconds)) s (dropped at the end)")
                sources.append(("postgres", load.connectorSettings, dump))
            } else {
                report(
                    "postgres            skipped: no psql found (PATH, /usr/lib/postgresql/*/bin or DM_PSQL) to load "
                        + "the data into the server; install Debian's postgresql-client")
            }
        }
        var digests: [String: [String]] = [:]
        for (name, settings, location) in sources {
            let connector = try ConnectorRegistry.standard.connector(named: name, settings: settings)
            let bytes = try sourceBytes(location)
            var read = 0
            let (readSeconds, readCPU) = try measure {
                read = 0
                for table in SourceModel.mockPAS.tables {
                    read += try connector.read(table: table.name) { _ in }
                }
            }
            let staged = scratch.appendingPathComponent("staged-\(name)")
            var tables: [GeneratedTable] = []
            let (extractSeconds, extractCPU) = try measure {
                tables = try SourceExtract(connector: connector, model: .mockPAS).run(into: staged)
            }
            digests[name] = try tables.map { try SHA256.hash(contentsOf: $0.file.path).0.hex }
            guard read == total else {
                throw BenchmarkError(message: "\(name) read \(read) rows, the CSV extract has \(total)")
            }
            report(
                name.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + "read \(BenchmarkSupport.grouped(Double(read) / readSeconds)) rows/s "
                    + "(\(String(format: "%.2f", readSeconds)) s wall, "
                    + "\(BenchmarkSupport.grouped(Double(read) / readCPU)) rows per CPU-s, "
                    + "\(BenchmarkSupport.oneDecimal(Double(bytes) / 1_048_576 / readCPU)) MiB per CPU-s of source); "
                    + "extract to staged CSV \(BenchmarkSupport.grouped(Double(read) / extractSeconds)) rows/s "
                    + "(\(String(format: "%.2f", extractSeconds)) s wall, "
                    + "\(BenchmarkSupport.grouped(Double(read) / extractCPU)) rows per CPU-s)")
        }
        let reference = digests["csv"] ?? []
        let parity = digests.values.allSatisfy { $0 == reference }
        report("parity      staged CSV sha256 per table \(parity ? "identical" : "DIFFERENT") across connectors")
        report(
            "memory      peak RSS \(BenchmarkSupport.oneDecimal(Double(BenchmarkSupport.peakResidentBytes()) / 1_048_576)) MiB"
        )
        guard parity else { throw BenchmarkError(message: "connectors staged different bytes for the same data") }
    }

    /// Wall-clock and CPU seconds (user + system) of `body`.
    private static func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        func cpu() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        let startCPU = cpu()
        let wall = try BenchmarkSupport.bestTime(repeats: 1, body)
        return (wall, max(cpu() - startCPU, 1e-6))
    }

    private static func sourceBytes(_ location: URL) throws -> Int {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location.path, isDirectory: &isFolder) else { return 0 }
        let files =
            isFolder.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: location.path).map { location.path + "/" + $0 }
            : [location.path]
        return files.reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
    }
}
