import EventStore
import Foundation
import XCTest

/// `dm serve`, the real executable, driven over HTTP through a whole migration: run, gate, rejects and issues,
/// snapshot, a four-eyes mapping change by two users, restore; then the ledger verifies.
final class ServeEndToEndTests: XCTestCase {
    func testFullRunOverHTTP_snapshotEditApproveRestore_ledgerVerifies() throws {
        let root = ScratchRoot()
        let server = try ServeProcess(root: root.path)
        XCTAssertEqual(server.standardOutput, "listening on http://127.0.0.1:\(server.port)\n", "one stdout line")
        let admin = try String(contentsOfFile: root.path + "/events/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        // The brief's health check, as written.
        let health = try server.request("GET", "/health")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.text, #"{"status":"ok"}"#)

        // The CLI, another process, registers a user while the server runs: the server sees it without a restart.
        let added = try DMExecutable.run(["users", "add", "vera", "--role", "viewer", "--root", root.path])
        XCTAssertEqual(added.status, 0, added.stderr)
        let veraToken = try XCTUnwrap(
            added.stdout.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        let vera = try server.request("GET", "/api/users/me", token: veraToken)
        XCTAssertEqual(vera.status, 200, vera.text)
        XCTAssertEqual(vera.body["user"]?["name"], "vera")
        XCTAssertEqual(
            try server.request("POST", "/api/snapshots", token: veraToken, body: #"{"label": "x"}"#).status, 403)

        // Two people: an engineer edits, a steward approves.
        let engineer = try server.request(
            "POST", "/api/users", token: admin, body: #"{"name": "eddie", "role": "engineer"}"#)
        XCTAssertEqual(engineer.status, 201, engineer.text)
        let steward = try server.request(
            "POST", "/api/users", token: admin, body: #"{"name": "stew", "role": "steward"}"#)
        let eddie = try XCTUnwrap(engineer.body["token"]?.stringValue)
        let stew = try XCTUnwrap(steward.body["token"]?.stringValue)

        // Execute → poll to completion → gate PASS.
        let started = try server.request("POST", "/api/runs/execute", token: admin, body: #"{"rows": 20}"#)
        XCTAssertEqual(started.status, 202, started.text)
        let runID = try XCTUnwrap(started.body["run_id"]?.stringValue)
        var run = JSONValue.null
        let deadline = Date().addingTimeInterval(180)
        repeat {
            run = try server.request("GET", "/api/runs/\(runID)", token: admin).body
            if ["passed", "gate_failed", "failed"].contains(run["status"]?.stringValue ?? "") { break }
            Thread.sleep(forTimeInterval: 0.2)
        } while Date() < deadline
        XCTAssertEqual(run["status"], "passed")
        XCTAssertEqual(run["gate"]?["verdict"], "PASS")

        // Rejects and both issue kinds are readable.
        let rejects = try server.request("GET", "/api/rejects/crosswalk", token: admin)
        XCTAssertEqual(rejects.status, 200)
        XCTAssertEqual(rejects.body["total"], run["rejects"]?["count"])
        for kind in ["enterprise", "contract"] {
            let issues = try server.request("GET", "/api/quality/issues?kind=\(kind)", token: admin)
            XCTAssertEqual(issues.status, 200, kind)
            XCTAssertEqual(issues.body["total"], run["issues"]?[kind], kind)
        }

        // Snapshot, then change a row under four eyes.
        let snapshot = try server.request("POST", "/api/snapshots", token: admin, body: #"{"label": "before-edit"}"#)
        XCTAssertEqual(snapshot.status, 201, snapshot.text)
        let snapshotID = try XCTUnwrap(snapshot.body["id"]?.stringValue)
        let contractAtSnapshot = try server.request("GET", "/api/mappings?page_size=500", token: admin).body["items"]
        let csvAtSnapshot = try Data(contentsOf: URL(fileURLWithPath: root.path + "/reports/mapping_contract.csv"))

        let head = try XCTUnwrap(server.request("GET", "/api/ledger/head", token: admin).body["seq"]?.intValue)
        let edited = try server.request(
            "PATCH", "/api/mappings/patient.nhs_number", token: eddie,
            body: #"{"changes": {"notes": "re-checked against PDS"}, "expected_seq": \#(head)}"#)
        XCTAssertEqual(edited.status, 200, edited.text)
        XCTAssertEqual(edited.body["edited_by"], "eddie")
        let selfApproval = try server.request(
            "POST", "/api/mappings/patient.nhs_number/status", token: eddie, body: #"{"status": "approved"}"#)
        XCTAssertEqual(selfApproval.status, 403)
        let approved = try server.request(
            "POST", "/api/mappings/patient.nhs_number/status", token: stew, body: #"{"status": "approved"}"#)
        XCTAssertEqual(approved.status, 200, approved.text)
        XCTAssertEqual(approved.body["approved_by"], "stew")
        XCTAssertEqual(approved.body["version"], 2)
        XCTAssertNotEqual(
            try server.request("GET", "/api/mappings?page_size=500", token: admin).body["items"], contractAtSnapshot)

        // Restore: the contract equals the snapshot's again, over the API and on disk.
        let restored = try server.request("POST", "/api/snapshots/\(snapshotID)/restore", token: admin, body: "{}")
        XCTAssertEqual(restored.status, 200, restored.text)
        XCTAssertEqual(
            try server.request("GET", "/api/mappings?page_size=500", token: admin).body["items"], contractAtSnapshot)
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: root.path + "/reports/mapping_contract.csv")), csvAtSnapshot)

        XCTAssertEqual(server.stop(), 0, "SIGTERM stops the server gracefully")
        XCTAssertTrue(server.standardError.contains(#""event":"access""#))
        XCTAssertFalse(server.standardError.contains(admin), "no token in the log")
        XCTAssertFalse(server.standardError.contains(eddie), "no token in the log")
        let verify = try DMExecutable.run(["ledger", "verify", "--root", root.path])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }

    func testServe_refusesABadPortWithAUsageError() throws {
        let root = ScratchRoot()
        let output = try DMExecutable.run(["serve", "--root", root.path, "--port", "99999"])
        XCTAssertEqual(output.status, 2)
        XCTAssertTrue(output.stderr.contains("--port must be a port number from 0 to 65535"), output.stderr)
    }
}
