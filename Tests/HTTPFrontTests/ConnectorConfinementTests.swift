import Foundation
import XCTest

@testable import HTTPFront

/// The connector routes read only inside the server's data root: table names are names, every file opened is
/// resolved (symbolic links followed) and refused outside, and a refusal never tells whether an outside path exists.
final class ConnectorConfinementTests: XCTestCase {
    private var outside = ""

    override func setUpWithError() throws {
        outside = FileManager.default.temporaryDirectory.path + "/dm-outside-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "NAME,NHS_NO\nSECRET,9434765919\n".write(toFile: outside + "/SECRET.csv", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: outside)
    }

    /// A harness whose csv folder holds one ordinary table.
    private func harness() throws -> APITestHarness {
        let api = try APITestHarness()
        let folder = api.root + "/mock_data/source/csv"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "ID,NAME\n1,a\n".write(toFile: folder + "/WARD.csv", atomically: true, encoding: .utf8)
        return api
    }

    private func preview(_ api: APITestHarness, table: String) -> APITestHarness.Response {
        api.admin(
            .post, "/api/connectors/preview",
            body: #"{"connector":"csv","settings":{"directory":"mock_data/source/csv"},"table":"\#(table)"}"#)
    }

    func testPreview_tableNameWithATraversal_isRefusedAndReadsNothing() throws {
        let api = try harness()
        let relative = String(repeating: "../", count: 12) + outside.dropFirst() + "/SECRET"
        for table in [relative, "../../../../outside/SECRET", "WARD/../WARD", ".hidden", "-x", ""] {
            let response = preview(api, table: table)
            XCTAssertEqual(response.status, 422, "a path is not a table name: \(table)")
            XCTAssertFalse(response.text.contains("9434765919"), "no outside row: \(response.text)")
        }
        XCTAssertEqual(preview(api, table: "WARD").status, 200, "an ordinary table still reads")
    }

    func testPreview_symlinkedFileInsideTheFolder_pointingOutside_isRefused() throws {
        let api = try harness()
        try FileManager.default.createSymbolicLink(
            atPath: api.root + "/mock_data/source/csv/LEAK.csv", withDestinationPath: outside + "/SECRET.csv")
        let response = preview(api, table: "LEAK")
        XCTAssertEqual(response.status, 422, response.text)
        XCTAssertFalse(response.text.contains("9434765919"), response.text)
        XCTAssertFalse(response.text.contains(outside), "the outside path is not echoed: \(response.text)")
    }

    func testCacheDescriptionOutsideTheRoot_refusedAlike_whetherTheFileExistsOrNot() throws {
        let api = try harness()
        let cache = api.root + "/mock_data/source/cache"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        func check(_ description: String) -> APITestHarness.Response {
            api.admin(
                .post, "/api/connectors/check",
                body: #"{"connector":"cache_iris_emulator","settings":{"directory":"mock_data/source/cache","#
                    + #""description":"\#(description)"}}"#)
        }
        let existing = check(outside + "/SECRET.csv")
        let missing = check(outside + "/NO-SUCH-FILE.json")
        let relative = check("../../../" + String(repeating: "../", count: 10) + outside.dropFirst() + "/SECRET.csv")
        XCTAssertEqual(existing.status, 422, existing.text)
        XCTAssertEqual(missing.status, existing.status)
        XCTAssertEqual(relative.status, existing.status)
        XCTAssertEqual(missing.body["error"]?["message"], existing.body["error"]?["message"], "no existence oracle")
        XCTAssertEqual(relative.body["error"]?["message"], existing.body["error"]?["message"])
    }
}
