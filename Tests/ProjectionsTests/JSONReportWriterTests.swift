import EventStore
import Foundation
import Projections
import XCTest

final class JSONReportWriterTests: XCTestCase {
    func testEncode_sortsKeysIndentsTwoSpacesAndEndsWithNewline() throws {
        let value: JSONValue = [
            "zeta": 1, "alpha": ["b": true, "a": .null], "list": [1.5, "x\"y", [], [:]], "empty": [],
        ]
        let text = String(decoding: try JSONReportWriter.encode(value), as: UTF8.self)
        XCTAssertEqual(
            text,
            """
            {
              "alpha": {
                "a": null,
                "b": true
              },
              "empty": [],
              "list": [
                1.5,
                "x\\"y",
                [],
                {}
              ],
              "zeta": 1
            }

            """)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["zeta"] as? Int, 1)
    }

    func testWrite_isAtomicAndLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder(self)
        let url = folder.file("report.json")
        try JSONReportWriter.write(["status": "PASS"], to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "{\n  \"status\": \"PASS\"\n}\n")
        XCTAssertEqual(try folder.contents(), ["report.json"])
    }
}
