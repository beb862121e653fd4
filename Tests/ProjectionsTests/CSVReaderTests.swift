import Foundation
import Projections
import XCTest

final class CSVReaderTests: XCTestCase {
    /// Chunk sizes that put every buffer boundary in a different place (CRLF split, `""` split, BOM split).
    private let chunkSizes = [1, 2, 3, 4, 5, 64 * 1024]

    private func rows(_ text: String, chunkSize: Int = 64 * 1024) throws -> [[String]] {
        let folder = try TemporaryFolder(self)
        return try readAll(try folder.write("input.csv", text), chunkSize: chunkSize)
    }

    private func failure(_ bytes: [UInt8], chunkSize: Int = 64 * 1024) throws -> CSVError? {
        let folder = try TemporaryFolder(self)
        let url = try folder.write("bad.csv", bytes: bytes)
        return csvError {
            let reader = try CSVReader(url: url, chunkSize: chunkSize)
            while try reader.next() != nil {}
        }
    }

    private func failure(_ text: String) throws -> CSVError? {
        try failure(Array(text.utf8))
    }

    func testReader_emptyFileHasNoHeaderAndNoRows() throws {
        XCTAssertEqual(try rows(""), [[]])
    }

    func testReader_headerOnly() throws {
        XCTAssertEqual(try rows("a,b\n"), [["a", "b"]])
        XCTAssertEqual(try rows("a,b"), [["a", "b"]])
    }

    func testReader_byteOrderMarkAtStartIsSkipped() throws {
        for chunkSize in chunkSizes {
            XCTAssertEqual(try rows("\u{FEFF}id,name\n1,x\n", chunkSize: chunkSize), [["id", "name"], ["1", "x"]])
        }
    }

    func testReader_byteOrderMarkElsewhereIsData() throws {
        XCTAssertEqual(try rows("id\n\u{FEFF}1\n"), [["id"], ["\u{FEFF}1"]])
    }

    func testReader_lineEndingsLFCRLFAndLoneCR() throws {
        let expected = [["a", "b"], ["1", "2"], ["3", "4"]]
        for chunkSize in chunkSizes {
            XCTAssertEqual(try rows("a,b\n1,2\n3,4\n", chunkSize: chunkSize), expected)
            XCTAssertEqual(try rows("a,b\r\n1,2\r\n3,4\r\n", chunkSize: chunkSize), expected)
            XCTAssertEqual(try rows("a,b\r1,2\r3,4", chunkSize: chunkSize), expected)
        }
    }

