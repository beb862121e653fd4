import EventStore
import Foundation
import XCTest

/// PBKDF2-HMAC-SHA-256 against RFC 7914 section 11 and the RFC 6070-style SHA-256 set (`Fixtures/pbkdf2`).
final class PBKDF2Tests: XCTestCase {
    /// One vector as stored in `pbkdf2-hmac-sha256.json`.
    private struct Vector: Decodable {
        let passwordHex: String
        let saltHex: String
        let c: Int
        let dkLen: Int
        let dk: String
        let slow: Bool?

        enum CodingKeys: String, CodingKey {
            case passwordHex = "password_hex"
            case saltHex = "salt_hex"
            case c
            case dkLen
            case dk
            case slow
        }
    }

    /// A group of vectors from one source.
    private struct VectorSet: Decodable {
        let source: String
        let cases: [Vector]
    }

    /// The top level of the fixture file.
    private struct VectorFile: Decodable {
        let sets: [VectorSet]
    }

    func testPBKDF2_publishedVectors() throws {
        let sets = try Self.loadSets()
        let vectors = sets.flatMap(\.cases)
        XCTAssertEqual(vectors.count, 8)
        // The 16,777,216-iteration case is marked slow; everything else runs (including c = 80000, dkLen 64).
        let fast = vectors.filter { $0.slow != true }
        XCTAssertEqual(fast.count, 7)
        for vector in fast {
            let password = try XCTUnwrap(hexBytes(vector.passwordHex))
            let salt = try XCTUnwrap(hexBytes(vector.saltHex))
            let expected = try XCTUnwrap(hexBytes(vector.dk))
            XCTAssertEqual(expected.count, vector.dkLen)
            let derived = PBKDF2.hmacSHA256(
                password: password, salt: salt, iterations: vector.c, keyLength: vector.dkLen)
            XCTAssertEqual(derived, expected, "c=\(vector.c) dkLen=\(vector.dkLen) salt=\(vector.saltHex)")
        }
    }

    func testPBKDF2_shorterKeyIsPrefixOfLonger() {
        // Output blocks are independent of dkLen: a 40-byte key starts with the 32-byte key.
        let password = Array("password".utf8)
        let salt = Array("salt".utf8)
        let long = PBKDF2.hmacSHA256(password: password, salt: salt, iterations: 3, keyLength: 40)
        let short = PBKDF2.hmacSHA256(password: password, salt: salt, iterations: 3, keyLength: 32)
        XCTAssertEqual(long.count, 40)
        XCTAssertEqual(Array(long.prefix(32)), short)
        XCTAssertNotEqual(
            short, PBKDF2.hmacSHA256(password: password, salt: salt, iterations: 4, keyLength: 32))
    }

    private static func loadSets() throws -> [VectorSet] {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let url = root.appendingPathComponent("pbkdf2").appendingPathComponent("pbkdf2-hmac-sha256.json")
        return try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url)).sets
    }
}
