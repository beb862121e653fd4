import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// The `postgres` connector (the `SourceConnector` adapter over the reader) against the server `.ci/postgres.sh`
/// starts and loads from the generator's `pas_dump.sql`: parity with the `csv` connector over the CSV extract that
/// dump was written from (`DM_TEST_PG_SOURCE_CSV`), read-only refusals through the connector API, and its errors.
/// Skipped without `DM_TEST_PG_*`.
final class PostgresConnectorLiveTests: XCTestCase {
    private var values: [String: String] = [:]
    private var sourceCSV = URL(fileURLWithPath: "/nonexistent")
    private var scratch: URL!

    override func setUpWithError() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["DM_TEST_PG_HOST"], let port = environment["DM_TEST_PG_PORT"],
            let user = environment["DM_TEST_PG_USER"], let password = environment["DM_TEST_PG_PASSWORD"],
            let database = environment["DM_TEST_PG_DATABASE"]
        else {
            throw XCTSkip("DM_TEST_PG_* not set: run .ci/postgres.sh for the live PostgreSQL tests")
        }
        let csv = try XCTUnwrap(
            environment["DM_TEST_PG_SOURCE_CSV"],
            "DM_TEST_PG_SOURCE_CSV must name the CSV extract loaded into the server")
        values = ["host": host, "port": port, "user": user, "password": password, "database": database]
        sourceCSV = URL(fileURLWithPath: csv)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pg-connector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    private func postgres(_ changes: [String: String] = [:]) throws -> any SourceConnector {
        try ConnectorRegistry.standard.connector(
            named: "postgres", settings: values.merging(changes) { _, changed in changed })
    }

    private func files(in directory: URL) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            contents[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return contents
    }

    func testCheckDiscoverColumns_throughTheRegistry() throws {
        let connector = try postgres()
        XCTAssertTrue(connector is PostgresSourceConnector)
        let check = try connector.check()
        XCTAssertTrue(check.ok, check.message)
        XCTAssertEqual(check.tables, SourceModel.mockPAS.tables.count)
        XCTAssertTrue(check.message.contains("session read-only"), check.message)
        XCTAssertFalse(check.message.contains(values["password"] ?? "?"))
        let tables = try connector.discover()
        XCTAssertEqual(tables.count, SourceModel.mockPAS.tables.count)
        let patients = try XCTUnwrap(tables.first { $0.name == "patient_master" })
        XCTAssertEqual(patients.primaryKey, ["internal_no"])
        XCTAssertEqual(patients.columns.first?.type, "integer")
        // The model's upper-case names find the server's lower-case tables.
        XCTAssertEqual(
            try connector.columns(of: "PATIENT_MASTER").map { $0.name.uppercased() },
            SourceModel.mockPAS.table(named: "PATIENT_MASTER")?.columns.map(\.name))
        XCTAssertEqual(try connector.columns(of: "Patient_Master").count, patients.columns.count)
        let preview = try connector.preview(table: "WARD", limit: 2)
        XCTAssertEqual(preview.rows.count, 2)
        XCTAssertTrue(connector.location(of: "WARD").contains("/\(values["database"] ?? "")"))
    }

    /// Issue 7's parity: the extract staged through `postgres` is byte for byte the one staged through `csv`.
    func testParity_stagedExtractEqualsTheCSVConnectorsByteForByte() throws {
        let csv = try ConnectorRegistry.standard.connector(named: "csv", settings: ["directory": sourceCSV.path])
        var staged: [String: [String: Data]] = [:]
        var records: [String: [GeneratedTable]] = [:]
        for (name, connector) in [("csv", csv), ("postgres", try postgres())] {
            let destination = scratch.appendingPathComponent("staged-\(name)")
            records[name] = try SourceExtract(connector: connector, model: .mockPAS).run(into: destination)
            staged[name] = try files(in: destination)
        }
        let fromCSV = try XCTUnwrap(records["csv"])
        let fromPostgres = try XCTUnwrap(records["postgres"])
        XCTAssertEqual(fromPostgres.map(\.name), SourceModel.mockPAS.tables.map(\.name))
        XCTAssertEqual(fromPostgres.map(\.rows), fromCSV.map(\.rows), "row counts per table")
        XCTAssertEqual(fromPostgres.map(\.bytes), fromCSV.map(\.bytes), "bytes per table")
        XCTAssertGreaterThan(fromCSV.first { $0.name == "PATIENT_MASTER" }?.rows ?? 0, 0)
        for (file, data) in try XCTUnwrap(staged["csv"]) {
            let other = try XCTUnwrap(staged["postgres"]?[file], file)
            XCTAssertEqual(SHA256.hash(Array(other)).hex, SHA256.hash(Array(data)).hex, file)
            XCTAssertEqual(other, data, file)
        }
        XCTAssertEqual(staged["postgres"]?.count, staged["csv"]?.count)
        XCTAssertEqual(staged["csv"], try files(in: sourceCSV), "the csv connector re-stages the generator's bytes")
        // discover's exact counts agree with the rows read.
        let counts = Dictionary(uniqueKeysWithValues: try postgres().discover().map { ($0.name.uppercased(), $0.rows) })
        XCTAssertEqual(counts, Dictionary(uniqueKeysWithValues: fromCSV.map { ($0.name, $0.rows) }))
    }

