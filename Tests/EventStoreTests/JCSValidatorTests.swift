import EventStore
import Foundation
import XCTest

final class JCSValidatorTests: XCTestCase {
    // MARK: - Helpers

    private func check(_ text: String) -> JCSViolation? {
        JCSValidator.check(Array(text.utf8))
    }

    private func assertViolation(
        _ bytes: [UInt8], at offset: Int, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let violation = JCSValidator.check(bytes) else {
            XCTFail("accepted \(String(decoding: bytes, as: UTF8.self))", file: file, line: line)
            return
        }
        XCTAssertEqual(violation.offset, offset, "\(violation)", file: file, line: line)
        XCTAssertTrue(violation.message.hasPrefix(message), "\(violation)", file: file, line: line)
        XCTAssertEqual(violation.description, "\(violation.message) at byte \(offset)", file: file, line: line)
    }

    private func assertViolation(
        _ text: String, at offset: Int, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertViolation(Array(text.utf8), at: offset, message, file: file, line: line)
    }

    /// The definition the validator must agree with: parse, re-encode, compare bytes.
    private func isCanonicalByOracle(_ bytes: [UInt8]) -> Bool {
        guard let value = try? JSONValue(parsing: bytes), let again = try? value.canonicalBytes() else { return false }
        return again == bytes
    }

    // MARK: - Fixtures

    func testFixtures_outputsAreCanonicalInputsAreNot() throws {
        for name in try JCSFixtures.pairNames() {
            XCTAssertNil(JCSValidator.check(try JCSFixtures.bytes("output/\(name).json")), name)
            XCTAssertNotNil(JCSValidator.check(try JCSFixtures.bytes("input/\(name).json")), name)
        }
    }

    /// Every expected number of the ES6 file is canonical, parses back to its double, and stops being
    /// canonical when padded.
    func testES6NumberFile_expectedTokensAreCanonical() throws {
        let rows = try JCSFixtures.numberRows("es6numbers/es6testfile100k.txt")
        XCTAssertEqual(rows.count, 100_000)
        var failures = 0
        for row in rows {
            let token = Array(row.expected.utf8)
            var ok = JCSValidator.check(token) == nil
            if let parsed = try? JSONValue(parsing: token).doubleValue {
                ok = ok && (parsed == row.value && (parsed == 0 || parsed.bitPattern == row.value.bitPattern))
            } else {
                ok = false
            }
            let padded: String
            if row.expected.contains("e") {
                padded = row.expected.replacingOccurrences(of: "e", with: "E")
            } else {
                padded = row.expected + (row.expected.contains(".") ? "0" : ".0")
            }
            ok = ok && check(padded) != nil
            if !ok {
                failures += 1
                if failures <= 10 { XCTFail("line \(row.line): \(row.expected)") }
            }
        }
        XCTAssertEqual(failures, 0)
    }

    // MARK: - Accepted

    func testAccepts_canonicalScalarsAndContainers() {
        for text in [
            "0", "-1", "1.5", "1e+21", "1e-7", "0.000001", "9007199254740992", "9007199254740994", "true", "false",
            "null", #""""#, "[]", "{}", #"[{}]"#, #"{"":[],"a":{"b":null}}"#, #""\u001f\"\\\b\t\n\f\r""#,
            #"{"\n":1,"A":2}"#, #"{"\u001f":1," ":2}"#, "{\"\u{1F602}\":1,\"\u{E000}\":2}", "0.30000000000000004",
            "123456789012345680000", "100000000000000000000", "-0.0000033333333333333333", "5e-324",
        ] {
            XCTAssertNil(check(text), text)
        }
    }

