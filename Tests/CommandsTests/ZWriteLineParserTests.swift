import XCTest

@testable import Commands

/// The ZWRITE line parser and encoder: values in, values out, no files.
final class ZWriteLineParserTests: XCTestCase {
    private let parser = ZWriteLineParser()

    private func failure(_ line: String) -> ZWriteSyntaxError? {
        do {
            _ = try parser.parse(line)
            return nil
        } catch {
            return error
        }
    }

    func testParse_numericSubscriptAndPieces() throws {
        let node = try parser.parse(#"^PAT(123)="SMITH^JOHN^1970-01-01""#)
        XCTAssertEqual(node, ZWriteNode(global: "PAT", subscripts: ["123"], value: "SMITH^JOHN^1970-01-01"))
    }

    func testParse_multipleSubscriptsQuotedNegativeAndDecimal() throws {
        let node = try parser.parse(#"^%PAS(-4,"ALIAS","A,B)",0.5,"007")=42"#)
        XCTAssertEqual(node.global, "%PAS")
        XCTAssertEqual(node.subscripts, ["-4", "ALIAS", "A,B)", "0.5", "007"])
        XCTAssertEqual(node.value, "42")
    }

    func testParse_noSubscripts() throws {
        XCTAssertEqual(try parser.parse(#"^COUNT="3""#), ZWriteNode(global: "COUNT", subscripts: [], value: "3"))
    }

    func testParse_doubledQuotesAndEmptyString() throws {
        XCTAssertEqual(try parser.parse(#"^X(1)="O""Neil said ""hi""""#).value, #"O"Neil said "hi""#)
        XCTAssertEqual(try parser.parse(#"^X(1)="""#).value, "")
        XCTAssertEqual(try parser.parse(#"^X("""")=1"#).subscripts, [#"""#])
    }

    func testParse_characterEscapesAndConcatenation() throws {
        XCTAssertEqual(try parser.parse(#"^X(1)="A"_$C(9)_"B""#).value, "A\tB")
        XCTAssertEqual(try parser.parse(#"^X(1)=$C(13,10)"#).value, "\r\n")
        XCTAssertEqual(try parser.parse(#"^X(1)=$c(0)_"x"_$CHAR(233,8364)"#).value, "\u{0}xé€")
        XCTAssertEqual(try parser.parse(#"^X("a"_$C(10)_"b")="""#).subscripts, ["a\nb"])
    }

    func testParse_utf8InsideStrings() throws {
        XCTAssertEqual(try parser.parse("^X(1)=\"Zoë^Ørsted\"").value, "Zoë^Ørsted")
    }

    func testParse_errorsNameTheColumn() {
        let cases: [(String, Int, String)] = [
            (#"PAT(1)="A""#, 1, "starts with ^"),
            (#"^PAT(1)"A""#, 8, "expected ="),
            (#"^PAT(1="A""#, 7, "expected , or )"),
            (#"^PAT(1)="unclosed"#, 18, "opened at column 9 is not closed"),
            (#"^PAT(1)="A"_$C(x)"#, 16, "character code"),
            (#"^PAT(1)="A" junk"#, 12, "unexpected text"),
            (#"^PAT(1)=$ZDATE(1)"#, 9, "only $C"),
            (#"^PAT(1)="A"_"#, 13, "expected a value"),
            (#"^1PAT(1)="A""#, 2, "global name"),
            (#"^PAT(1)=$C(55296)"#, 12, "not a Unicode character"),
            (#"^PAT(1.)=1"#, 8, "digits after the decimal point"),
            ("^PAT(1)=\"é\" x", 12, "unexpected text"),
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

    func testParse_rejectsInvalidUTF8() {
        let bytes: [UInt8] = Array(#"^X(1)=""#.utf8) + [0xFF] + [0x22]
        XCTAssertThrowsError(try bytes.withUnsafeBufferPointer { try parser.parse($0) }) { error in
            XCTAssertTrue((error as? ZWriteSyntaxError)?.message.contains("UTF-8") == true, "\(error)")
        }
    }

    func testEncoder_writesWhatZWRITEPrints() {
        var bytes: [UInt8] = []
        ZWriteEncoder.appendNode(global: "PAT", subscripts: ["123", "007", "A"], value: "x\"y\t\r\nz", to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "^PAT(123,\"007\",\"A\")=\"x\"\"y\"_$C(9,13,10)_\"z\"\n")
        bytes = []
        ZWriteEncoder.appendNode(global: "G", subscripts: ["-5"], value: "\u{7F}", to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "^G(-5)=$C(127)\n")
    }

    func testEncoder_roundTripsThroughTheParser() throws {
        let values = ["", "plain", "\"", "\"\"", "\t", "a\tb", "\tlead", "trail\n", "é\u{1}ü", "^^", "$C(9)", "_"]
        for value in values {
            for key in ["1", "0", "-12", "01", "1.5", "", "K\"Y"] {
                var bytes: [UInt8] = []
                ZWriteEncoder.appendNode(global: "T", subscripts: [key, value], value: value, to: &bytes)
                let line = String(decoding: bytes.dropLast(), as: UTF8.self)
                XCTAssertEqual(
                    try parser.parse(line), ZWriteNode(global: "T", subscripts: [key, value], value: value), line)
            }
        }
    }

    func testCanonicalInteger() {
        XCTAssertTrue(ZWriteEncoder.isCanonicalInteger("0"))
        XCTAssertTrue(ZWriteEncoder.isCanonicalInteger("-17"))
        XCTAssertFalse(ZWriteEncoder.isCanonicalInteger("007"))
        XCTAssertFalse(ZWriteEncoder.isCanonicalInteger("-0"))
        XCTAssertFalse(ZWriteEncoder.isCanonicalInteger(""))
        XCTAssertFalse(ZWriteEncoder.isCanonicalInteger("1234567890123456"))
    }
}
