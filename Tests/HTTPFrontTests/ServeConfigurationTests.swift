import XCTest

@testable import HTTPFront

/// `dm serve` options over the brief's environment variables.
final class ServeConfigurationTests: XCTestCase {
    func testDefaults_bindLoopbackOnTheBriefsPorts() throws {
        let configuration = try ServeConfiguration(options: [:], environment: [:])
        XCTAssertEqual(configuration.host, "127.0.0.1")
        XCTAssertEqual(configuration.port, 8099)
        XCTAssertEqual(configuration.uiPort, 3133)
        XCTAssertEqual(configuration.allowedOrigins, [])
        XCTAssertEqual(configuration.logLevel, .info)
    }

    func testEnvironment_isReadAndOptionsWin() throws {
        let environment = [
            "DM_API_HOST": "0.0.0.0", "DM_API_PORT": "9000",
            "DM_ALLOW_ORIGINS": "http://localhost:3133, https://console.example ,", "DM_LOG_LEVEL": "warn",
        ]
        let fromEnvironment = try ServeConfiguration(options: [:], environment: environment)
        XCTAssertEqual(fromEnvironment.host, "0.0.0.0")
        XCTAssertEqual(fromEnvironment.port, 9000)
        XCTAssertEqual(fromEnvironment.allowedOrigins, ["http://localhost:3133", "https://console.example"])
        XCTAssertEqual(fromEnvironment.logLevel, .warning)
        let overridden = try ServeConfiguration(
            options: ["--host": "127.0.0.2", "--port": "0", "--ui-port": "0", "--root": "/data"],
            environment: environment)
        XCTAssertEqual(overridden.host, "127.0.0.2")
        XCTAssertEqual(overridden.port, 0)
        XCTAssertEqual(overridden.uiPort, 0)
        XCTAssertEqual(overridden.root, "/data")
    }

    func testBadValues_nameTheOptionAndWhatItTakes() {
        XCTAssertThrowsError(try ServeConfiguration(options: ["--port": "http"], environment: [:])) {
            XCTAssertTrue("\($0)".contains("--port must be a port number from 0 to 65535"))
        }
        XCTAssertThrowsError(try ServeConfiguration(options: [:], environment: ["DM_API_PORT": "70000"])) {
            XCTAssertTrue("\($0)".contains("DM_API_PORT"))
        }
        XCTAssertThrowsError(try ServeConfiguration(options: [:], environment: ["DM_LOG_LEVEL": "loud"])) {
            XCTAssertTrue("\($0)".contains("DM_LOG_LEVEL must be debug, info, warn, error or off"))
        }
        XCTAssertThrowsError(try ServeConfiguration(options: ["--max-run-rows": "0"], environment: [:]))
    }
}