    func testReader_quotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n\"\",,\"\"\"\"\n"
        for chunkSize in chunkSizes {
            XCTAssertEqual(
                try rows(text, chunkSize: chunkSize),
                [["a", "b", "c"], ["x,y", "say \"hi\"", "two\r\nlines"], ["", "", "\""]])
        }
    }

    func testReader_trailingCommaMeansATrailingEmptyField() throws {
        XCTAssertEqual(try rows("a,b\n1,"), [["a", "b"], ["1", ""]])
        XCTAssertEqual(try rows("a,b\n1,\n"), [["a", "b"], ["1", ""]])
    }

    func testReader_lineReportsWhereTheReturnedRowStarts() throws {
        let folder = try TemporaryFolder(self)
        let url = try folder.write("lines.csv", "a,b\n1,\"multi\nline\"\n2,x\n")
        let reader = try CSVReader(url: url)
        _ = try reader.next()
        XCTAssertEqual(reader.line, 2)
        _ = try reader.next()
        XCTAssertEqual(reader.line, 4)
        XCTAssertNil(try reader.next())
        XCTAssertNil(try reader.next())
    }

    func testReader_unterminatedQuoteNamesWhereItOpened() throws {
        for chunkSize in chunkSizes {
            let error = try failure(Array("a,b\n1,2\n3,\"never\nclosed\n".utf8), chunkSize: chunkSize)
            XCTAssertEqual(error?.code, .unterminatedQuote)
            XCTAssertEqual(error?.line, 3)
            XCTAssertEqual(error?.column, 3)
            XCTAssertTrue(error?.message.contains("add the closing") ?? false)
            XCTAssertTrue(error?.description.contains("bad.csv:3:3: ") ?? false)
        }
    }

    func testReader_quoteInsideUnquotedField() throws {
        let error = try failure("a,b\n1,ab\"c\n")
        XCTAssertEqual(error?.code, .quoteInUnquotedField)
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 5)
    }

    func testReader_textAfterClosingQuote() throws {
        let error = try failure("a,b\n1,\"ab\"c\n")
        XCTAssertEqual(error?.code, .textAfterClosingQuote)
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 7)
    }

    func testReader_rowWithTooManyFieldsPointsAtTheExtraField() throws {
        let error = try failure("a,b\n1,2\n3,4,5\n")
        XCTAssertEqual(error?.code, .fieldCountMismatch)
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 5)
        XCTAssertTrue(error?.message.contains("more fields than the header's 2") ?? false)
    }

    func testReader_rowWithTooFewFieldsPointsAtItsEnd() throws {
        let error = try failure("a,b,c\n1,2,3\n\"x\ny\",2\n")
        XCTAssertEqual(error?.code, .fieldCountMismatch)
        XCTAssertEqual(error?.line, 4)
        XCTAssertTrue(error?.message.contains("starting at line 3 has 2 fields but the header has 3") ?? false)
    }

    func testReader_blankLineInAWideFileIsAFieldCountError() throws {
        let error = try failure("a,b\n1,2\n\n")
        XCTAssertEqual(error?.code, .fieldCountMismatch)
        XCTAssertEqual(error?.line, 3)
    }

    func testReader_blankLineInAOneColumnFileIsAnEmptyValue() throws {
        XCTAssertEqual(try rows("a\n\n\"\"\nx\n"), [["a"], [""], [""], ["x"]])
    }

    func testReader_invalidUTF8IsRejected() throws {
        let error = try failure(Array("a,b\n1,".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        XCTAssertEqual(error?.code, .invalidUTF8)
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 3)
    }

    func testReader_fieldLongerThanTheLimitIsRejected() throws {
        let folder = try TemporaryFolder(self)
        let url = try folder.write("long.csv", "a\n\"" + String(repeating: "x", count: 100))
        let error = csvError {
            let reader = try CSVReader(url: url, maxFieldBytes: 10)
            while try reader.next() != nil {}
        }
        XCTAssertEqual(error?.code, .fieldTooLong)
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 1)
    }

    func testReader_afterAnErrorNextKeepsThrowingIt() throws {
        let folder = try TemporaryFolder(self)
        let url = try folder.write("bad.csv", "a\n\"x\"y\nz\n")
        let reader = try CSVReader(url: url)
        let first = csvError { _ = try reader.next() }
        let second = csvError { _ = try reader.next() }
        XCTAssertEqual(first, second)
    }

    func testReader_errorInTheHeaderIsThrownByInit() throws {
        let error = try failure("a,\"b\n")
        XCTAssertEqual(error?.code, .unterminatedQuote)
        XCTAssertEqual(error?.line, 1)
    }

    func testReader_missingFileIsAnIOError() throws {
        let folder = try TemporaryFolder(self)
        XCTAssertThrowsError(try CSVReader(url: folder.file("missing.csv"))) { error in
            let ioError = error as? FileIOError
            XCTAssertEqual(ioError?.operation, "open")
            XCTAssertTrue(ioError?.description.contains("check that the folder exists") ?? false)
        }
    }

    func testReader_closeEndsReading() throws {
        let folder = try TemporaryFolder(self)
        let reader = try CSVReader(url: try folder.write("x.csv", "a\n1\n2\n"))
        XCTAssertEqual(try reader.next(), ["1"])
        reader.close()
        XCTAssertNil(try reader.next())
    }

    func testReader_manyRowsStreamThroughASmallBuffer() throws {
        let folder = try TemporaryFolder(self)
        var text = "id,note\n"
        for number in 0..<5_000 {
            text += "\(number),\"line \(number), with \"\"quotes\"\"\"\n"
        }
        let url = try folder.write("many.csv", text)
        let reader = try CSVReader(url: url, chunkSize: 100)
        var expected = 0
        try reader.forEachRow { row in
            XCTAssertEqual(row, ["\(expected)", "line \(expected), with \"quotes\""])
            expected += 1
        }
        XCTAssertEqual(expected, 5_000)
    }
}
