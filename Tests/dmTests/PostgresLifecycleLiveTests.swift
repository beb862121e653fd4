import EventStore
import Foundation
import XCTest

/// `dm lifecycle --connector postgres` end to end through the real binary, against the server `.ci/postgres.sh`
/// loads from the generator's `pas_dump.sql`: its extract event's per-table hashes and row counts and its target
/// tables equal a `csv` run over the CSV extract the dump was written from (`DM_TEST_PG_SOURCE_CSV`). Skipped
/// without `DM_TEST_PG_*`.
final class PostgresLifecycleLiveTests: XCTestCase {
    static let brief = LifecycleTests.brief

    private struct Extract: Equatable {
        var artifacts: [String: String]
        var rows: [String: Int]
    }

    private func events(_ root: ScratchRoot) throws -> [LedgerEvent] {
        try Ledger(directory: root.path + "/events").events(from: 1, limit: .max)
    }

    /// The extract step's per-table sha256 and row counts, and the connector it names.
    private func extract(_ root: ScratchRoot) throws -> (Extract, connector: String?) {
        let completed = try XCTUnwrap(
            try events(root).last { $0.type == "step.completed" && $0.data["step"]?.stringValue == "extract" })
        var record = Extract(artifacts: [:], rows: [:])
        for artifact in completed.data["artifacts"]?.arrayValue ?? [] {
            record.artifacts[artifact["path"]?.stringValue ?? ""] = artifact["sha256"]?.stringValue
        }
        for (table, rows) in completed.data["counts"]?["rows_by_table"]?.objectValue ?? [:] {
            record.rows[table] = rows.intValue
        }
        return (record, completed.data["counts"]?["connector"]?.stringValue)
    }

