import EventStore
import Foundation
import XCTest

@testable import Commands

/// The SCRAM-SHA-256 client against the RFC 7677 example exchange (`Fixtures/scram`), and its refusals.
final class SCRAMSHA256ClientTests: XCTestCase {
    /// The fixture's fields this test uses.
    private struct Example: Decodable {
        struct Messages: Decodable {
            let clientFirst: String
            let serverFirst: String
            let clientFinal: String
            let serverFinal: String
            enum CodingKeys: String, CodingKey {
                case clientFirst = "client_first"
                case serverFirst = "server_first"
                case clientFinal = "client_final"
                case serverFinal = "server_final"
            }
        }
        struct Derived: Decodable {
            let saltedPasswordHex: String
            let authMessage: String
            enum CodingKeys: String, CodingKey {
                case saltedPasswordHex = "salted_password_hex"
                case authMessage = "auth_message"
            }
        }
        let username: String
        let password: String
        let clientNonce: String
        let messages: Messages
        let derived: Derived
        enum CodingKeys: String, CodingKey {
            case username, password, messages, derived
            case clientNonce = "client_nonce"
        }
    }

    private func loadExample() throws -> Example {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let url = root.appendingPathComponent("scram").appendingPathComponent("rfc7677-scram-sha256.json")
        return try JSONDecoder().decode(Example.self, from: Data(contentsOf: url))
    }

    func testRFC7677_exchangeReproducesTheRFCMessages() throws {
        let example = try loadExample()
        var client = SCRAMSHA256Client(
            username: example.username, password: example.password, clientNonce: example.clientNonce)
        XCTAssertEqual(client.clientFirstMessage, example.messages.clientFirst)
        XCTAssertEqual(
            try client.clientFinalMessage(serverFirst: example.messages.serverFirst), example.messages.clientFinal)
        XCTAssertNoThrow(try client.verifyServerFinal(example.messages.serverFinal))
    }

    func testRFC7677_saltedPasswordMatchesTheDerivedValue() throws {
        let example = try loadExample()
        // The salt and count of the RFC's server-first, through PBKDF2: the fixture's SaltedPassword.
        let salt = try XCTUnwrap(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ=="))
        let salted = PBKDF2.hmacSHA256(
            password: Array(example.password.utf8), salt: Array(salt), iterations: 4096, keyLength: 32)
        XCTAssertEqual(salted, hexBytes(example.derived.saltedPasswordHex))
    }

    func testServerSignature_forgedIsRefused() throws {
        let example = try loadExample()
        var client = SCRAMSHA256Client(
            username: example.username, password: example.password, clientNonce: example.clientNonce)
        _ = try client.clientFinalMessage(serverFirst: example.messages.serverFirst)
        // One flipped bit in the signature: a server that does not hold the verifier.
        var signature = Array(try XCTUnwrap(Data(base64Encoded: String(example.messages.serverFinal.dropFirst(2)))))
        signature[31] ^= 1
        XCTAssertThrowsError(try client.verifyServerFinal("v=" + Data(signature).base64EncodedString())) {
            XCTAssertEqual($0 as? SCRAMError, .serverSignatureMismatch)
        }
        XCTAssertThrowsError(try client.verifyServerFinal("e=invalid-proof")) {
            XCTAssertEqual($0 as? SCRAMError, .serverError("invalid-proof"))
        }
    }

    func testWrongPassword_givesADifferentProof() throws {
        let example = try loadExample()
        var client = SCRAMSHA256Client(
            username: example.username, password: "pencil2", clientNonce: example.clientNonce)
        let final = try client.clientFinalMessage(serverFirst: example.messages.serverFirst)
        XCTAssertNotEqual(final, example.messages.clientFinal)
        XCTAssertThrowsError(try client.verifyServerFinal(example.messages.serverFinal))
    }

    func testServerFirst_badMessagesAreRefusedWithoutTheSecret() {
        let nonce = "rOprNGfwEbeRWgbNEkqO"
        let cases: [(String, String)] = [
            ("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "does not extend"),
            ("r=\(nonce),s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "does not extend"),
            ("r=\(nonce)abc,s=!!!,i=4096", "salt"),
            ("r=\(nonce)abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0", "iteration"),
            ("r=\(nonce)abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999", "limit"),
            ("r=\(nonce)abc,s=W22ZaJ0SNY7soEsUEjb6gQ==", "must carry"),
            ("m=ext,r=\(nonce)abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "extension"),
            ("garbage", "x=value"),
            ("e=other-error", "other-error"),
        ]
        for (serverFirst, expected) in cases {
            var client = SCRAMSHA256Client(password: "s3cret-pencil", clientNonce: nonce)
            XCTAssertThrowsError(try client.clientFinalMessage(serverFirst: serverFirst), serverFirst) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(expected), "\(serverFirst): \(text)")
                XCTAssertFalse(text.contains("s3cret"), text)
            }
        }
    }

    func testStepsOutOfOrder_areRefused() throws {
        let client = SCRAMSHA256Client(password: "pencil", clientNonce: "abc")
        XCTAssertThrowsError(try client.verifyServerFinal("v=AAAA")) { XCTAssertEqual($0 as? SCRAMError, .outOfOrder) }
    }

    func testUsername_isEscapedAndPostgresFormHasEmptyName() {
        XCTAssertEqual(
            SCRAMSHA256Client(username: "a=b,c", password: "p", clientNonce: "N").clientFirstMessage,
            "n,,n=a=3Db=2Cc,r=N")
        XCTAssertEqual(SCRAMSHA256Client(password: "p", clientNonce: "N").clientFirstMessage, "n,,n=,r=N")
    }

    func testRandomNonce_isPrintableWithoutCommasAndFresh() {
        let first = SCRAMSHA256Client.randomNonce()
        XCTAssertEqual(first.count, 24)
        XCTAssertFalse(first.contains(","))
        XCTAssertTrue(first.unicodeScalars.allSatisfy { (0x21...0x7e).contains($0.value) })
        XCTAssertNotEqual(first, SCRAMSHA256Client.randomNonce())
    }
}
