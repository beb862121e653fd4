import Foundation
import XCTest

@testable import Commands

/// The registry as `GET /api/connectors/types` renders it, and settings validation with secrets kept out.
final class ConnectorRegistryTests: XCTestCase {
    private let registry = ConnectorRegistry.standard

    func testTypes_listTheBriefsConnectorsWithExperimentalFlags() {
        let types = registry.types
        XCTAssertEqual(
            types.map(\.name), ["csv", "cache_iris_emulator", "postgres_emulator", "postgres", "odbc", "jdbc"])
        XCTAssertEqual(types.filter(\.experimental).map(\.name), ["odbc", "jdbc"])
        XCTAssertEqual(registry.availableNames, ["csv", "cache_iris_emulator", "postgres_emulator", "postgres"])
        let postgres = types.first { $0.name == "postgres" }
        // One list: the type's settings are the reader's fields, in the same order with the same defaults.
        XCTAssertEqual(postgres?.settings.map(\.name), PostgresSourceSettings.fields.map(\.name))
        XCTAssertEqual(
            postgres?.settings.map(\.name),
            ["host", "port", "database", "user", "password", "schema", "connect_timeout", "read_timeout"])
        XCTAssertEqual(postgres?.settings.map(\.defaultValue), PostgresSourceSettings.fields.map(\.defaultValue))
        XCTAssertEqual(postgres?.settings.filter(\.required).map(\.name), ["database", "user", "password"])
        XCTAssertEqual(postgres?.settings.filter(\.secret).map(\.name), ["password"])
        XCTAssertEqual(postgres?.settings.first { $0.name == "port" }?.kind, .integer)
        XCTAssertEqual(postgres?.available, true)
        XCTAssertEqual(PostgresSourceConnector.type, postgres)
    }

