import EventStore
import Foundation
import XCTest

/// HMAC-SHA256 against the RFC 4231 test cases, plus streaming and key-length properties.
final class HMACSHA256Tests: XCTestCase {
    /// One RFC 4231 case as stored in `rfc4231-hmac-sha256.json`.
    private struct TestCase: Decodable {
        let name: String
        let key: String
        let data: String
        let mac: String
        /// Set when the RFC publishes only a prefix of the MAC (test case 5: 16 bytes).
        let truncateToBytes: Int?

        enum CodingKeys: String, CodingKey {
            case name
            case key
            case data
            case mac
            case truncateToBytes = "truncate_to_bytes"
        }
    }

    /// The top level of the fixture file.
    private struct TestFile: Decodable {
        let cases: [TestCase]
    }

    func testRFC4231_allCases() throws {
        let cases = try Self.loadCases()
        XCTAssertEqual(cases.count, 7)
        XCTAssertEqual(cases.filter { $0.truncateToBytes != nil }.count, 1)
        for testCase in cases {
            let key = try XCTUnwrap(hexBytes(testCase.key), testCase.name)
            let data = try XCTUnwrap(hexBytes(testCase.data), testCase.name)
            let expected = try XCTUnwrap(hexBytes(testCase.mac), testCase.name)
            let compareLength = testCase.truncateToBytes ?? 32
            // The fixture must hold exactly the published prefix, or the comparison means nothing.
            XCTAssertEqual(expected.count, compareLength, testCase.name)

            let oneShot = HMACSHA256.authenticate(data, key: key)
            XCTAssertEqual(Array(oneShot.bytes.prefix(compareLength)), expected, testCase.name)

            var streaming = HMACSHA256(key: key)
            for byte in data {
                streaming.update([byte])
            }
            XCTAssertEqual(streaming.finalize(), oneShot, "\(testCase.name), byte by byte")
        }
    }

    func testRFC4231_truncatedCaseIsTheFifth() throws {
        let cases = try Self.loadCases()
        XCTAssertEqual(cases[4].truncateToBytes, 16)
        XCTAssertTrue(cases[4].name.hasPrefix("Test Case 5"))
    }

    func testLongKey_isHashedFirst() {
        // RFC 2104: a key longer than the 64-byte block is replaced by its SHA-256 digest.
        let message = Array("message".utf8)
        for length in [65, 100, 131, 1000] {
            let key = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            XCTAssertEqual(
                HMACSHA256.authenticate(message, key: key),
                HMACSHA256.authenticate(message, key: SHA256.hash(key).bytes), "key length \(length)")
        }
    }

    func testBlockSizedKey_isUsedAsIs() {
        let message = Array("message".utf8)
        let key = [UInt8](repeating: 0x42, count: 64)
        XCTAssertNotEqual(
            HMACSHA256.authenticate(message, key: key),
            HMACSHA256.authenticate(message, key: SHA256.hash(key).bytes))
        // Zero-padding a short key to the block size does not change the MAC (RFC 2104).
        XCTAssertEqual(
            HMACSHA256.authenticate(message, key: [1, 2, 3]),
            HMACSHA256.authenticate(message, key: [1, 2, 3] + [UInt8](repeating: 0, count: 61)))
    }

    func testEmptyKeyAndMessage() {
        // Published widely (e.g. Wikipedia's HMAC article, Go's crypto/hmac tests).
        XCTAssertEqual(
            HMACSHA256.authenticate([], key: []).hex,
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    func testRandomChunking_equalsOneShot() {
        var generator = SplitMix64(seed: 4231)
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 1000, 5000] {
            let key = (0..<Int.random(in: 0...150, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var mac = HMACSHA256(key: key)
            var offset = 0
            while offset < length {
                let size = min(Int.random(in: 0...100, using: &generator), length - offset)
                message[offset..<(offset + size)].withUnsafeBytes { mac.update($0) }
                offset += size
            }
            XCTAssertEqual(mac.finalize(), HMACSHA256.authenticate(message, key: key), "length \(length)")
        }
    }

    private static func loadCases() throws -> [TestCase] {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let url = root.appendingPathComponent("hmac").appendingPathComponent("rfc4231-hmac-sha256.json")
        return try JSONDecoder().decode(TestFile.self, from: Data(contentsOf: url)).cases
    }
}
