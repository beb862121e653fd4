import XCTest

@testable import Commands

/// Settings validation, secrecy, and the SQL the source builds; no server.
final class PostgresSourceSettingsTests: XCTestCase {
    private let secret = "Tr0ub4dor&3-not-for-logs"

    func testValues_defaultsAndRequired() throws {
        let settings = try PostgresSourceSettings(values: ["database": "pas", "user": "reader", "password": secret])
        XCTAssertEqual(settings.host, "127.0.0.1")
        XCTAssertEqual(settings.port, 5432)
        XCTAssertEqual(settings.schema, "public")
        XCTAssertEqual(settings.connectTimeout, 10)
        XCTAssertThrowsError(try PostgresSourceSettings(values: ["database": "pas", "user": "reader"])) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .invalidSettings)
            XCTAssertTrue("\($0)".contains("\"password\" is required"), "\($0)")
        }
    }

    func testValues_badValuesAreNamed() {
        let base = ["database": "pas", "user": "reader", "password": secret]
        let cases: [([String: String], String)] = [
            (["port": "0"], "port must be from 1 to 65535"),
            (["port": "fivefourthreetwo"], "port must be a number"),
            (["connect_timeout": "-1"], "connect_timeout must be more than 0"),
            (["read_timeout": "soon"], "read_timeout must be a number"),
            (["schema": ""], "schema must not be empty"),
            (["host": ""], "host must not be empty"),
            (["sslmode": "require"], "unknown setting(s) sslmode"),
            (["password": ""], "password must not be empty"),
        ]
        for (change, expected) in cases {
            let values = base.merging(change) { $1 }
            XCTAssertThrowsError(try PostgresSourceSettings(values: values), "\(change)") { error in
                XCTAssertEqual((error as? PostgresError)?.code, .invalidSettings)
                XCTAssertTrue("\(error)".contains(expected), "\(change): \(error)")
                XCTAssertFalse("\(error)".contains(secret))
            }
        }
    }

    func testSecret_neverShown() throws {
        let settings = try PostgresSourceSettings(values: ["database": "pas", "user": "reader", "password": secret])
        XCTAssertEqual(settings.publicValues["password"], "set")
        XCTAssertFalse(settings.publicValues.values.contains { $0.contains(secret) })
        XCTAssertFalse("\(settings)".contains(secret))
        XCTAssertFalse("\(settings.connectionConfiguration)".contains(secret))
        XCTAssertFalse(String(reflecting: settings.publicValues).contains(secret))
        XCTAssertFalse(String(reflecting: settings).contains(secret))
        XCTAssertFalse(String(reflecting: settings.connectionConfiguration).contains(secret))
        var dumped = ""
        dump(settings, to: &dumped)
        dump(settings.connectionConfiguration, to: &dumped)
        XCTAssertFalse(dumped.contains(secret), dumped)
        XCTAssertTrue(dumped.contains("password set"), dumped)
        XCTAssertEqual(PostgresSourceSettings.fields.filter(\.secret).map(\.name), ["password"])
    }

    func testIdentifiers_areQuotedWhateverTheyHold() {
        XCTAssertEqual(PostgresSourceStatements.quoted("PATIENT_MASTER"), "\"PATIENT_MASTER\"")
        XCTAssertEqual(
            PostgresSourceStatements.quoted("PATIENT\"; DELETE FROM \"PATIENT"),
            "\"PATIENT\"\"; DELETE FROM \"\"PATIENT\"")
    }

    func testSelect_ordersByPrimaryKeyAndLimitsByParameter() {
        let table = PostgresSourceTable(
            name: "WARD",
            columns: [
                .init(name: "WARD_CODE", dataType: "text", nullable: false),
                .init(name: "SITE\"X", dataType: "text", nullable: true),
            ], primaryKey: ["WARD_CODE"], rowCount: nil)
        XCTAssertEqual(
            PostgresSourceStatements.select(schema: "pas", table: table, limited: true),
            "SELECT \"WARD_CODE\", \"SITE\"\"X\" FROM \"pas\".\"WARD\" ORDER BY \"WARD_CODE\" LIMIT $1")
        XCTAssertEqual(
            PostgresSourceStatements.count(schema: "pas", table: table), "SELECT count(*) FROM \"pas\".\"WARD\"")
        // As stored (the connector's order, pg_dump's): no sort.
        XCTAssertEqual(
            PostgresSourceStatements.select(schema: "pas", table: table, limited: false, order: .storage),
            "SELECT \"WARD_CODE\", \"SITE\"\"X\" FROM \"pas\".\"WARD\"")
    }

    func testPreviewLimit_isChecked() throws {
        let reader = try PostgresSourceReader(
            settings: PostgresSourceSettings(port: 1, database: "pas", user: "reader", password: secret))
        XCTAssertThrowsError(try reader.preview(table: "WARD", limit: 0)) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .invalidSettings)
        }
    }

    func testSnapshotIds_onlyTheServersFormReachSQL() {
        XCTAssertEqual(
            PostgresSourceStatements.setSnapshot("00000003-0000001B-1"),
            "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'")
        for id in [
            "", "0000001B", "00000003-", "-1", "00000003-0000001B-1'", "1'; DROP TABLE x; --", "0003-00g1-1", "٣-1",
        ] {
            XCTAssertNil(PostgresSourceStatements.setSnapshot(id), id)
        }
    }
}
