import Foundation
import Projections
import XCTest

/// The csv-spectrum vectors (Fixtures/csv, used unchanged): each CSV must parse to exactly its JSON.
final class CSVSpectrumTests: XCTestCase {
    /// The one upstream file that is not RFC 4180 (bare quotes in an unquoted field); see Fixtures/csv/README.md.
    private static let strictRejection = "location_coordinates"

    private var spectrumFolder: URL {
        get throws {
            let fixtures = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            return fixtures.appendingPathComponent("csv", isDirectory: true)
        }
    }

    private func vectorNames() throws -> [String] {
        let csvs = try spectrumFolder.appendingPathComponent("csvs", isDirectory: true)
        return try FileManager.default.contentsOfDirectory(atPath: csvs.path)
            .filter { $0.hasSuffix(".csv") }
            .map { String($0.dropLast(4)) }
            .sorted()
    }

    private func csvURL(_ name: String) throws -> URL {
        try spectrumFolder.appendingPathComponent("csvs/\(name).csv")
    }

    /// The expected rows: the JSON array of objects, each turned into the header's order.
    private func expectedObjects(_ name: String) throws -> [[String: String]] {
        let data = try Data(contentsOf: spectrumFolder.appendingPathComponent("json/\(name).json"))
        let parsed = try JSONSerialization.jsonObject(with: data)
        let objects = try XCTUnwrap(parsed as? [[String: String]], "\(name).json is not an array of string objects")
        return objects
    }

    func testSpectrum_allTwelveVectorsArePresent() throws {
        XCTAssertEqual(
            try vectorNames(),
            [
                "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "location_coordinates",
                "newlines", "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8",
            ])
    }

    func testSpectrum_everyVectorParsesToItsJSON() throws {
        for name in try vectorNames() where name != Self.strictRejection {
            for chunkSize in [1, 2, 3, 7, 256 * 1024] {
                let rows = try readAll(try csvURL(name), chunkSize: chunkSize)
                let header = try XCTUnwrap(rows.first, name)
                let objects = rows.dropFirst().map { row in
                    Dictionary(uniqueKeysWithValues: zip(header, row))
                }
                XCTAssertEqual(objects, try expectedObjects(name), "\(name) with chunk size \(chunkSize)")
                // Equal dictionaries could hide a missing column; every row must be as wide as the header.
                for row in rows.dropFirst() {
                    XCTAssertEqual(row.count, header.count, name)
                }
            }
        }
    }

    func testSpectrum_keepsLineBreaksInsideQuotesByteForByte() throws {
        let rows = try readAll(try csvURL("newlines_crlf"))
        XCTAssertEqual(rows[2][0], "Once upon \r\na time")
        XCTAssertEqual(try readAll(try csvURL("newlines"))[2][0], "Once upon \na time")
    }

    func testSpectrum_locationCoordinatesIsRejectedWithItsPosition() throws {
        let url = try csvURL(Self.strictRejection)
        let error = csvError {
            let reader = try CSVReader(url: url)
            while try reader.next() != nil {}
        }
        XCTAssertEqual(error?.code, .quoteInUnquotedField)
        // `2095257564,37?36'37.8"N`: the quote is the 22nd character of line 2 (the U+FFFD counts as one).
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 22)
        XCTAssertEqual(error?.file, url.path)
        XCTAssertTrue(error?.description.hasPrefix("\(url.path):2:22: ") ?? false)
    }

    func testSpectrum_jsonWrittenBackReadsTheSame() throws {
        let folder = try TemporaryFolder(self)
        for name in try vectorNames() where name != Self.strictRejection {
            let header = try readAll(try csvURL(name))[0]
            let objects = try expectedObjects(name)
            let target = folder.file("\(name).csv")
            let writer = try CSVWriter(url: target, header: header)
            for object in objects {
                try writer.write(header.map { object[$0] ?? "" })
            }
            try writer.commit()
            let rows = try readAll(target)
            XCTAssertEqual(rows[0], header, name)
            XCTAssertEqual(rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }, objects, name)
        }
    }
}
