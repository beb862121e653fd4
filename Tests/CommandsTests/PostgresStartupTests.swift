import XCTest

@testable import Commands

/// The startup/authentication state machine, message by message, with no socket.
final class PostgresStartupTests: XCTestCase {
    private let configuration = PostgresConnectionConfiguration(
        host: "127.0.0.1", port: 5432, database: "pas", user: "reader", password: "pencil")

    private func started() throws -> PostgresStartup {
        var startup = PostgresStartup(configuration: configuration, clientNonce: "rOprNGfwEbeRWgbNEkqO")
        let step = try startup.handle(.authentication(.sasl(mechanisms: ["SCRAM-SHA-256"])))
        XCTAssertEqual(
            step,
            .send(.saslInitialResponse(mechanism: "SCRAM-SHA-256", data: Array("n,,n=,r=rOprNGfwEbeRWgbNEkqO".utf8))))
        return startup
    }

    func testSCRAM_continueAnswersWithAProofForTheServersNonce() throws {
        var startup = try started()
        let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        guard
            case .send(.saslResponse(let data)) = try startup.handle(
                .authentication(.saslContinue(data: Array(serverFirst.utf8))))
        else { return XCTFail("no SASLResponse") }
        let final = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(final.hasPrefix("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p="), final)
        XCTAssertFalse(final.contains("pencil"))
    }

    func testSCRAM_okWithoutTheServerSignatureIsRefused() throws {
        // A server (or someone in between) that skips SASLFinal has not proved it knows the verifier.
        var startup = try started()
        XCTAssertThrowsError(try startup.handle(.authentication(.ok))) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .protocolViolation)
        }
    }

    func testReadyBeforeAuthentication_isRefused() {
        var startup = PostgresStartup(configuration: configuration, clientNonce: "n")
        XCTAssertThrowsError(try startup.handle(.readyForQuery(transactionStatus: UInt8(ascii: "I")))) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .protocolViolation)
        }
    }

    func testSASLContinueBeforeSASL_isRefused() {
        var startup = PostgresStartup(configuration: configuration, clientNonce: "n")
        XCTAssertThrowsError(try startup.handle(.authentication(.saslContinue(data: [])))) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .protocolViolation)
        }
    }

    func testOnlyPLUS_isUnsupported() {
        var startup = PostgresStartup(configuration: configuration, clientNonce: "n")
        XCTAssertThrowsError(try startup.handle(.authentication(.sasl(mechanisms: ["SCRAM-SHA-256-PLUS"])))) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .unsupportedAuthentication)
            XCTAssertTrue("\($0)".contains("SCRAM-SHA-256-PLUS"), "\($0)")
        }
    }

    func testTrust_acceptedOnlyWhenAllowed() throws {
        var allowed = configuration
        allowed.allowsUnauthenticatedServer = true
        var startup = PostgresStartup(configuration: allowed, clientNonce: "n")
        XCTAssertEqual(try startup.handle(.authentication(.ok)), .wait)
        XCTAssertEqual(try startup.handle(.backendKeyData(processID: 7, secretKey: 9)), .wait)
        XCTAssertEqual(try startup.handle(.readyForQuery(transactionStatus: 0x49)), .ready(transactionStatus: 0x49))
        XCTAssertEqual(startup.backendKey?.processID, 7)
        XCTAssertEqual(startup.backendKey?.secretKey, 9)
    }

    func testServerError_keepsItsSQLStateAndClass28IsAuthentication() {
        var startup = PostgresStartup(configuration: configuration, clientNonce: "n")
        let missing = PostgresServerNotice(fields: [
            UInt8(ascii: "V"): "FATAL", UInt8(ascii: "C"): "3D000",
            UInt8(ascii: "M"): "database \"pas\" does not exist",
        ])
        XCTAssertThrowsError(try startup.handle(.errorResponse(missing))) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .server)
            XCTAssertEqual(($0 as? PostgresError)?.sqlState, "3D000")
            XCTAssertTrue("\($0)".contains("reader@127.0.0.1:5432/pas: FATAL 3D000"), "\($0)")
        }
        let denied = PostgresServerNotice(fields: [
            UInt8(ascii: "C"): "28000", UInt8(ascii: "M"): "no pg_hba.conf entry",
        ])
        XCTAssertThrowsError(try startup.handle(.errorResponse(denied))) {
            XCTAssertEqual(($0 as? PostgresError)?.code, .authenticationFailed)
        }
    }
}
