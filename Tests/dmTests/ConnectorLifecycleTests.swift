import EventStore
import Foundation
import XCTest

/// `dm lifecycle --connector …` end to end: the same mock PAS through each connector, bad sources, and the
/// `dm connectors` commands.
final class ConnectorLifecycleTests: XCTestCase {
    static let brief = LifecycleTests.brief

    private func events(_ root: ScratchRoot) throws -> [LedgerEvent] {
        try Ledger(directory: root.path + "/events").events(from: 1, limit: .max)
    }

    /// The extract step's `step.completed`: its artifacts (path → sha256) and counts.
    private func extractRecord(_ root: ScratchRoot) throws -> (artifacts: [String: String], connector: String?) {
        let completed = try XCTUnwrap(
            try events(root).last { $0.type == "step.completed" && $0.data["step"]?.stringValue == "extract" })
        var artifacts: [String: String] = [:]
        for artifact in completed.data["artifacts"]?.arrayValue ?? [] {
            artifacts[artifact["path"]?.stringValue ?? ""] = artifact["sha256"]?.stringValue
        }
        return (artifacts, completed.data["counts"]?["connector"]?.stringValue)
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

    func testParity_sameMockThroughEachConnectorGivesTheSameExtractAndTargets() throws {
        var records: [String: (artifacts: [String: String], connector: String?)] = [:]
        var targets: [String: [String: Data]] = [:]
        for connector in ["csv", "cache_iris_emulator", "postgres_emulator"] {
            let root = ScratchRoot()
            let output = try DMExecutable.run(
                ["lifecycle", "--root", root.path, "--connector", connector, "--quiet"] + Self.brief)
            XCTAssertEqual(output.status, 0, "\(connector): \(output.stderr)")
            records[connector] = try extractRecord(root)
            targets[connector] = try targetTables(root)
            if connector == "cache_iris_emulator" {
                XCTAssertTrue(
                    FileManager.default.fileExists(atPath: root.path + "/mock_data/source/cache/pas_globals.json"))
            }
            if connector == "postgres_emulator" {
                XCTAssertTrue(
                    FileManager.default.fileExists(atPath: root.path + "/mock_data/source/postgres/pas_dump.sql"))
            }
        }
        let csv = try XCTUnwrap(records["csv"])
        XCTAssertEqual(csv.artifacts.count, 34)
        XCTAssertEqual(csv.connector, "csv")
        for connector in ["cache_iris_emulator", "postgres_emulator"] {
            XCTAssertEqual(records[connector]?.connector, connector)
            XCTAssertEqual(records[connector]?.artifacts, csv.artifacts, "\(connector): per-table hashes")
            XCTAssertEqual(targets[connector], targets["csv"], "\(connector): target tables")
        }
        XCTAssertEqual(targets["csv"]?.count, 37)
    }

    func testBadSource_failsTheExtractNamingFileLineAndColumnAndLeavesTheOldExtract() throws {
        // The good run (through the globals) also leaves the mock's ZWRITE export to damage; a second root gives
        // the dump.
        let root = ScratchRoot()
        let good = try DMExecutable.run(
            ["lifecycle", "--root", root.path, "--connector", "cache_iris_emulator", "--quiet"] + Self.brief)
        XCTAssertEqual(good.status, 0, good.stderr)
        let other = ScratchRoot()
        let dumped = try DMExecutable.run(
            ["lifecycle", "--root", other.path, "--connector", "postgres_emulator", "--quiet"] + Self.brief)
        XCTAssertEqual(dumped.status, 0, dumped.stderr)
        let staged = root.path + "/mock_data/source/csv"
        let before = try Data(contentsOf: URL(fileURLWithPath: staged + "/PATIENT_MASTER.csv"))
        let cases: [(String, String, String, (String) -> String, String)] = [
            (
                "cache_iris_emulator", root.path + "/mock_data/source/cache", "PATIENT_MASTER.zwr",
                { "^PATIENTMASTER(1)=\"unterminated\n" + $0 }, ":1:32: the string opened at column 19"
            ),
            (
                "postgres_emulator", other.path + "/mock_data/source/postgres", "pas_dump.sql",
                { $0.replacingOccurrences(of: "\tAsh Ward\t", with: "\tAsh \\q Ward\t") }, "unknown escape \\q"
            ),
        ]
        for (connector, folder, file, damage, message) in cases {
            let source = ScratchRoot()
            try FileManager.default.removeItem(atPath: source.path)
            try FileManager.default.copyItem(atPath: folder, toPath: source.path)
            let path = source.path + "/" + file
            try damage(try String(contentsOfFile: path, encoding: .utf8)).write(
                toFile: path, atomically: true, encoding: .utf8)
            let output = try DMExecutable.run(
                ["lifecycle", "--root", root.path, "--connector", connector, "--source-dir", source.path] + Self.brief)
            XCTAssertEqual(output.status, 1, "\(connector): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(path), "\(connector): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(message), "\(connector): \(output.stderr)")
            let failed = try XCTUnwrap(try events(root).last { $0.type == "step.failed" })
            XCTAssertEqual(failed.data["step"]?.stringValue, "extract")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: staged + "/PATIENT_MASTER.csv")), before)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: staged).filter { !$0.hasSuffix(".csv") }
            XCTAssertEqual(leftovers, [], connector)
        }
    }

    func testBenchConnectors_readsTheSameDataThroughEachAndChecksParity() throws {
        let scratch = ScratchRoot()
        let output = try DMExecutable.run(["bench", "connectors", "--rows", "3", "--dir", scratch.path])
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n")
        for name in ["csv ", "cache_iris_emulator ", "postgres_emulator "] {
            XCTAssertTrue(lines.contains { $0.hasPrefix(name) && $0.contains("rows/s") }, output.stdout)
        }
        XCTAssertTrue(output.stdout.contains("identical across connectors"), output.stdout)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0 != "events" }, [],
            "the scratch data is removed")
    }

    func testLifecycleSettings_areRecordedWithTheSecretOnlyAsSet() throws {
        let secret = "S3cret-in-no-event"
        let refused = ScratchRoot()
        let output = try DMExecutable.run(
            [
                "lifecycle", "--root", refused.path, "--connector", "postgres", "--set", "database=pas", "--set",
                "user=migrator", "--set", "password=\(secret)", "--set", "port=1",
            ] + Self.brief)
        // Nothing listens on port 1: the extract fails naming the server, and nothing shows the password.
        XCTAssertEqual(output.status, 1, output.stderr)
        XCTAssertTrue(output.stderr.contains("postgres migrator@127.0.0.1:1/pas"), output.stderr)
        XCTAssertFalse(output.stderr.contains(secret), output.stderr)
        let ledger = try String(contentsOfFile: refused.ledgerPath, encoding: .utf8)
        XCTAssertFalse(ledger.contains(secret))
        let started = try XCTUnwrap(try events(refused).first { $0.type == "run.started" })
        XCTAssertEqual(
            started.data["parameters"]?["connector_settings"]?["password"]?.stringValue, "set", "\(started.data)")

        let root = ScratchRoot()
        let run = try DMExecutable.run(
            ["lifecycle", "--root", root.path, "--connector", "postgres_emulator", "--set", "schema=public", "--quiet"]
                + Self.brief)
        XCTAssertEqual(run.status, 0, run.stderr)
        let completed = try XCTUnwrap(
            try events(root).last { $0.type == "step.completed" && $0.data["step"]?.stringValue == "extract" })
        XCTAssertEqual(completed.data["counts"]?["connector_settings"]?["schema"]?.stringValue, "public")
        let unknown = try DMExecutable.run(["lifecycle", "--root", root.path, "--set", "colour=red"] + Self.brief)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown setting 'colour' for connector csv"), unknown.stderr)
    }

    func testUnavailableConnector_isAUsageError() throws {
        let root = ScratchRoot()
        let output = try DMExecutable.run(["lifecycle", "--root", root.path, "--connector", "odbc"] + Self.brief)
        XCTAssertEqual(output.status, 2, output.stderr)
        XCTAssertTrue(output.stderr.contains("not available in this build"), output.stderr)
        let folder = try DMExecutable.run(
            ["lifecycle", "--root", root.path, "--connector", "postgres", "--source-dir", root.path] + Self.brief)
        XCTAssertEqual(folder.status, 2, folder.stderr)
        XCTAssertTrue(folder.stderr.contains("connector postgres reads a server"), folder.stderr)
        XCTAssertTrue(folder.stderr.contains("--set database=…"), folder.stderr)
    }

    func testConnectorsCommands_typesCheckDiscoverPreview() throws {
        let types = try DMExecutable.run(["connectors", "types", "--json"])
        XCTAssertEqual(types.status, 0, types.stderr)
        let listed = try JSONValue(parsing: Array(types.stdout.utf8))
        XCTAssertEqual(
            listed.arrayValue?.compactMap { $0["name"]?.stringValue },
            ["csv", "cache_iris_emulator", "postgres_emulator", "postgres", "odbc", "jdbc"])

        let root = ScratchRoot()
        XCTAssertEqual(
            try DMExecutable.run(
                ["lifecycle", "--root", root.path, "--connector", "postgres_emulator", "--quiet"] + Self.brief
            ).status, 0)
        let dump = root.path + "/mock_data/source/postgres/pas_dump.sql"
        let check = try DMExecutable.run([
            "connectors", "check", "--connector", "postgres_emulator", "--dump-file", dump,
        ])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("34 tables"), check.stdout)
        let discover = try DMExecutable.run(
            [
                "connectors", "discover", "--connector", "cache_iris_emulator", "--set",
                "directory=\(root.path)/mock_data/source/csv", "--json",
            ])
        XCTAssertNotEqual(discover.status, 0, "the csv folder has no globals description")
        XCTAssertTrue(discover.stderr.contains("pas_globals.json"), discover.stderr)
        let preview = try DMExecutable.run(
            [
                "connectors", "preview", "WARD", "--limit", "2", "--connector", "csv", "--directory",
                root.path + "/mock_data/source/csv", "--json",
            ])
        XCTAssertEqual(preview.status, 0, preview.stderr)
        let rows = try JSONValue(parsing: Array(preview.stdout.utf8))["rows"]?.arrayValue
        XCTAssertEqual(rows?.count, 2)
    }

    func testConnectorsCheck_neverPrintsTheSecret() throws {
        let secret = "Tr0ub4dor-secret"
        for extra in [["--set", "password=\(secret)"], ["--set", "password=\(secret)", "--set", "port=x"]] {
            let output = try DMExecutable.run(
                [
                    "connectors", "check", "--connector", "postgres", "--set", "database=pas", "--set", "user=migrator",
                    "--set", "port=1", "--json",
                ] + extra)
            XCTAssertFalse(output.stdout.contains(secret), output.stdout)
            XCTAssertFalse(output.stderr.contains(secret), output.stderr)
            XCTAssertNotEqual(output.status, 0, output.stderr)
            if extra.count == 2 {
                // Nothing listens on port 1: a connection error naming the server, not the password.
                XCTAssertTrue(output.stderr.contains("migrator@127.0.0.1:1/pas"), output.stderr)
            } else {
                XCTAssertTrue(output.stderr.contains("port"), output.stderr)
            }
        }
    }
}
