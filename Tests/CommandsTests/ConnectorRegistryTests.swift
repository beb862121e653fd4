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
        XCTAssertEqual(registry.availableNames, ["csv", "cache_iris_emulator", "postgres_emulator"])
        let postgres = types.first { $0.name == "postgres" }
        XCTAssertEqual(
            postgres?.settings.map(\.name),
            ["host", "port", "database", "user", "password", "schema", "connect_timeout"])
        XCTAssertEqual(postgres?.settings.filter(\.secret).map(\.name), ["password"])
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
            ("oracle", [:], "unknown connector 'oracle'"),
        ]
        for (name, settings, message) in cases {
            XCTAssertThrowsError(try registry.connector(named: name, settings: settings), message) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
    }

    func testSecrets_areShownOnlyAsSetOrUnset() throws {
        let secret = "S3cret-hunter2"
        let connector = try registry.connector(
            named: "postgres", settings: ["database": "pas", "user": "migrator", "password": secret])
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
        let check = try connector.check()
        XCTAssertFalse(check.ok)
        XCTAssertTrue(check.message.contains("not available in this build"), check.message)
        XCTAssertFalse(check.message.contains(secret))
        let unset = try registry.connector(named: "postgres", settings: ["database": "pas", "user": "migrator"])
        XCTAssertEqual(unset.settings.redacted["password"], "unset")
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
