import Foundation
import Projections
import XCTest

final class CSVWriterTests: XCTestCase {
    private func text(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    func testWriter_quotesOnlyWhatMustBeQuotedAndEndsLinesWithLF() throws {
        let folder = try TemporaryFolder(self)
        let url = folder.file("out.csv")
        let writer = try CSVWriter(url: url, header: ["a", "b", "c"])
        try writer.write(["plain", "with,comma", "say \"hi\""])
        try writer.write(["cr\rhere", "lf\nhere", " spaces kept "])
        try writer.write(["", "", ""])
        try writer.commit()
        XCTAssertEqual(
            try text(url),
            "a,b,c\nplain,\"with,comma\",\"say \"\"hi\"\"\"\n\"cr\rhere\",\"lf\nhere\", spaces kept \n,,\n")
        XCTAssertEqual(writer.rowsWritten, 3)
    }

    func testWriter_nothingAppearsBeforeCommit() throws {
        let folder = try TemporaryFolder(self)
        let url = folder.file("report.csv")
        let writer = try CSVWriter(url: url, header: ["x"])
        try writer.write(["1"])
        let pending = try folder.contents()
        XCTAssertEqual(pending.count, 1)
        XCTAssertTrue(pending[0].hasPrefix("report.csv.") && pending[0].hasSuffix(".tmp"), "\(pending)")
        try writer.commit()
        XCTAssertEqual(try folder.contents(), ["report.csv"])
        XCTAssertEqual(try text(url), "x\n1\n")
    }

    func testWriter_commitReplacesAnOlderFileAtomically() throws {
        let folder = try TemporaryFolder(self)
        let url = try folder.write("report.csv", "old\n")
        let writer = try CSVWriter(url: url, header: ["new"])
        XCTAssertEqual(try text(url), "old\n")
        try writer.commit()
        XCTAssertEqual(try text(url), "new\n")
    }

    func testWriter_abandonDeletesTheTemporaryFileAndKeepsTheOldOne() throws {
        let folder = try TemporaryFolder(self)
        let url = try folder.write("report.csv", "old\n")
        let writer = try CSVWriter(url: url, header: ["new"], bufferCapacity: 1)
        try writer.write(["flushed already"])
        writer.abandon()
        XCTAssertEqual(try folder.contents(), ["report.csv"])
        XCTAssertEqual(try text(url), "old\n")
    }

    func testWriter_droppedWithoutCommitLeavesNothing() throws {
        let folder = try TemporaryFolder(self)
        do {
            let writer = try CSVWriter(url: folder.file("half.csv"), header: ["x"], bufferCapacity: 1)
            try writer.write(["1"])
        }
        XCTAssertEqual(try folder.contents(), [])
    }

    func testWriter_smallBufferGivesTheSameBytesAsALargeOne() throws {
        let folder = try TemporaryFolder(self)
        var outputs: [String] = []
        for capacity in [1, 7, 64, CSVWriter.defaultBufferCapacity] {
            let url = folder.file("out-\(capacity).csv")
            let writer = try CSVWriter(url: url, header: ["n", "text"], bufferCapacity: capacity)
            for number in 0..<500 {
                try writer.write(["\(number)", "row \"\(number)\", ok"])
            }
            if capacity == 1 {
                XCTAssertGreaterThan(writer.bytesFlushed, 0, "a 1-byte buffer flushes on every row")
            }
            try writer.commit()
            outputs.append(try text(url))
        }
        XCTAssertEqual(Set(outputs).count, 1)
    }

    func testWriter_rowOfTheWrongWidthIsRefused() throws {
        let folder = try TemporaryFolder(self)
        let writer = try CSVWriter(url: folder.file("w.csv"), header: ["a", "b"])
        let error = csvError { try writer.write(["only one"]) }
        XCTAssertEqual(error?.code, .invalidUse)
        XCTAssertTrue(error?.message.contains("row 1 has 1 fields but the header has 2") ?? false)
    }

    func testWriter_emptyHeaderIsRefused() throws {
        let folder = try TemporaryFolder(self)
        let error = csvError { _ = try CSVWriter(url: folder.file("w.csv"), header: []) }
        XCTAssertEqual(error?.code, .invalidUse)
        XCTAssertEqual(try folder.contents(), [])
    }

    func testWriter_writeAfterCommitOrAbandonIsRefused() throws {
        let folder = try TemporaryFolder(self)
        let committed = try CSVWriter(url: folder.file("c.csv"), header: ["a"])
        try committed.commit()
        XCTAssertEqual(csvError { try committed.write(["x"]) }?.code, .invalidUse)
        XCTAssertThrowsError(try committed.commit())
        let abandoned = try CSVWriter(url: folder.file("d.csv"), header: ["a"])
        abandoned.abandon()
        XCTAssertEqual(csvError { try abandoned.write(["x"]) }?.code, .invalidUse)
        XCTAssertEqual(try folder.contents(), ["c.csv"])
    }

    func testWriter_missingFolderIsAnIOErrorNamingTheTemporaryFile() throws {
        let folder = try TemporaryFolder(self)
        let url = folder.file("no/such/folder/out.csv")
        XCTAssertThrowsError(try CSVWriter(url: url, header: ["a"])) { error in
            let ioError = error as? FileIOError
            let path = ioError?.path ?? ""
            XCTAssertTrue(path.hasPrefix(url.path + ".") && path.hasSuffix(".tmp"), "names the temporary file: \(path)")
            XCTAssertEqual(ioError?.errorNumber, ENOENT)
        }
    }

    func testWriter_neutralisedReportPrefixesFormulaCells() throws {
        let folder = try TemporaryFolder(self)
        let url = folder.file("people.csv")
        let writer = try CSVWriter(url: url, header: ["value", "note"], neutraliseFormulas: true)
        XCTAssertTrue(writer.neutraliseFormulas)
        try writer.write(["=HYPERLINK(\"http://x\",\"y\")", "-5"])
        try writer.write(["fine", "a=b"])
        try writer.commit()
        XCTAssertEqual(
            try text(url), "value,note\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'-5\nfine,a=b\n")
    }
}