    func testAccepts_nestingUpTo64() {
        XCTAssertEqual(JCSValidator.maxDepth, 64)
        XCTAssertNil(check(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)))
        XCTAssertNil(check(String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64)))
        assertViolation(String(repeating: "[", count: 65) + String(repeating: "]", count: 65), at: 64, "nesting deeper")
    }

    // MARK: - Violations (offset + reason)

    func testRejects_whitespace() {
        assertViolation(" 1", at: 0, "whitespace")
        assertViolation("1\n", at: 1, "whitespace")
        assertViolation("[1, 2]", at: 3, "whitespace")
        assertViolation(#"{"a": 1}"#, at: 5, "whitespace")
        assertViolation(#"{"a" :1}"#, at: 4, "whitespace")
        assertViolation("{ }", at: 1, "whitespace")
        assertViolation("[1 ]", at: 2, "whitespace")
    }

    func testRejects_keyOrderAndDuplicates() {
        assertViolation(#"{"b":1,"a":2}"#, at: 7, "keys out of order")
        assertViolation(#"{"a":1,"a":2}"#, at: 7, "duplicate key")
        assertViolation(#"{"ab":1,"a":2}"#, at: 8, "keys out of order")
        assertViolation(#"{"x":{"b":1,"a":2}}"#, at: 12, "keys out of order")
        assertViolation(#"{"A":1,"\n":2}"#, at: 7, "keys out of order")
        assertViolation(#"{"\"":1,"\"":2}"#, at: 8, "duplicate key")
        // Supplementary characters (UTF-16 D83D...) sort before U+E000 despite their larger code point.
        assertViolation("{\"\u{E000}\":1,\"\u{1F602}\":2}", at: 9, "keys out of order")
        // Outer keys are compared with outer keys only, after a nested object with later keys.
        XCTAssertNil(check(#"{"a":{"z":1},"b":2}"#))
    }

    func testRejects_canonicallyEquivalentKeys() {
        assertViolation("{\"K\":1,\"\u{212A}\":2}", at: 7, "duplicate key (canonically equivalent")
        assertViolation("{\"A\u{30A}\":1,\"\u{C5}\":2}", at: 9, "duplicate key (canonically equivalent")
        XCTAssertNil(check("{\"K\":{\"\u{212A}\":1},\"\u{212A}x\":2}"))
    }

    func testRejects_nonMinimalOrInvalidEscapes() {
        assertViolation(#""\/""#, at: 1, "escape not minimal")
        assertViolation(#""a\u0041""#, at: 2, "escape not minimal")
        assertViolation(#""\u000a""#, at: 1, "escape not minimal")
        assertViolation(#""\u001F""#, at: 1, "escape not minimal")
        assertViolation(#""\u00e9""#, at: 1, "escape not minimal")
        assertViolation(#""\ud83d\ude02""#, at: 1, "escape not minimal")
        assertViolation(#""\x""#, at: 1, "invalid escape")
        assertViolation(#""\u12g4""#, at: 1, "invalid escape")
        assertViolation("\"a\tb\"", at: 2, "unescaped control character")
    }

    func testRejects_invalidUTF8() {
        assertViolation([0x22, 0xC0, 0xAF, 0x22], at: 1, "invalid UTF-8")
        assertViolation([0x22, 0x61, 0xED, 0xA0, 0x80, 0x22], at: 2, "invalid UTF-8")
        assertViolation([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], at: 1, "invalid UTF-8")
        assertViolation([0x22, 0xE2, 0x82, 0x22], at: 1, "invalid UTF-8")
        // Past the eight-byte fast path too.
        assertViolation(Array("\"abcdefghijklmnop".utf8) + [0xFF, 0x22], at: 17, "invalid UTF-8")
    }

    func testRejects_nonCanonicalNumbers() {
        for text in [
            "1.0", "1.50", "1e2", "1E+21", "1e21", "-0", "0.0000001", "1000000000000000000000", "9007199254740993",
            "12345678901234567", "0.10000000000000001", "1.5e+0", "-0.0", "1e-07",
        ] {
            assertViolation(text, at: 0, "number not in canonical form")
        }
        assertViolation("[1,2.50]", at: 3, "number not in canonical form")
        assertViolation("1e400", at: 0, "number out of range")
        assertViolation("01", at: 1, "invalid number")
        assertViolation("1.", at: 2, "invalid number")
        assertViolation("-", at: 1, "invalid number")
    }

    func testRejects_structure() {
        assertViolation([], at: 0, "empty input")
        assertViolation("[1", at: 2, "unexpected end of input")
        assertViolation(#""abc"#, at: 4, "unexpected end of input")
        assertViolation("[1]x", at: 3, "trailing data")
        assertViolation("[1,]", at: 3, "unexpected byte")
        assertViolation("tru", at: 0, "invalid literal")
        assertViolation("[nul]", at: 4, "invalid literal")
        assertViolation(#"{"a"}"#, at: 4, "expected ':'")
        assertViolation("{1:2}", at: 1, "expected a string key")
        assertViolation("[1}", at: 2, "expected ',' or ']'")
    }

    // MARK: - Properties

    func testRandomValues_canonicalBytesPassTheValidator() throws {
        var random = RandomJSON(seed: 1)
        for _ in 0..<3_000 {
            let bytes = try random.value().canonicalBytes()
            XCTAssertNil(JCSValidator.check(bytes), String(decoding: bytes, as: UTF8.self))
        }
    }

    func testLedgerSampleLines_areCanonical() throws {
        for line in try LedgerSample.lines(count: 2_000) {
            XCTAssertNil(JCSValidator.check(line), String(decoding: line, as: UTF8.self))
            XCTAssertEqual(try JSONValue(parsing: line).canonicalBytes(), line)
        }
    }

    /// Random byte-level mutations of canonical text: the validator's verdict must equal the oracle's.
    func testMutations_validatorAgreesWithParseAndReencode() throws {
        var random = RandomJSON(seed: 99)
        let interesting = Array(" \n\t0159-+.eE\"\\/,:{}[]nu".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]
        // DM_SLOW=1 runs twenty times the rounds (same seed, so any failure reproduces).
        let rounds = ProcessInfo.processInfo.environment["DM_SLOW"] == "1" ? 400_000 : 20_000
        var flagged = 0
        for round in 0..<rounds {
            var bytes = try random.value().canonicalBytes()
            for _ in 0..<(1 + random.below(2)) {
                let i = random.below(bytes.count + 1)
                let b = random.below(2) == 0 ? interesting[random.below(interesting.count)] : UInt8(random.below(256))
                switch random.below(4) {
                case 0 where i < bytes.count: bytes[i] = b
                case 1 where i < bytes.count: bytes.remove(at: i)
                case 2 where i + 1 < bytes.count: bytes.swapAt(i, i + 1)
                default: bytes.insert(b, at: i)
                }
            }
            let verdict = JCSValidator.check(bytes)
            if verdict != nil { flagged += 1 }
            XCTAssertEqual(
                verdict == nil, isCanonicalByOracle(bytes),
                "round \(round): \(String(decoding: bytes, as: UTF8.self)) -> \(verdict?.description ?? "canonical")")
        }
        XCTAssertGreaterThan(flagged, rounds * 3 / 4)
    }

    /// The syntactic number fast path must agree with format-and-compare around the 15/16/17-digit borders.
    func testNumberTokens_fastPathAgreesWithES6Formatting() {
        var random = RandomJSON(seed: 5)
        let rounds = ProcessInfo.processInfo.environment["DM_SLOW"] == "1" ? 2_000_000 : 50_000
        for _ in 0..<rounds {
            var token = random.below(3) == 0 ? "-" : ""
            let integerDigits = random.below(4) == 0 ? 0 : 1 + random.below(22)
            token += integerDigits == 0 ? "0" : String(1 + random.below(9))
            for _ in 1..<max(integerDigits, 1) { token += random.below(3) == 0 ? "0" : String(random.below(10)) }
            if random.below(2) == 0 {
                token += "." + String(repeating: "0", count: random.below(8))
                for _ in 0..<(1 + random.below(18)) { token += String(random.below(10)) }
            }
            let expected = Double(token).flatMap(es6NumberString) == token
            XCTAssertEqual(check(token) == nil, expected, token)
        }
    }
}