    private func targetTables(_ root: ScratchRoot) throws -> [String: Data] {
        let folder = root.path + "/mock_data/target_contract"
        var tables: [String: Data] = [:]
        // migration_xref carries the run id and time of each run; every other table must match byte for byte.
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != "migration_xref.csv" {
            tables[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return tables
    }

    /// The server's settings from `DM_TEST_PG_*`, or a skip.
    private func server() throws -> (host: String, port: String, user: String, database: String) {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["DM_TEST_PG_HOST"], let port = environment["DM_TEST_PG_PORT"],
            let user = environment["DM_TEST_PG_USER"], environment["DM_TEST_PG_PASSWORD"] != nil,
            let database = environment["DM_TEST_PG_DATABASE"]
        else {
            throw XCTSkip("DM_TEST_PG_* not set: run .ci/postgres.sh for the live PostgreSQL tests")
        }
        return (host, port, user, database)
    }

    func testBenchConnectors_loadsTheSameDataIntoItsOwnSchemaAndMeasuresPostgres() throws {
        let (host, port, user, database) = try server()
        let scratch = ScratchRoot()
        let output = try DMExecutable.run(
            [
                "bench", "connectors", "--rows", "2", "--dir", scratch.path, "--set", "host=\(host)", "--set",
                "port=\(port)", "--set", "database=\(database)", "--set", "user=\(user)", "--password-env",
                "DM_TEST_PG_PASSWORD",
            ])
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("postgres    loaded the same dump with psql") }, output.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("postgres ") && $0.contains("rows/s") }, output.stdout)
        XCTAssertTrue(output.stdout.contains("identical across connectors"), output.stdout)
        // Its schema is gone afterwards: a check of it finds no table.
        let loaded = try XCTUnwrap(lines.first { $0.hasPrefix("postgres    loaded") })
        let schema = try XCTUnwrap(loaded.split(separator: " ").first { $0.hasPrefix("dm_bench_") })
        let check = try DMExecutable.run(
            [
                "connectors", "check", "--connector", "postgres", "--set", "host=\(host)", "--set", "port=\(port)",
                "--set", "database=\(database)", "--set", "user=\(user)", "--set", "schema=\(schema)",
                "--password-env", "DM_TEST_PG_PASSWORD",
            ])
        XCTAssertNotEqual(check.status, 0, "the bench's schema was dropped: \(check.stdout)")
        XCTAssertTrue(check.stdout.contains("0 tables"), check.stdout)
    }

    func testLifecycle_throughPostgresEqualsTheCSVRunOfTheSameData() throws {
        let (host, port, user, database) = try server()
        let environment = ProcessInfo.processInfo.environment
        let csv = try XCTUnwrap(environment["DM_TEST_PG_SOURCE_CSV"], "DM_TEST_PG_SOURCE_CSV must be set too")
        let password = environment["DM_TEST_PG_PASSWORD"] ?? ""

        let csvRoot = ScratchRoot()
        let csvRun = try DMExecutable.run(
            ["lifecycle", "--root", csvRoot.path, "--connector", "csv", "--source-dir", csv, "--quiet"] + Self.brief)
        XCTAssertTrue([0, 3].contains(csvRun.status), csvRun.stderr)

        let root = ScratchRoot()
        let run = try DMExecutable.run(
            [
                "lifecycle", "--root", root.path, "--connector", "postgres", "--set", "host=\(host)", "--set",
                "port=\(port)", "--set", "database=\(database)", "--set", "user=\(user)", "--password-env",
                "DM_TEST_PG_PASSWORD", "--quiet",
            ] + Self.brief)
        XCTAssertEqual(run.status, csvRun.status, run.stderr)
        XCTAssertFalse(run.stdout.contains(password) || run.stderr.contains(password))
        XCTAssertFalse(try String(contentsOfFile: root.ledgerPath, encoding: .utf8).contains(password))

        let (expected, csvConnector) = try extract(csvRoot)
        let (actual, connector) = try extract(root)
        XCTAssertEqual(csvConnector, "csv")
        XCTAssertEqual(connector, "postgres")
        XCTAssertEqual(actual.artifacts.count, 34)
        XCTAssertEqual(actual.artifacts, expected.artifacts, "per-table sha256 of the staged extract")
        XCTAssertEqual(actual.rows, expected.rows, "per-table row counts")
        XCTAssertGreaterThan(actual.rows["PATIENT_MASTER"] ?? 0, 0)
        let targets = try targetTables(root)
        XCTAssertEqual(targets.count, 37)
        XCTAssertEqual(targets, try targetTables(csvRoot), "target tables")
        let completed = try XCTUnwrap(
            try events(root).last { $0.type == "step.completed" && $0.data["step"]?.stringValue == "extract" })
        XCTAssertEqual(completed.data["counts"]?["connector_settings"]?["password"]?.stringValue, "set")
        XCTAssertEqual(completed.data["counts"]?["connector_settings"]?["database"]?.stringValue, database)

        // The dm connectors commands reach the same server with the password from the environment.
        let settings = [
            "--connector", "postgres", "--set", "host=\(host)", "--set", "port=\(port)", "--set",
            "database=\(database)",
            "--set", "user=\(user)", "--password-env", "DM_TEST_PG_PASSWORD",
        ]
        let check = try DMExecutable.run(["connectors", "check"] + settings)
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("34 tables"), check.stdout)
        let discover = try DMExecutable.run(["connectors", "discover", "--json"] + settings)
        XCTAssertEqual(discover.status, 0, discover.stderr)
        XCTAssertEqual(try JSONValue(parsing: Array(discover.stdout.utf8)).arrayValue?.count, 34)
        let preview = try DMExecutable.run(["connectors", "preview", "WARD", "--limit", "2", "--json"] + settings)
        XCTAssertEqual(preview.status, 0, preview.stderr)
        XCTAssertEqual(try JSONValue(parsing: Array(preview.stdout.utf8))["rows"]?.arrayValue?.count, 2)
        for output in [check, discover, preview] {
            XCTAssertFalse(output.stdout.contains(password) || output.stderr.contains(password))
        }
        let crafted = try DMExecutable.run(["connectors", "preview", "ward\"; DROP TABLE ward; --"] + settings)
        XCTAssertEqual(crafted.status, 1, crafted.stderr)
        XCTAssertTrue(crafted.stderr.contains("no table"), crafted.stderr)
    }
}