    func testTypes_renderAsJSONForTheAPI() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(registry.types)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        XCTAssertEqual(json.count, 6)
        let odbc = try XCTUnwrap(json.first { $0["name"] as? String == "odbc" })
        XCTAssertEqual(odbc["experimental"] as? Bool, true)
        XCTAssertEqual(odbc["available"] as? Bool, false)
        let settings = try XCTUnwrap(odbc["settings"] as? [[String: Any]])
        XCTAssertEqual(settings.first?["name"] as? String, "dsn")
        XCTAssertEqual(settings.first { $0["name"] as? String == "password" }?["secret"] as? Bool, true)
        let csv = try XCTUnwrap(json.first { $0["name"] as? String == "csv" })
        XCTAssertEqual((csv["settings"] as? [[String: Any]])?.first?["kind"] as? String, "folder")
        XCTAssertEqual(try JSONDecoder().decode([ConnectorTypeDescription].self, from: data), registry.types)
    }

    func testSettings_areValidatedWithErrorsNamingTheSetting() {
        let cases: [(String, [String: String], String)] = [
            ("csv", [:], "needs the setting 'directory'"),
            ("csv", ["directory": "/nonexistent/folder"], "is not a folder"),
            ("csv", ["directory": "/tmp", "colour": "red"], "unknown setting 'colour'"),
            ("postgres", ["database": "pas", "user": "u", "port": "99999"], "at most 65535"),
            ("postgres", ["database": "pas", "user": "u", "port": "five"], "whole number"),
            ("postgres", ["user": "u"], "needs the setting 'database'"),
            ("postgres", ["database": "pas", "user": "u"], "needs the setting 'password'"),
            (
                "postgres", ["database": "pas", "user": "u", "password": "p", "read_timeout": "soon"],
                "read_timeout must be a number of seconds"
            ),
            ("postgres", ["database": "pas", "user": "u", "password": "p", "connect_timeout": "0"], "connect_timeout"),
            ("oracle", [:], "unknown connector 'oracle'"),
        ]
        for (name, settings, message) in cases {
            XCTAssertThrowsError(try registry.connector(named: name, settings: settings), message) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
                if name == "postgres" { XCTAssertEqual((error as? ConnectorError)?.code, .invalidSetting) }
            }
        }
    }

    func testSecrets_areShownOnlyAsSetOrUnset() throws {
        let secret = "S3cret-hunter2"
        // Port 1 on loopback: nothing listens there, so check fails fast without a server.
        let connector = try registry.connector(
            named: "postgres", settings: ["database": "pas", "user": "migrator", "password": secret, "port": "1"])
        XCTAssertEqual(connector.settings["password"], secret, "the connector itself has the secret")
        XCTAssertEqual(connector.settings.redacted["password"], "set")
        XCTAssertEqual(connector.settings.redacted["user"], "migrator")
        XCTAssertFalse("\(connector.settings.redacted)".contains(secret))
        // However the settings or the connector holding them are printed, the secret does not show.
        var dumped = ""
        dump(connector, to: &dumped)
        for text in [
            "\(connector.settings)", String(reflecting: connector.settings), String(describing: connector), dumped,
        ] {
            XCTAssertFalse(text.contains(secret), text)
        }
        XCTAssertTrue("\(connector.settings)".contains("password=set"), "\(connector.settings)")
        XCTAssertThrowsError(try connector.check()) { error in
            XCTAssertEqual((error as? ConnectorError)?.code, .unreachable, "\(error)")
            XCTAssertTrue("\(error)".contains("migrator@127.0.0.1:1/pas"), "\(error)")
            XCTAssertFalse("\(error)".contains(secret), "\(error)")
        }
        let unset = try registry.connector(named: "odbc", settings: ["dsn": "PAS", "user": "migrator"])
        XCTAssertEqual(unset.settings.redacted["password"], "unset")
    }

    func testPostgres_readsCaseInsensitivelyAsStoredAndTranslatesErrorsToStableCodes() throws {
        let secret = "S3cret-in-no-message"
        let connector = try XCTUnwrap(
            try registry.connector(
                named: "postgres", settings: ["database": "pas", "user": "migrator", "password": secret, "port": "1"])
                as? PostgresSourceConnector)
        XCTAssertTrue(connector.reader.matchesTableNamesIgnoringCase)
        XCTAssertEqual(connector.reader.rowOrder, .storage)
        XCTAssertEqual(connector.location(of: "WARD"), "postgres migrator@127.0.0.1:1/pas table public.WARD")
        let notice = PostgresServerNotice(fields: [UInt8(ascii: "C"): "28P01", UInt8(ascii: "M"): "no"])
        let cases: [(PostgresError, ConnectorError.Code)] = [
            (PostgresError(.invalidSettings, "x"), .invalidSetting),
            (PostgresError(.authenticationFailed, "x"), .authenticationFailed),
            (PostgresError(.unsupportedAuthentication, "x"), .authenticationFailed),
            (PostgresError(.unknownTable, "x"), .unknownTable),
            (PostgresError(.connectionFailed, "x"), .unreachable),
            (PostgresError(.timedOut, "x"), .unreachable),
            (PostgresError(.invalidData, "x"), .malformed),
            (PostgresError(.server, "x", serverNotice: notice), .authenticationFailed),
            (PostgresError(.server, "echo \(secret)"), .unreachable),
        ]
        for (error, code) in cases {
            let translated = connector.translate(error)
            XCTAssertEqual(translated.code, code, "\(error)")
            XCTAssertTrue(translated.message.hasPrefix("postgres migrator@127.0.0.1:1/pas: "), translated.message)
            XCTAssertFalse(translated.message.contains(secret), translated.message)
        }
        // Nothing listens on port 1: every operation fails as unreachable, before any table name is used.
        XCTAssertThrowsError(try connector.read(table: "WARD\"; DROP TABLE \"WARD") { _ in }) {
            XCTAssertEqual(($0 as? ConnectorError)?.code, .unreachable, "\($0)")
        }
    }

    func testSecrets_neverAppearInValidationErrors() throws {
        let type = ConnectorTypeDescription(
            name: "t", label: "t", summary: "t",
            settings: [ConnectorSetting("pin", label: "pin", kind: .integer, secret: true)])
        XCTAssertThrowsError(try ConnectorSettings(["pin": "not-a-number-secret"], for: type)) { error in
            XCTAssertFalse("\(error)".contains("not-a-number-secret"), "\(error)")
            XCTAssertTrue("\(error)".contains("pin"), "\(error)")
        }
    }

    func testExperimentalConnectors_sayNoDriverManagerRatherThanPretend() throws {
        for (name, settings) in [("odbc", ["dsn": "PAS"]), ("jdbc", ["url": "jdbc:cache://h:1972/PAS"])] {
            let connector = try registry.connector(named: name, settings: settings)
            let check = try connector.check()
            XCTAssertFalse(check.ok)
            XCTAssertTrue(check.message.contains("driver manager"), check.message)
            XCTAssertThrowsError(try connector.read(table: "PATIENT_MASTER") { _ in }) { error in
                XCTAssertEqual((error as? ConnectorError)?.code, .unavailable)
            }
        }
    }
}
