import EventStore
import Foundation
import Projections
import XCTest

/// `JSONReportWriter`: valid JSON, keys in JCS order, integers only, atomic.
final class JSONReportWriterTests: XCTestCase {
    func testWriter_prettyPrintsWithSortedKeysAndReadsBack() throws {
        let value: JSONValue = [
            "zeta": 1, "alpha": ["b": true, "a": .null, "é": "x"], "list": [1, "two", [], [:]], "Beta": -42,
            "escapes": "quote \" backslash \\ newline \n tab \t bell \u{07} é 😀",
        ]

        let bytes = try JSONReportWriter.encode(value)
        let text = String(decoding: bytes, as: UTF8.self)

        XCTAssertEqual(try JSONValue(parsing: bytes), value)
        XCTAssertEqual(
            text,
            """
            {
              "Beta": -42,
              "alpha": {
                "a": null,
                "b": true,
                "é": "x"
              },
              "escapes": "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007 é 😀",
              "list": [
                1,
                "two",
                [],
                {}
              ],
              "zeta": 1
            }

            """)
    }

    func testWriter_keysFollowUTF16OrderLikeJCS() throws {
        // U+FF21 (fullwidth A) sorts after U+1F600 in code points but before it in UTF-16 code units.
        let value: JSONValue = ["\u{1F600}": 1, "\u{FF21}": 2, "b": 3]
        let text = String(decoding: try JSONReportWriter.encode(value), as: UTF8.self)
        let order = ["\"b\"", "\"\u{1F600}\"", "\"\u{FF21}\""].map { text.range(of: $0)?.lowerBound }
        XCTAssertEqual(order.compactMap { $0 }.sorted(), order.compactMap { $0 })
        XCTAssertEqual(
            String(decoding: try value.canonicalBytes(), as: UTF8.self),
            String(decoding: try JSONReportWriter.encode(value), as: UTF8.self).filter { !$0.isWhitespace })
    }

    func testWriter_refusesFractionsAndWritesAtomically() throws {
        XCTAssertThrowsError(try JSONReportWriter.encode(["rate": ["value": 0.025]])) { error in
            XCTAssertEqual((error as? JSONReportWriter.EncodingError)?.path, "$.rate.value")
        }
        XCTAssertThrowsError(try JSONReportWriter.encode([.number(9_007_199_254_740_992)]))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jsonreport-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("report.json")
        try JSONReportWriter.write(["ok": true], to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "{\n  \"ok\": true\n}\n")
        XCTAssertThrowsError(try JSONReportWriter.write(["bad": 0.5], to: url))
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "{\n  \"ok\": true\n}\n", "old file kept")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["report.json"])
    }
}
