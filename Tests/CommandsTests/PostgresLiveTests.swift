import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// The `postgres` source against a real server: `.ci/postgres.sh` starts one, loads the generator's `pas_dump.sql`
/// into it (lower-case tables, `public.patient_master`) and sets `DM_TEST_PG_*`, with `DM_TEST_PG_SOURCE_CSV`
/// naming the CSV extract that dump was written from. Without those variables (a plain local `swift test`) every
/// test here is skipped. The reader matches table names exactly; the connector ignores case.
final class PostgresLiveTests: XCTestCase {
    private var settings = PostgresSourceSettings(database: "", user: "", password: "")
    /// The generated CSV extract the server was loaded from.
    private var sourceCSV = URL(fileURLWithPath: "/nonexistent")

    override func setUpWithError() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["DM_TEST_PG_HOST"], let port = environment["DM_TEST_PG_PORT"].flatMap(Int.init),
            let user = environment["DM_TEST_PG_USER"], let password = environment["DM_TEST_PG_PASSWORD"],
            let database = environment["DM_TEST_PG_DATABASE"]
        else {
            throw XCTSkip("DM_TEST_PG_* not set: run .ci/postgres.sh for the live PostgreSQL tests")
        }
        // The server is there, so a missing extract is a broken setup, not a reason to skip.
        let csv = try XCTUnwrap(
            environment["DM_TEST_PG_SOURCE_CSV"],
            "DM_TEST_PG_SOURCE_CSV must name the CSV extract loaded into the server")
        settings = PostgresSourceSettings(
            host: host, port: port, database: database, user: user, password: password, connectTimeout: 10,
            readTimeout: 30)
        sourceCSV = URL(fileURLWithPath: csv)
    }

    func testCheck_connectsWithSCRAMReadOnly() throws {
        let check = try PostgresSourceReader(settings: settings).check()
        XCTAssertTrue(check.readOnly)
        XCTAssertEqual(check.tableCount, SourceModel.mockPAS.tables.count)
        XCTAssertTrue(check.serverVersion.first?.isNumber == true, check.serverVersion)
        XCTAssertEqual(check.settings["password"], "set")
        XCTAssertFalse(check.settings.values.contains(settings.password))
    }

    func testDiscover_matchesTheSourceModelAndTheExtract() throws {
        let tables = try PostgresSourceReader(settings: settings).discover()
        XCTAssertEqual(tables.map(\.name).sorted(), SourceModel.mockPAS.tables.map { $0.name.lowercased() }.sorted())
        for model in SourceModel.mockPAS.tables {
            let table = try XCTUnwrap(tables.first { $0.name == model.name.lowercased() })
            XCTAssertEqual(table.columns.map { $0.name.uppercased() }, model.columns.map(\.name), model.name)
            XCTAssertEqual(table.primaryKey.map { $0.uppercased() }, model.primaryKey, model.name)
            XCTAssertEqual(table.rowCount, try csvRows(model.name).count, model.name)
        }
    }

    func testPreview_returnsTheFirstRowsInKeyOrder() throws {
        let preview = try PostgresSourceReader(settings: settings).preview(table: "patient_master", limit: 3)
        XCTAssertEqual(
            preview.columns.map { $0.uppercased() },
            SourceModel.mockPAS.table(named: "PATIENT_MASTER")?.columns.map(\.name))
        XCTAssertEqual(preview.rows.count, 3)
        let keys = preview.rows.compactMap { $0.first ?? nil }.compactMap { Int($0) }
        XCTAssertEqual(keys.count, 3, "INTERNAL_NO is an integer key")
        XCTAssertEqual(keys, keys.sorted())
    }

    func testRead_everyTableEqualsTheGeneratedCSV() throws {
        var reader = try PostgresSourceReader(settings: settings)
        reader.matchesTableNamesIgnoringCase = true
        for table in SourceModel.mockPAS.tables {
            var rows: [[String]] = []
            let count = try reader.read(table: table.name) { rows.append($0.map { $0 ?? "" }) }
            let expected = try csvRows(table.name)
            XCTAssertEqual(count, expected.count, table.name)
            XCTAssertEqual(try Self.contentHash(rows), try Self.contentHash(expected), table.name)
        }
    }

    func testOpenRows_pullsRowsAndCloses() throws {
        let stream = try PostgresSourceReader(settings: settings).openRows(table: "ward")
        XCTAssertEqual(
            stream.columns.map { $0.uppercased() }, SourceModel.mockPAS.table(named: "WARD")?.columns.map(\.name))
        var count = 0
        while try stream.next() != nil { count += 1 }
        XCTAssertEqual(count, try csvRows("WARD").count)
        XCTAssertNil(try stream.next())
    }

    func testWrongPassword_isAClearAuthErrorWithoutTheSecret() throws {
        var wrong = settings
        wrong.password = "not-the-password-\(UUID().uuidString)"
        XCTAssertThrowsError(try PostgresSourceReader(settings: wrong).check()) { error in
            let error = error as? PostgresError
            XCTAssertEqual(error?.code, .authenticationFailed)
            XCTAssertEqual(error?.sqlState, "28P01")
            XCTAssertTrue(
                error?.message.contains("password authentication failed") == true, "\(String(describing: error))")
            XCTAssertFalse("\(String(describing: error))".contains(wrong.password))
            XCTAssertFalse("\(String(describing: error))".contains(settings.password))
        }
    }

    func testUnknownTable_isRefusedBeforeAnySQLUsesIt() throws {
        // The reader matches exactly: the model's upper-case name is not the server's lower-case table.
        XCTAssertThrowsError(try PostgresSourceReader(settings: settings).preview(table: "PATIENT_MASTER", limit: 1)) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .unknownTable)
            XCTAssertNil(($0 as? PostgresError)?.serverNotice)
            XCTAssertTrue("\($0)".contains("no table \"PATIENT_MASTER\""), "\($0)")
        }
        var ignoringCase = try PostgresSourceReader(settings: settings)
        ignoringCase.matchesTableNamesIgnoringCase = true
        XCTAssertEqual(try ignoringCase.preview(table: "PATIENT_MASTER", limit: 1).rows.count, 1)
        XCTAssertThrowsError(try ignoringCase.preview(table: "PATIENT_MASTERS", limit: 1)) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .unknownTable)
        }
    }

    func testCraftedTableName_isRefusedAndTheTableIsUnchanged() throws {
        let reader = try PostgresSourceReader(settings: settings)
        let before = try tableState(reader, "patient_master")
        for crafted in Self.craftedNames {
            XCTAssertThrowsError(try reader.read(table: crafted) { _ in XCTFail("a row came back") }, crafted) {
                XCTAssertEqual(($0 as? PostgresError)?.code, .unknownTable, crafted)
            }
        }
        XCTAssertEqual(try tableState(reader, "patient_master"), before)
        XCTAssertEqual(try reader.discover().count, SourceModel.mockPAS.tables.count)
    }

    func testWriteInsideTheSession_isRefusedByTheServer() throws {
        let reader = try PostgresSourceReader(settings: settings)
        let before = try tableState(reader, "patient_master")
        // The test-only path: the session's own connection, as if a bug in the connector sent a write.
        let session = try PostgresReadOnlySession(settings: settings)
        defer { session.close() }
        XCTAssertThrowsError(try session.connection.simpleQuery("DELETE FROM public.patient_master")) {
            XCTAssertEqual(($0 as? PostgresError)?.sqlState, "25006", "\($0)")
        }
        // A fresh transaction in the same session is read-only too: SET SESSION CHARACTERISTICS.
        _ = try session.connection.simpleQuery("ROLLBACK")
        _ = try session.connection.simpleQuery("BEGIN")
        XCTAssertThrowsError(
            try session.connection.startQuery("UPDATE public.patient_master SET surname = $1", parameters: ["X"])
        ) {
            XCTAssertEqual(($0 as? PostgresError)?.sqlState, "25006", "\($0)")
            XCTAssertEqual(($0 as? PostgresError)?.serverNotice?.severity, "ERROR")
        }
        _ = try session.connection.simpleQuery("ROLLBACK")
        XCTAssertEqual(try tableState(reader, "patient_master"), before)
    }

    func testSharedSnapshot_laterSessionsSeeTheDatabaseAsOfTheExport() throws {
        // A schema of its own, so the other tests' tables stay as the dump left them.
        let writer = try PostgresConnection.connect(settings.connectionConfiguration)
        defer { writer.close() }
        _ = try writer.simpleQuery("DROP SCHEMA IF EXISTS snapshot_probe CASCADE")
        _ = try writer.simpleQuery("CREATE SCHEMA snapshot_probe")
        defer { _ = try? writer.simpleQuery("DROP SCHEMA snapshot_probe CASCADE") }
        _ = try writer.simpleQuery("CREATE TABLE snapshot_probe.probe (id integer PRIMARY KEY)")
        _ = try writer.simpleQuery("INSERT INTO snapshot_probe.probe VALUES (1)")
        var probeSettings = settings
        probeSettings.schema = "snapshot_probe"
        let reader = try PostgresSourceReader(settings: probeSettings)
        func ids(_ reader: PostgresSourceReader) throws -> [String] {
            var ids: [String] = []
            try reader.read(table: "probe") { ids.append($0[0] ?? "") }
            return ids
        }
        try reader.withSharedSnapshot { shared in
            XCTAssertNotNil(shared.snapshot)
            XCTAssertEqual(try ids(shared), ["1"])
            _ = try writer.simpleQuery("INSERT INTO snapshot_probe.probe VALUES (2)")
            XCTAssertEqual(try ids(shared), ["1"], "a new session on the shared snapshot does not see the later insert")
            XCTAssertEqual(try ids(reader), ["1", "2"], "a session on a snapshot of its own does")
        }
        XCTAssertThrowsError(try PostgresReadOnlySession(settings: probeSettings, snapshot: "1'; DROP TABLE x; --")) {
            XCTAssertTrue("\($0)".contains("not a snapshot id"), "\($0)")
        }
        XCTAssertEqual(try ids(reader), ["1", "2"])
    }

    func testSlowStatement_isCancelledOnTimeoutAndTheSessionGoesOn() throws {
        var quick = settings
        quick.readTimeout = 0.5
        let session = try PostgresReadOnlySession(settings: quick)
        defer { session.close() }
        XCTAssertThrowsError(try session.connection.query("SELECT pg_sleep(30)")) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .timedOut, "\($0)")
            XCTAssertEqual(($0 as? PostgresError)?.sqlState, "57014", "\($0)")
        }
        // The cancelled statement aborted the read-only transaction; the connection itself is still usable.
        XCTAssertEqual(session.connection.state, .ready)
        _ = try session.connection.simpleQuery("ROLLBACK")
        XCTAssertEqual(try session.connection.query("SELECT 1"), [["1"]])
    }

    func testNotices_reachTheHandlerWithSeverityAndSQLState() throws {
        let received = UnsafeSendableBox<[PostgresServerNotice]>([])
        let session = try PostgresReadOnlySession(settings: settings) { received.value.append($0) }
        defer { session.close() }
        // DO runs in the read-only transaction: RAISE writes nothing.
        _ = try session.connection.simpleQuery(
            "DO $$ BEGIN RAISE WARNING 'dm notice test' USING ERRCODE = '01000'; END $$")
        XCTAssertEqual(received.value.map(\.message), ["dm notice test"])
        XCTAssertEqual(received.value.first?.severity, "WARNING")
        XCTAssertEqual(received.value.first?.sqlState, "01000")
    }

    func testSession_readsTextAsUTF8WithISODatesInUTC() throws {
        let session = try PostgresReadOnlySession(settings: settings)
        defer { session.close() }
        XCTAssertEqual(session.connection.serverParameters["client_encoding"], "UTF8")
        XCTAssertEqual(session.connection.serverParameters["TimeZone"], "UTC")
        XCTAssertEqual(session.connection.serverParameters["DateStyle"], "ISO, YMD")
        XCTAssertEqual(
            try session.connection.query("SELECT timestamptz '2024-06-01 12:00:00+01', date '2024-02-29', 'Zoë'"),
            [["2024-06-01 11:00:00+00", "2024-02-29", "Zoë"]])
    }

    func testManyRows_streamThroughSmallBuffers() throws {
        let session = try PostgresReadOnlySession(settings: settings)
        defer { session.close() }
        let columns = try session.connection.startQuery(
            "SELECT g, repeat('x', 50) FROM generate_series(1, $1::int) g", parameters: ["50000"])
        XCTAssertEqual(columns.map(\.typeOID), [23, 25])
        var count = 0
        var last = ""
        while let row = try session.connection.nextRow() {
            count += 1
            last = row[0] ?? ""
        }
        XCTAssertEqual(count, 50000)
        XCTAssertEqual(last, "50000")
    }

    // MARK: - Helpers

    /// Table names built to run a write if they were ever spliced into SQL.
    static let craftedNames = [
        "patient_master; DELETE FROM patient_master", "patient_master\"; DELETE FROM \"patient_master",
        "patient_master\" WHERE false; DROP TABLE \"ward\"; --",
        "ward\"; CREATE TABLE public.dm_canary (x int); --",
    ]

    private func csvRows(_ table: String) throws -> [[String]] {
        let reader = try CSVReader(url: sourceCSV.appendingPathComponent("\(table).csv"))
        defer { reader.close() }
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    /// Row count and content hash of `table` as the connector reads it.
    private func tableState(_ reader: PostgresSourceReader, _ table: String) throws -> [String] {
        var rows: [[String]] = []
        try reader.read(table: table) { rows.append($0.map { $0 ?? "" }) }
        return [String(rows.count), try Self.contentHash(rows)]
    }

    /// SHA-256 over the rows in a canonical order (each row as JSON, sorted), so order on either side does not matter.
    private static func contentHash(_ rows: [[String]]) throws -> String {
        let encoder = JSONEncoder()
        let lines = try rows.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.sorted()
        return SHA256.hash(Array(lines.joined(separator: "\n").utf8)).hex
    }
}
