import EventStore
import Foundation
import XCTest

/// A sign-off attests to the evidence it saw (the run's artifacts, the contract with its statuses, the crosswalk
/// approvals, the code sets): on the real binary, a later change voids it, the gate report names it, and a re-run
/// archives the contract it actually ran with.
final class SignOffEvidenceTests: XCTestCase {
    private func dm(_ root: ScratchRoot, _ arguments: [String]) throws -> DMExecutable.Output {
        try DMExecutable.run(arguments + ["--root", root.path])
    }

    private func json(_ root: ScratchRoot, _ path: String) throws -> JSONValue {
        try JSONValue(parsing: [UInt8](Data(contentsOf: URL(fileURLWithPath: root.path + "/" + path))))
    }

    private func latestRun(_ root: ScratchRoot) throws -> String {
        try XCTUnwrap(json(root, "reports/product_lifecycle_run.json")["run_id"]?.stringValue)
    }

    private func signOffReason(_ root: ScratchRoot) throws -> String {
        let checks = try json(root, "reports/release_gate_report.json")["checks"]?.arrayValue ?? []
        return checks.first { $0["id"] == "sign_offs" }?["reason"]?.stringValue ?? ""
    }

    /// Registers the steward and both signers, and approves every mapping row and auto-mapped crosswalk entry.
    private func approveEverything(_ root: ScratchRoot) throws {
        XCTAssertEqual(try dm(root, ["mappings", "bulk", "approve", "--actor", "sam"]).status, 0)
        let keys = try dm(root, ["crosswalks", "list"]).stdout.split(separator: "\n")
            .filter { $0.contains("auto →") }.map { String($0.split(separator: "\t")[0]) }
        XCTAssertEqual(try dm(root, ["crosswalks", "approve"] + keys + ["--actor", "sam"]).status, 0)
    }

    private func signers(_ root: ScratchRoot) throws {
        for (user, role) in [("sam", "steward"), ("cara", "clinical_safety_officer"), ("rick", "release_manager")] {
            XCTAssertEqual(try dm(root, ["users", "add", user, "--role", role]).status, 0)
        }
    }

    func testSignOffsGivenBeforeTheApprovals_areVoid_theGateFailsNamingThem() throws {
        let root = ScratchRoot()
        let cutover = ["--defect-rate", "0", "--quiet", "--release-profile", "cutover_ready"]
        XCTAssertEqual(try dm(root, ["lifecycle"] + cutover).status, 3, "nothing approved")
        try signers(root)
        // A steward rejects one row; the run from the gate then runs the etl again without it.
        let rejected = try dm(root, ["mappings", "reject", "site.town", "--reason", "wrong column", "--actor", "sam"])
        XCTAssertEqual(rejected.status, 0, rejected.stderr)
        XCTAssertEqual(try dm(root, ["lifecycle", "--from-step", "gate"] + cutover).status, 3)
        let unapproved = try latestRun(root)
        for signer in ["cara", "rick"] {
            let signed = try dm(root, ["gate", "signoff", "--run", unapproved, "--actor", signer])
            XCTAssertEqual(signed.status, 0, signed.stderr)
        }
        try approveEverything(root)

        let rerun = try dm(root, ["lifecycle", "--from-step", "gate"] + cutover)
        XCTAssertEqual(rerun.status, 3, "sign-offs that saw an unapproved contract do not pass cutover_ready")
        let reason = try signOffReason(root)
        XCTAssertTrue(reason.contains("void"), reason)
        XCTAssertTrue(reason.contains("cara (clinical_safety_officer"), reason)
        XCTAssertTrue(reason.contains("rick (release_manager"), reason)
        XCTAssertTrue(reason.contains("the mapping contract"), reason)
        XCTAssertTrue(reason.contains("crosswalks"), reason)

        // The signed run itself shows its sign-offs as void, in the CLI.
        let shown = try dm(root, ["runs", "show", unapproved])
        XCTAssertEqual(shown.stdout.components(separatedBy: "VOID").count - 1, 2, shown.stdout)

        // The rejected-then-approved row changes what the ETL runs: the re-run from the gate ran the etl again, and
        // the field the approved contract fills is filled.
        let steps = try dm(root, ["runs", "show", try latestRun(root)]).stdout
        let etlLine = steps.split(separator: "\n").first { $0.hasPrefix("  etl: ") }.map(String.init) ?? ""
        XCTAssertTrue(etlLine.hasPrefix("  etl: completed"), steps)
        XCTAssertFalse(etlLine.contains("reused"), "approving a rejected row re-runs the etl: \(etlLine)")
        let plan = try dm(root, ["lifecycle", "--from-step", "gate", "--dry-run", "--parent", unapproved])
        XCTAssertTrue(plan.stdout.contains("runs because the contract rows it runs"), plan.stdout)
        XCTAssertEqual(try dm(root, ["replay", "--check"]).status, 0)
    }