    /// Issue 7's read-only acceptance through the connector API: a crafted table name is refused before any SQL
    /// mentions it, a crafted schema is only ever a bind parameter, and the tables are unchanged afterwards.
    func testCraftedNames_areRefusedByTheConnectorAndNothingChanges() throws {
        let connector = try postgres()
        let before = try state(connector)
        for crafted in PostgresLiveTests.craftedNames + ["SELECT * FROM patient_master", "patient_master --"] {
            XCTAssertThrowsError(try connector.read(table: crafted) { _ in XCTFail("a row came back") }, crafted) {
                let error = $0 as? ConnectorError
                XCTAssertEqual(error?.code, .unknownTable, "\($0)")
                XCTAssertFalse(error?.message.contains("SQLSTATE") == true, "the server never saw it: \($0)")
            }
            XCTAssertThrowsError(try connector.columns(of: crafted), crafted) {
                XCTAssertEqual(($0 as? ConnectorError)?.code, .unknownTable, "\($0)")
            }
            XCTAssertThrowsError(try connector.preview(table: crafted, limit: 1), crafted)
        }
        // A crafted schema setting is a bind parameter of the catalog queries: it names no schema, so no table.
        let craftedSchema = try postgres(["schema": "public'; CREATE TABLE public.dm_canary (x int); --"])
        XCTAssertEqual(try craftedSchema.check().tables, 0)
        XCTAssertThrowsError(try craftedSchema.read(table: "patient_master") { _ in }) {
            XCTAssertEqual(($0 as? ConnectorError)?.code, .unknownTable, "\($0)")
        }
        XCTAssertEqual(try state(connector), before, "every table unchanged, and no dm_canary table")
    }

    func testErrors_areClearCodesWithoutTheSecret() throws {
        let wrong = "wrong-\(UUID().uuidString)"
        let cases: [([String: String], ConnectorError.Code, String)] = [
            (["password": wrong], .authenticationFailed, "password authentication failed"),
            (["database": "dm_no_such_database"], .invalidSetting, "3D000"),
            (["port": "1"], .unreachable, "127.0.0.1:1"),
        ]
        for (changes, code, text) in cases {
            XCTAssertThrowsError(try postgres(changes).check(), "\(changes.keys)") { error in
                XCTAssertEqual((error as? ConnectorError)?.code, code, "\(error)")
                XCTAssertTrue("\(error)".contains(text), "\(error)")
                XCTAssertFalse("\(error)".contains(wrong), "\(error)")
                XCTAssertFalse("\(error)".contains(self.values["password"] ?? "?"), "\(error)")
            }
        }
        XCTAssertThrowsError(try postgres().read(table: "NO_SUCH_TABLE") { _ in }) {
            XCTAssertEqual(($0 as? ConnectorError)?.code, .unknownTable, "\($0)")
            XCTAssertTrue("\($0)".contains("NO_SUCH_TABLE"), "\($0)")
        }
    }

    /// Every table's name, row count and content hash as the connector reads it.
    private func state(_ connector: any SourceConnector) throws -> [String: String] {
        var state: [String: String] = [:]
        for table in try connector.discover() {
            var hasher = SHA256()
            let rows = try connector.read(table: table.name) { row in
                hasher.update(Array((row.joined(separator: "\u{1F}") + "\n").utf8))
            }
            state[table.name] = "\(rows) \(hasher.finalize().hex)"
        }
        return state
    }
}
