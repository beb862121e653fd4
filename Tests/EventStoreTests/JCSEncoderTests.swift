import EventStore
import XCTest

final class JCSEncoderTests: XCTestCase {
    // MARK: - RFC 8785 test data

    func testFixtures_inputCanonicalisesToOutputByteForByte() throws {
        let names = try JCSFixtures.pairNames()
        XCTAssertEqual(names, ["arrays", "french", "structures", "unicode", "values", "weird"])
        for name in names {
            let input = try JCSFixtures.bytes("input/\(name).json")
            let expected = try JCSFixtures.bytes("output/\(name).json")
            let actual = try JSONValue(parsing: input).canonicalBytes()
            XCTAssertEqual(actual, expected, "\(name): got \(String(decoding: actual, as: UTF8.self))")
            XCTAssertEqual(try JSONValue(parsing: input).canonicalString(), String(decoding: expected, as: UTF8.self))
        }
    }

    func testFixtures_outhexMatchesOutput() throws {
        for name in try JCSFixtures.pairNames() {
            let hex = String(decoding: try JCSFixtures.bytes("outhex/\(name).txt"), as: UTF8.self)
            let bytes = hex.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" }).compactMap {
                UInt8($0, radix: 16)
            }
            XCTAssertEqual(bytes, try JCSFixtures.bytes("output/\(name).json"), name)
        }
    }

    func testRFC8785AppendixB_numbers() throws {
        let rows = try JCSFixtures.numberRows("es6numbers/rfc8785-appendix-b.csv")
        XCTAssertEqual(rows.count, 24)
        for row in rows {
            XCTAssertEqual(es6NumberString(row.value), row.expected, "line \(row.line)")
            XCTAssertEqual(try JSONValue.number(row.value).canonicalString(), row.expected, "line \(row.line)")
        }
    }

    /// All 100,000 rows of upstream's ES6 number file (V8 is the oracle).
    func testES6NumberFile_100kLines() throws {
        let rows = try JCSFixtures.numberRows("es6numbers/es6testfile100k.txt")
        XCTAssertEqual(rows.count, 100_000)
        var failures = 0
        for row in rows where es6NumberString(row.value) != row.expected {
            failures += 1
            if failures <= 10 {
                XCTFail(
                    "line \(row.line): \(row.value.bitPattern) gave \(es6NumberString(row.value) ?? "nil"), want \(row.expected)"
                )
            }
        }
        XCTAssertEqual(failures, 0)
    }

    // MARK: - Numbers

    func testNumbers_ecmaScriptLayout() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (0.5, "0.5"), (100, "100"), (1e20, "100000000000000000000"),
            (1e21, "1e+21"), (1.5e21, "1.5e+21"), (123456789012345683968, "123456789012345680000"),
            (0.000001, "0.000001"), (0.0000012345, "0.0000012345"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"),
            (1e300, "1e+300"), (2.5e-300, "2.5e-300"), (4.5, "4.5"), (0.002, "0.002"), (1e30, "1e+30"),
            (9_007_199_254_740_991, "9007199254740991"), (-9_007_199_254_740_992, "-9007199254740992"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(es6NumberString(value), expected, "\(value)")
        }
    }

    func testNumbers_nanAndInfinityAreRejected() {
        XCTAssertNil(es6NumberString(.nan))
        XCTAssertNil(es6NumberString(.infinity))
        XCTAssertNil(es6NumberString(-.infinity))
        XCTAssertThrowsError(try JSONValue.number(.nan).canonicalBytes()) { error in
            XCTAssertTrue(error is JCSEncodingError)
        }
        XCTAssertThrowsError(try JSONValue.array([1, ["x": .number(.infinity)]]).canonicalString())
    }

    func testEncodeInto_leavesBufferUntouchedOnError() throws {
        var buffer = Array("prefix".utf8)
        XCTAssertThrowsError(try JSONValue.array([1, 2, .number(.nan)]).encodeCanonical(into: &buffer))
        XCTAssertEqual(buffer, Array("prefix".utf8))
        try JSONValue.array([1, "a"]).encodeCanonical(into: &buffer)
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), #"prefix[1,"a"]"#)
    }

    // MARK: - Strings

    func testStrings_minimalEscapes() throws {
        var scalars = String.UnicodeScalarView()
        for v in 0..<0x20 { scalars.append(Unicode.Scalar(UInt8(v))) }
        let controls = try JSONValue.string(String(scalars)).canonicalString()
        XCTAssertEqual(
            controls,
            #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
                + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f""#)
        XCTAssertEqual(try JSONValue.string("\"\\/\u{7F}</script>").canonicalString(), "\"\\\"\\\\/\u{7F}</script>\"")
        let raw = "\u{E9}\u{2028}\u{FFFF}\u{1F602}A\u{30A}"
        XCTAssertEqual(try JSONValue.string(raw).canonicalBytes(), Array("\"\(raw)\"".utf8))
    }

    // MARK: - Key order

    func testKeys_sortedByUTF16CodeUnits() throws {
        // U+1F602 is D83D DE02 in UTF-16, so it sorts before U+E000 and U+FB33 although its code point is larger.
        let value: JSONValue = [
            "\u{FB33}": 1, "\u{1F602}": 2, "\u{E000}": 3, "\u{E9}": 4, "b": 5, "a": 6, "": 7, "aa": 8,
        ]
        XCTAssertEqual(
            try value.canonicalString(),
            "{\"\":7,\"a\":6,\"aa\":8,\"b\":5,\"\u{E9}\":4,\"\u{1F602}\":2,\"\u{E000}\":3,\"\u{FB33}\":1}")
    }

    func testKeys_orderMatchesUTF16LexicographicOrderOnRandomStrings() throws {
        var random = RandomJSON(seed: 7)
        for _ in 0..<300 {
            var members: [String: JSONValue] = [:]
            for _ in 0..<8 { members[random.key()] = .null }
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            let parts = try keys.map { "\(try JSONValue.string($0).canonicalString()):null" }
            let expected = "{" + parts.joined(separator: ",") + "}"
            XCTAssertEqual(try JSONValue.object(members).canonicalString(), expected)
        }
    }

    // MARK: - Round trip

    func testRandomValues_parseOfCanonicalFormGivesTheValueBack() throws {
        var random = RandomJSON(seed: 42)
        for _ in 0..<3_000 {
            let value = random.value()
            let bytes = try value.canonicalBytes()
            let parsed = try JSONValue(parsing: bytes)
            XCTAssertEqual(parsed, value, String(decoding: bytes, as: UTF8.self))
            XCTAssertEqual(try parsed.canonicalBytes(), bytes)
        }
    }
}
