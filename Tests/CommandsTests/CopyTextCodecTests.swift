import XCTest

@testable import Commands

/// PostgreSQL's COPY text format: decoding and encoding, values only.
final class CopyTextCodecTests: XCTestCase {
    private func failure(_ line: String) -> CopyTextSyntaxError? {
        do {
            _ = try CopyTextCodec.decode(line)
            return nil
        } catch {
            return error
        }
    }

    func testDecode_nullIsNotTheEmptyString() throws {
        XCTAssertEqual(try CopyTextCodec.decode("1\t\\N\t\tx"), ["1", nil, "", "x"])
        XCTAssertEqual(try CopyTextCodec.decode("\\N"), [nil])
        XCTAssertEqual(try CopyTextCodec.decode(""), [""])
        XCTAssertEqual(try CopyTextCodec.decode("\t"), ["", ""])
    }

    func testDecode_plainFieldsIncludingTrailingEmptyAndNonASCII() throws {
        XCTAssertEqual(try CopyTextCodec.decode("a\t"), ["a", ""])
        XCTAssertEqual(try CopyTextCodec.decode("Zoë\tØ\\n"), ["Zoë", "Ø\n"])
    }

    func testDecode_rejectsInvalidUTF8InAPlainField() {
        let bytes: [UInt8] = Array("ok\t".utf8) + [0xFF, 0x41]
        var fields: [String?] = []
        XCTAssertThrowsError(try bytes.withUnsafeBufferPointer { try CopyTextCodec.decode($0, into: &fields) }) {
            error in
            XCTAssertEqual((error as? CopyTextSyntaxError)?.column, 4)
            XCTAssertTrue((error as? CopyTextSyntaxError)?.message.contains("UTF-8") == true)
        }
    }

    func testDecode_backslashEscapes() throws {
        XCTAssertEqual(
            try CopyTextCodec.decode("a\\tb\\nc\\\\d\\re\\bf\\fg\\vh"), ["a\tb\nc\\d\re\u{8}f\u{C}g\u{B}h"])
    }

    func testDecode_octalAndHex() throws {
        XCTAssertEqual(try CopyTextCodec.decode("\\101\\12\\0x\\x41\\x7e\\xA"), ["A\n\u{0}xA~\n"])
        // Escaped bytes that together form UTF-8 are one character.
        XCTAssertEqual(try CopyTextCodec.decode("caf\\303\\251 \\xc3\\xa9"), ["café é"])
        XCTAssertEqual(try CopyTextCodec.decode("\\1234"), ["S4"])
    }

    func testDecode_errorsNameTheColumn() {
        let cases: [(String, Int, String)] = [
            ("abc\\", 4, "end of the line"),
            ("ok\tab\\qc", 6, "unknown escape \\q"),
            ("\\xZZ", 1, "hex digits"),
            ("\\777", 1, "above \\377"),
            ("a\\N", 2, "whole field"),
            ("\\Nx", 1, "whole field"),
            ("é\t\\.", 3, "unknown escape \\."),
            ("ok\t\\377\\376", 4, "not valid UTF-8"),
        ]
        for (line, column, message) in cases {
            guard let error = failure(line) else {
                XCTFail("\(line) was accepted")
                continue
            }
            XCTAssertEqual(error.column, column, "\(line): \(error.message)")
            XCTAssertTrue(error.message.contains(message), "\(line): \(error.message)")
        }
    }

    func testEncode_asPgDumpWritesAndRoundTrips() throws {
        let values: [String?] = [
            nil, "", "plain", "tab\there", "nl\ncr\r", "back\\slash", "\u{8}\u{C}\u{B}", "é€", "\\N",
        ]
        var bytes: [UInt8] = []
        for (position, value) in values.enumerated() {
            if position > 0 { bytes.append(0x09) }
            CopyTextCodec.appendField(value, to: &bytes)
        }
        let line = String(decoding: bytes, as: UTF8.self)
        XCTAssertEqual(line, "\\N\t\tplain\ttab\\there\tnl\\ncr\\r\tback\\\\slash\t\\b\\f\\v\té€\t\\\\N")
        XCTAssertEqual(try CopyTextCodec.decode(line), values)
    }
}