    func testASignOff_voidedByALaterChange_stillValidOverIdenticalEvidence() throws {
        let root = ScratchRoot()
        let cutover = ["--defect-rate", "0", "--quiet", "--release-profile", "cutover_ready"]
        XCTAssertEqual(try dm(root, ["lifecycle"] + cutover).status, 3)
        try signers(root)
        try approveEverything(root)
        XCTAssertEqual(try dm(root, ["lifecycle", "--from-step", "gate"] + cutover).status, 3)
        let judged = try latestRun(root)
        for signer in ["cara", "rick"] {
            XCTAssertEqual(try dm(root, ["gate", "signoff", "--run", judged, "--actor", signer]).status, 0)
        }
        // Identical evidence: still valid.
        XCTAssertEqual(try dm(root, ["lifecycle", "--from-step", "gate"] + cutover).status, 0)
        XCTAssertFalse(try dm(root, ["runs", "show", judged]).stdout.contains("VOID"))

        // A crosswalk approval withdrawn... here: a mapping row changed and approved again. The evidence moved on.
        XCTAssertEqual(try dm(root, ["users", "add", "eve", "--role", "engineer"]).status, 0)
        XCTAssertEqual(try dm(root, ["mappings", "edit", "site.town", "notes=checked", "--actor", "eve"]).status, 0)
        XCTAssertEqual(try dm(root, ["mappings", "approve", "site.town", "--actor", "sam"]).status, 0)
        XCTAssertEqual(try dm(root, ["lifecycle", "--from-step", "gate"] + cutover).status, 3)
        XCTAssertTrue(try signOffReason(root).contains("the mapping contract (rows or their statuses) changed since"))
        let shown = try dm(root, ["runs", "show", judged]).stdout
        XCTAssertTrue(shown.contains("VOID: the mapping contract"), shown)

        // Signing a run whose gate judged other evidence than there is now is refused.
        XCTAssertEqual(try dm(root, ["users", "add", "carl", "--role", "clinical_safety_officer"]).status, 0)
        let stale = try dm(root, ["gate", "signoff", "--run", judged, "--actor", "carl"])
        XCTAssertNotEqual(stale.status, 0)
        XCTAssertTrue(stale.stderr.contains("re-run the gate"), stale.stderr)
    }

    func testARunFromAStep_archivesTheContractItRanWith_andReplayIsClean() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        XCTAssertEqual(try dm(root, ["mappings", "edit", "site.town", "transform=constant(X)"]).status, 0)
        for step in ["extract", "schema", "mapping", "etl", "quality", "gate"] {
            let output = try dm(root, ["lifecycle", "--quiet", "--from-step", step])
            XCTAssertTrue([0, 3].contains(output.status), "\(step): \(output.stderr)")
            let run = try latestRun(root)
            let archived = try String(
                contentsOfFile: root.path + "/reports/runs/\(run)/reports/mapping_contract.csv", encoding: .utf8)
            let working = try String(contentsOfFile: root.path + "/reports/mapping_contract.csv", encoding: .utf8)
            XCTAssertEqual(archived, working, "from \(step): the run archives the contract it ran with")
            XCTAssertTrue(archived.contains("constant(X)"), "from \(step)")
            let check = try dm(root, ["replay", "--check"])
            XCTAssertEqual(check.status, 0, "from \(step): \(check.stdout)")
        }
        let site = try String(contentsOfFile: root.path + "/mock_data/target_contract/site.csv", encoding: .utf8)
        XCTAssertTrue(site.contains(",X,") || site.contains(",X\n"), "the edit reached the output")
    }
}
