import EventStore
import XCTest

final class JSONParserTests: XCTestCase {
    // MARK: - Helpers

    private func assertRejects(
        _ bytes: [UInt8], _ reason: JSONParseError.Reason, at offset: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        do {
            let value = try JSONValue(parsing: bytes)
            XCTFail("accepted \(bytes) as \(value)", file: file, line: line)
        } catch let error as JSONParseError {
            XCTAssertEqual(error.reason, reason, "\(error)", file: file, line: line)
            XCTAssertEqual(error.offset, offset, "\(error)", file: file, line: line)
            XCTAssertTrue(error.message.hasSuffix("at byte \(offset)"), error.message, file: file, line: line)
            XCTAssertEqual(error.description, error.message, file: file, line: line)
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
        }
    }

    private func assertRejects(
        _ text: String, _ reason: JSONParseError.Reason, at offset: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        assertRejects(Array(text.utf8), reason, at: offset, file: file, line: line)
    }

    private func parse(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: text)
    }

    // MARK: - Accepted input

    func testParse_allValueKinds() throws {
        let value = try parse(#" { "a" : [ 1 , -2.5e3 , true , false , null , "x" , { } , [ ] ] } "#)
        XCTAssertEqual(value, ["a": [1, -2500, true, false, nil, "x", [:], []]])
    }

    func testParse_topLevelScalarsAndWhitespace() throws {
        XCTAssertEqual(try parse("\t\r\n 42 \n"), 42)
        XCTAssertEqual(try parse("\"s\""), "s")
        XCTAssertEqual(try parse("null"), .null)
        XCTAssertEqual(try parse("true"), true)
    }

    func testParse_escapesAndSurrogatePairs() throws {
        let value = try parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude02""#)
        XCTAssertEqual(value, .string("\"\\/\u{08}\u{0C}\n\r\tA\u{E9}\u{20AC}\u{1F602}"))
    }

    func testParse_rawMultibyteUTF8IsKept() throws {
        let text = "\"A\u{30A} \u{FB33} \u{10FFFF} \u{7F}\""
        XCTAssertEqual(
            try parse(text).stringValue.map { Array($0.unicodeScalars) },
            Array("A\u{30A} \u{FB33} \u{10FFFF} \u{7F}".unicodeScalars))
    }

    func testParse_numbersRoundToNearestDouble() throws {
        XCTAssertEqual(try parse("0.1").doubleValue, 0.1)
        XCTAssertEqual(try parse("333333333.33333329").doubleValue, 333_333_333.333_333_3)
        XCTAssertEqual(try parse("1E30").doubleValue, 1e30)
        XCTAssertEqual(try parse("1.7976931348623157e308").doubleValue, .greatestFiniteMagnitude)
        XCTAssertEqual(try parse("5e-324").doubleValue, .leastNonzeroMagnitude)
        XCTAssertEqual(try parse("1e-400").doubleValue, 0)
        XCTAssertEqual(try parse("0e999999999999999999999").doubleValue, 0)
        XCTAssertEqual(try parse("9007199254740993").doubleValue, 9_007_199_254_740_992)
        XCTAssertEqual(try parse("123456789012345").doubleValue, 123_456_789_012_345)
        XCTAssertEqual(try parse("-0").doubleValue?.sign, .minus)
        let manyDigits = "0." + String(repeating: "3", count: 400)
        XCTAssertEqual(try parse(manyDigits).doubleValue, 1.0 / 3.0)
    }

    func testParse_nestingUpTo512IsAccepted() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try parse(text))
    }

    func testParse_bufferAndStringEntryPointsAgree() throws {
        let text = #"{"k":["v",1]}"#
        let fromBuffer = try Array(text.utf8).withUnsafeBytes { try JSONValue(parsing: $0) }
        XCTAssertEqual(fromBuffer, try parse(text))
        XCTAssertEqual(fromBuffer, try JSONValue(parsing: Array(text.utf8)))
    }

    // MARK: - One test per rejection reason (reason + offset)

    func testReject_unexpectedEnd() {
        assertRejects("", .unexpectedEnd, at: 0)
        assertRejects("   ", .unexpectedEnd, at: 3)
        assertRejects("[1,", .unexpectedEnd, at: 3)
        assertRejects(#"{"a":"#, .unexpectedEnd, at: 5)
        assertRejects(#"{"a""#, .unexpectedEnd, at: 4)
        assertRejects(#""abc"#, .unexpectedEnd, at: 4)
        assertRejects("tru", .unexpectedEnd, at: 3)
        assertRejects(#""\u12"#, .unexpectedEnd, at: 5)
    }

    func testReject_unexpectedByte() {
        assertRejects("[1 2]", .unexpectedByte, at: 3)
        assertRejects("[1,]", .unexpectedByte, at: 3)
        assertRejects(#"{"a" 1}"#, .unexpectedByte, at: 5)
        assertRejects("{1:2}", .unexpectedByte, at: 1)
        assertRejects(#"{"a":1,}"#, .unexpectedByte, at: 7)
        assertRejects("nul1", .unexpectedByte, at: 3)
        assertRejects("@", .unexpectedByte, at: 0)
        assertRejects("[NaN]", .unexpectedByte, at: 1)
        assertRejects([0xEF, 0xBB, 0xBF, 0x31], .unexpectedByte, at: 0)  // BOM
    }

    func testReject_trailingData() {
        assertRejects("1 2", .trailingData, at: 2)
        assertRejects("{} x", .trailingData, at: 3)
        assertRejects("[]]", .trailingData, at: 2)
        assertRejects("truex", .trailingData, at: 4)
    }

    func testReject_invalidUTF8() {
        let q: UInt8 = 0x22
        assertRejects([q, 0xC0, 0xAF, q], .invalidUTF8, at: 1)  // overlong '/'
        assertRejects([q, 0xE0, 0x80, 0xAF, q], .invalidUTF8, at: 1)  // overlong 3-byte
        assertRejects([q, 0x61, 0xED, 0xA0, 0x80, q], .invalidUTF8, at: 2)  // U+D800 encoded in UTF-8
        assertRejects([q, 0xF4, 0x90, 0x80, 0x80, q], .invalidUTF8, at: 1)  // U+110000
        assertRejects([q, 0xF5, 0x80, 0x80, 0x80, q], .invalidUTF8, at: 1)
        assertRejects([q, 0x61, 0xE2, 0x82], .invalidUTF8, at: 2)  // truncated at end of input
        assertRejects([q, 0xE2, 0x82, q], .invalidUTF8, at: 1)  // truncated by the closing quote
        assertRejects([q, 0x80, q], .invalidUTF8, at: 1)  // stray continuation
        assertRejects([q, 0xFF, q], .invalidUTF8, at: 1)
    }

    func testReject_loneSurrogate() {
        assertRejects(#""\uD800""#, .loneSurrogate, at: 1)
        assertRejects(#""ab\uDC00""#, .loneSurrogate, at: 3)
        assertRejects(#""\uD800\u0041""#, .loneSurrogate, at: 1)
        assertRejects(#""\ud83dx""#, .loneSurrogate, at: 1)
        assertRejects(#""\uD800\uD800""#, .loneSurrogate, at: 1)
    }

    func testReject_invalidEscape() {
        assertRejects(#""\x""#, .invalidEscape, at: 1)
        assertRejects(#""a\U0041""#, .invalidEscape, at: 2)
        assertRejects(#""a\u12G4""#, .invalidEscape, at: 2)
        assertRejects(#""\'""#, .invalidEscape, at: 1)
    }

    func testReject_controlCharacterInString() {
        assertRejects("\"a\tb\"", .controlCharacterInString, at: 2)
        assertRejects([0x22, 0x00, 0x22], .controlCharacterInString, at: 1)
        assertRejects("\"x\\n\u{1F}\"", .controlCharacterInString, at: 4)
    }

    func testReject_duplicateKey() {
        assertRejects(#"{"seq":1,"seq":2}"#, .duplicateKey, at: 9)
        assertRejects(#"{"a":{"b":1,"b":2}}"#, .duplicateKey, at: 12)
        assertRejects(#"{"\u0041":1,"A":2}"#, .duplicateKey, at: 12)
        XCTAssertThrowsError(try parse(#"{"seq":1,"seq":2}"#)) { error in
            XCTAssertEqual((error as? JSONParseError)?.message, #"duplicate key "seq" at byte 9"#)
        }
    }

    /// "Å" and "A\u{30A}" are different JSON keys but equal Swift Strings; the parser must refuse rather than
    /// silently keep one of them.
    func testReject_duplicateKey_canonicallyEquivalent() {
        assertRejects("{\"\u{C5}\":1,\"A\u{30A}\":2}", .duplicateKey, at: 8)
        assertRejects("{\"K\":1,\"\u{212A}\":2}", .duplicateKey, at: 7)
        XCTAssertThrowsError(try parse("{\"K\":1,\"\u{212A}\":2}")) { error in
            XCTAssertTrue("\(error)".contains("canonically equivalent"), "\(error)")
        }
    }

    func testReject_numberOutOfRange() {
        assertRejects("1e400", .numberOutOfRange, at: 0)
        assertRejects("[0,-1e309]", .numberOutOfRange, at: 3)
        assertRejects("1.7976931348623159e308", .numberOutOfRange, at: 0)
        assertRejects(String(repeating: "9", count: 400), .numberOutOfRange, at: 0)
        assertRejects("[1e999999999999999999999]", .numberOutOfRange, at: 1)
    }

    func testReject_invalidNumber() {
        assertRejects("01", .invalidNumber, at: 1)
        assertRejects("-01", .invalidNumber, at: 2)
        assertRejects("1.", .invalidNumber, at: 2)
        assertRejects("[1.e5]", .invalidNumber, at: 3)
        assertRejects(".5", .invalidNumber, at: 0)
        assertRejects("+1", .invalidNumber, at: 0)
        assertRejects("-", .invalidNumber, at: 1)
        assertRejects("-a", .invalidNumber, at: 1)
        assertRejects("1e", .invalidNumber, at: 2)
        assertRejects("1e+", .invalidNumber, at: 3)
        assertRejects("[1E-x]", .invalidNumber, at: 4)
    }

    func testReject_tooDeep() {
        let arrays = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        assertRejects(arrays, .tooDeep, at: 512)
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        assertRejects(objects, .tooDeep, at: 512 * 5)
    }
}
