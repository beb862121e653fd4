import EventStore
import Foundation
import XCTest

/// SHA-256 against the NIST CAVP byte-oriented vectors and the FIPS 180-4 / RFC 6234 examples,
/// plus streaming checks that split messages at every kind of block boundary.
final class SHA256Tests: XCTestCase {
    /// One `Len`/`Msg`/`MD` record of a CAVP `.rsp` file.
    private struct Vector {
        let line: Int
        let message: [UInt8]
        let digest: SHA256Digest
    }

    /// One entry of `known-digests.json`.
    private struct KnownDigest: Decodable {
        let name: String
        let messageASCII: String
        let messageRepeat: Int?
        let digest: String

        enum CodingKeys: String, CodingKey {
            case name
            case messageASCII = "message_ascii"
            case messageRepeat = "message_repeat"
            case digest
        }
    }

    /// The top level of `known-digests.json`.
    private struct KnownDigestFile: Decodable {
        let cases: [KnownDigest]
    }

    private static let millionADigest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    // MARK: - NIST CAVP

    func testShortMsg_allVectors() throws {
        let vectors = try Self.loadVectors("SHA256ShortMsg.rsp")
        // The README promises 65 vectors; checking the count catches a parser that skips records.
        XCTAssertEqual(vectors.count, 65)
        for vector in vectors {
            XCTAssertEqual(SHA256.hash(vector.message), vector.digest, "ShortMsg line \(vector.line)")
            // Short messages are cheap enough to also stream one byte at a time.
            var hasher = SHA256()
            for byte in vector.message {
                hasher.update([byte])
            }
            XCTAssertEqual(hasher.finalize(), vector.digest, "ShortMsg line \(vector.line), byte by byte")
        }
    }

    func testShortMsg_lenZeroIsTheEmptyMessage() throws {
        let vectors = try Self.loadVectors("SHA256ShortMsg.rsp")
        let first = try XCTUnwrap(vectors.first)
        XCTAssertEqual(first.message, [])
        XCTAssertEqual(first.digest.hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testLongMsg_allVectors() throws {
        let vectors = try Self.loadVectors("SHA256LongMsg.rsp")
        XCTAssertEqual(vectors.count, 64)
        for vector in vectors {
            XCTAssertEqual(SHA256.hash(vector.message), vector.digest, "LongMsg line \(vector.line)")
            // Chunk sizes around the 64-byte block exercise every buffer top-up path.
            for chunkSize in [1, 7, 55, 63, 64, 65, 1000] {
                XCTAssertEqual(
                    Self.streamed(vector.message, chunkSizes: [chunkSize]), vector.digest,
                    "LongMsg line \(vector.line), chunks of \(chunkSize)")
            }
        }
    }

    // MARK: - Known digests

    func testKnownDigests_fromFixture() throws {
        let data = try Data(contentsOf: Self.fixture("known-digests.json"))
        let file = try JSONDecoder().decode(KnownDigestFile.self, from: data)
        XCTAssertEqual(file.cases.count, 5)
        for known in file.cases {
            let message = String(repeating: known.messageASCII, count: known.messageRepeat ?? 1)
            let expected = try XCTUnwrap(SHA256Digest(hex: known.digest), known.name)
            XCTAssertEqual(SHA256.hash(message), expected, known.name)
            XCTAssertEqual(SHA256.hash(Array(message.utf8)), expected, known.name)
        }
    }

    func testOneMillionA_oneShot() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(SHA256.hash(message).hex, Self.millionADigest)
    }

    func testOneMillionA_streamedInOddChunks() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        // Odd and prime sizes, so chunk edges fall at every offset within a block.
        let chunkPatterns: [[Int]] = [[1], [3], [7, 13], [63], [65], [127], [1_009, 1], [33, 64, 129, 5]]
        for pattern in chunkPatterns {
            XCTAssertEqual(Self.streamed(message, chunkSizes: pattern).hex, Self.millionADigest, "chunks \(pattern)")
        }
    }

    // MARK: - Streaming

