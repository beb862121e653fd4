import EventStore
import XCTest

/// Construction, parsing, formatting and comparison of `SHA256Digest`.
final class SHA256DigestTests: XCTestCase {
    private let abcHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    func testHex_roundTripsLowercase() throws {
        let digest = try XCTUnwrap(SHA256Digest(hex: abcHex))
        XCTAssertEqual(digest.hex, abcHex)
        XCTAssertEqual(digest.description, abcHex)
        XCTAssertEqual("\(digest)", abcHex)
        XCTAssertEqual(digest, SHA256.hash("abc"))
    }

    func testHex_acceptsUppercaseAndMixedCase() throws {
        XCTAssertEqual(SHA256Digest(hex: abcHex.uppercased()), SHA256.hash("abc"))
        let mixed = String(
            abcHex.enumerated().map { $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element })
        XCTAssertEqual(SHA256Digest(hex: mixed), SHA256.hash("abc"))
        XCTAssertEqual(
            SHA256Digest(hex: "ABCDEFabcdef0123456789" + String(repeating: "0", count: 42))?.hex.prefix(22),
            "abcdefabcdef0123456789")
    }

    func testHex_acceptsSubstring() {
        let line = "MD = \(abcHex)\n"
        let field = line.dropFirst(5).dropLast()
        XCTAssertEqual(SHA256Digest(hex: field), SHA256.hash("abc"))
    }

    func testHex_rejectsWrongLength() {
        XCTAssertNil(SHA256Digest(hex: ""))
        XCTAssertNil(SHA256Digest(hex: String(abcHex.dropLast())))
        XCTAssertNil(SHA256Digest(hex: String(abcHex.dropLast(2))))
        XCTAssertNil(SHA256Digest(hex: abcHex + "0"))
        XCTAssertNil(SHA256Digest(hex: abcHex + "00"))
        XCTAssertNil(SHA256Digest(hex: " " + abcHex))
        XCTAssertNil(SHA256Digest(hex: abcHex + "\n"))
    }

    func testHex_rejectsNonHexCharacters() {
        // Every position, and characters that sit next to the valid ranges in ASCII.
        for bad: Character in ["g", "G", "/", ":", "@", "`", " ", "-", "x", "é"] {
            for position in [0, 1, 31, 62, 63] {
                var characters = Array(abcHex)
                characters[position] = bad
                let candidate = String(characters)
                XCTAssertNil(SHA256Digest(hex: candidate), "\(bad) at \(position)")
            }
        }
        XCTAssertNil(SHA256Digest(hex: "0x" + abcHex.dropFirst(2)))
        // A multi-byte character can make 64 UTF-8 bytes out of fewer characters; still rejected.
        XCTAssertNil(SHA256Digest(hex: "é" + abcHex.dropFirst(2)))
    }

    func testHexUTF8_parsesRawBytes() {
        let bytes = Array(abcHex.utf8)
        XCTAssertEqual(bytes.withUnsafeBytes { SHA256Digest(hexUTF8: $0) }, SHA256.hash("abc"))
        let upper = Array(abcHex.uppercased().utf8)
        XCTAssertEqual(upper.withUnsafeBytes { SHA256Digest(hexUTF8: $0) }, SHA256.hash("abc"))
        let short = Array(bytes.dropLast())
        XCTAssertNil(short.withUnsafeBytes { SHA256Digest(hexUTF8: $0) })
        var invalid = bytes
        invalid[10] = 0
        XCTAssertNil(invalid.withUnsafeBytes { SHA256Digest(hexUTF8: $0) })
        XCTAssertNil(SHA256Digest(hexUTF8: UnsafeRawBufferPointer(start: nil, count: 0)))
    }

    func testBytes_requireExactly32() {
        let bytes = (0..<32).map { UInt8($0) }
        let digest = SHA256Digest(bytes: bytes)
        XCTAssertEqual(digest?.bytes, bytes)
        XCTAssertEqual(digest?.hex, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        XCTAssertNil(SHA256Digest(bytes: bytes.dropLast()))
        XCTAssertNil(SHA256Digest(bytes: bytes + [0]))
        XCTAssertNil(SHA256Digest(bytes: [UInt8]()))
        // Any sequence works, and an endless one is rejected rather than drained.
        XCTAssertEqual(SHA256Digest(bytes: (0..<32).lazy.map { UInt8($0) }), digest)
        XCTAssertNil(SHA256Digest(bytes: repeatElement(UInt8(1), count: Int.max)))
    }

    func testWithUnsafeBytes_exposesTheDigestBytes() {
        let digest = SHA256.hash("abc")
        let viaPointer = digest.withUnsafeBytes { Array($0) }
        XCTAssertEqual(viaPointer.count, 32)
        XCTAssertEqual(viaPointer, digest.bytes)
        XCTAssertEqual(viaPointer, hexBytes(abcHex))
    }

    func testZero_isAllZeroBytes() {
        XCTAssertEqual(SHA256Digest.zero.bytes, [UInt8](repeating: 0, count: 32))
        XCTAssertEqual(SHA256Digest.zero.hex, String(repeating: "0", count: 64))
        XCTAssertEqual(SHA256Digest(hex: String(repeating: "0", count: 64)), .zero)
    }

    func testEqualityAndHashing() {
        let a = SHA256.hash("a")
        let b = SHA256.hash("b")
        XCTAssertEqual(a, SHA256.hash("a"))
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(Set([a, b, SHA256.hash("a")]).count, 2)
        var dictionary: [SHA256Digest: String] = [:]
        dictionary[a] = "a"
        XCTAssertEqual(dictionary[SHA256.hash("a")], "a")
    }

    func testConstantTimeEquals_matchesEquality() {
        let digest = SHA256.hash("abc")
        XCTAssertTrue(digest.constantTimeEquals(SHA256.hash("abc")))
        XCTAssertFalse(digest.constantTimeEquals(.zero))
        // A single flipped bit anywhere must be detected.
        for index in 0..<32 {
            for bit in 0..<8 {
                var bytes = digest.bytes
                bytes[index] ^= 1 << bit
                let other = SHA256Digest(bytes: bytes)
                XCTAssertEqual(other.map { digest.constantTimeEquals($0) }, false, "byte \(index) bit \(bit)")
            }
        }
    }
}
