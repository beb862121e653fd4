import EventStore
import Foundation
import XCTest

/// What an operator or a second process does to a running `dm serve` (the real binary): the ledger restored from
/// a backup under it.
final class ServeHardeningTests: XCTestCase {
    private func admin(_ root: ScratchRoot) throws -> String {
        try String(contentsOfFile: root.path + "/events/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testLedgerRestoredFromABackupUnderARunningServer_laterWritesLandInTheRestoredFile() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path]).status, 0)
        let server = try ServeProcess(root: root.path)
        let token = try admin(root)
        let backup = root.path + "/ledger.backup"
        try FileManager.default.copyItem(atPath: root.ledgerPath, toPath: backup)
        let lost = try server.request(
            "PATCH", "/api/mappings/site.town", token: token, body: #"{"changes": {"notes": "after the backup"}}"#)
        XCTAssertEqual(lost.status, 200, lost.text)

        // The restore, as an operator does it: copy the backup beside the ledger and rename it over.
        try FileManager.default.copyItem(atPath: backup, toPath: root.path + "/events/restored.jsonl")
        XCTAssertEqual(rename(root.path + "/events/restored.jsonl", root.ledgerPath), 0)

        let edit = try server.request(
            "PATCH", "/api/mappings/site.town", token: token, body: #"{"changes": {"notes": "after the restore"}}"#)
        XCTAssertEqual(edit.status, 200, edit.text)
        let onDisk = try String(contentsOfFile: root.ledgerPath, encoding: .utf8)
        XCTAssertTrue(onDisk.contains("after the restore"), "an acknowledged write is in the file the path names")
        XCTAssertFalse(onDisk.contains("after the backup"), "the restored file is the backup plus the new write")
        let row = try server.request("GET", "/api/mappings/site.town", token: token)
        XCTAssertEqual(row.body["notes"], "after the restore", row.text)
        let snapshot = try server.request("POST", "/api/snapshots", token: token, body: #"{"label": "after"}"#)
        XCTAssertEqual(snapshot.status, 201, snapshot.text)

        XCTAssertEqual(server.stop(), 0)
        let verify = try DMExecutable.run(["ledger", "verify", "--root", root.path])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }
}