    func testRandomChunking_equalsOneShot() {
        var generator = SplitMix64(seed: 0x5EED_5A25)
        // Every length up to three blocks, plus a spread of larger ones.
        let lengths = Array(0...200) + (0..<40).map { _ in Int.random(in: 200...20_000, using: &generator) }
        for length in lengths {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let oneShot = SHA256.hash(message)
            var hasher = SHA256()
            var offset = 0
            var chunks: [Int] = []
            while offset < length {
                let size = min(Int.random(in: 0...150, using: &generator), length - offset)
                hasher.update(Array(message[offset..<(offset + size)]))
                chunks.append(size)
                offset += size
            }
            XCTAssertEqual(hasher.finalize(), oneShot, "length \(length), chunks \(chunks)")
        }
    }

    func testUnalignedBuffers_hashLikeAligned() {
        var generator = SplitMix64(seed: 42)
        let backing = (0..<4_200).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for start in 0..<8 {
            let slice = Array(backing[start..<(start + 4_096)])
            let expected = SHA256.hash(slice)
            // Hash the same bytes in place at each misalignment of the backing store.
            let actual = backing.withUnsafeBytes { raw in
                SHA256.hash(UnsafeRawBufferPointer(rebasing: raw[start..<(start + 4_096)]))
            }
            XCTAssertEqual(actual, expected, "offset \(start)")
        }
    }

    func testEmptyUpdates_changeNothing() {
        var hasher = SHA256()
        hasher.update([])
        hasher.update("")
        hasher.update(UnsafeRawBufferPointer(start: nil, count: 0))
        hasher.update("abc")
        hasher.update([])
        XCTAssertEqual(hasher.finalize().hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testStringUpdate_hashesUTF8() {
        let text = "Grüße, 世界 🌍"
        XCTAssertEqual(SHA256.hash(text), SHA256.hash(Array(text.utf8)))
        // A String rebuilt from a Substring hashes the same bytes.
        let derived = String(text.dropFirst(0))
        XCTAssertEqual(SHA256.hash(derived), SHA256.hash(Array(text.utf8)))
    }

    func testCopy_forksTheComputation() {
        let text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        let expected = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        var prefix = SHA256()
        prefix.update(String(text.prefix(30)))
        var first = prefix
        var second = prefix
        first.update(String(text.dropFirst(30)))
        second.update("different tail")
        XCTAssertEqual(first.finalize().hex, expected)
        XCTAssertNotEqual(second.finalize().hex, expected)
    }

    // MARK: - Helpers

    /// Hashes `message` through `update`, cycling through `chunkSizes`.
    private static func streamed(_ message: [UInt8], chunkSizes: [Int]) -> SHA256Digest {
        var hasher = SHA256()
        message.withUnsafeBytes { raw in
            var offset = 0
            var index = 0
            while offset < raw.count {
                let size = min(chunkSizes[index % chunkSizes.count], raw.count - offset)
                hasher.update(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + size)]))
                offset += size
                index += 1
            }
        }
        return hasher.finalize()
    }

    /// The URL of `name` in `Fixtures/sha256/`.
    private static func fixture(_ name: String) throws -> URL {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent("sha256").appendingPathComponent(name)
    }

    /// Parses a CAVP `.rsp` file: `Len = bits`, `Msg = hex`, `MD = hex` records; `#` comments and
    /// `[L = 32]` headers are skipped, and a `\r` before the newline is tolerated.
    private static func loadVectors(_ name: String) throws -> [Vector] {
        let text = try String(contentsOf: fixture(name), encoding: .utf8)
        var vectors: [Vector] = []
        var bitLength: Int?
        var message: [UInt8]?
        var lenLine = 0
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "Len":
                bitLength = try XCTUnwrap(Int(parts[1]), "line \(index + 1)")
                lenLine = index + 1
            case "Msg":
                let bits = try XCTUnwrap(bitLength, "Msg without Len at line \(index + 1)")
                let bytes = try XCTUnwrap(hexBytes(parts[1]), "bad hex at line \(index + 1)")
                // Only the first Len/8 bytes are the message: `Len = 0` is written `Msg = 00`.
                XCTAssertEqual(bits % 8, 0, "line \(index + 1)")
                XCTAssertGreaterThanOrEqual(bytes.count, bits / 8, "line \(index + 1)")
                message = Array(bytes.prefix(bits / 8))
            case "MD":
                let digest = try XCTUnwrap(SHA256Digest(hex: parts[1]), "bad MD at line \(index + 1)")
                let body = try XCTUnwrap(message, "MD without Msg at line \(index + 1)")
                vectors.append(Vector(line: lenLine, message: body, digest: digest))
                bitLength = nil
                message = nil
            default:
                continue
            }
        }
        return vectors
    }
}
