import EventStore
import Foundation
import XCTest

@testable import Commands

/// The release gate: profiles from data, every check reported, failures that say what to do.
final class ReleaseGateTests: XCTestCase {
    private func quality(critical: Int = 0, high: Int = 0, patients: Int = 20) -> QualityResult {
        var contract = SeverityCounts()
        contract.critical = critical
        var enterprise = SeverityCounts()
        enterprise.high = high
        return QualityResult(
            contractStatus: critical > 0 ? .fail : .pass, enterpriseStatus: high > 0 ? .fail : .pass,
            issuesByRule: [:], issuesBySeverity: [.contract: contract, .enterprise: enterprise],
            patientsLoaded: patients, tableRowCounts: [:], contractIssueCount: critical,
            enterpriseIssueCount: high, artifacts: [])
    }

    private func goodInputs(profile: String = "pre_production") -> GateInputs {
        GateInputs(
            profile: profile, runID: "run-1", contractMigrationPassed: true, quality: quality(),
            extractedRecords: 1000, rejectedRecords: 12, minPatients: 20,
            mappingRows: ApprovalCount(total: 120, approved: 120),
            criticalCrosswalks: ApprovalCount(total: 8, approved: 8),
            signOffs: [
                GateSignOff(user: "alice", role: "clinical_safety_officer"),
                GateSignOff(user: "bob", role: "release_manager"),
            ], ledgerIntact: true)
    }

    func testPreProduction_passesOnGoodInputsAndListsEveryCheck() throws {
        var inputs = goodInputs()
        inputs.signOffs = []
        inputs.mappingRows = ApprovalCount(total: 120, approved: 3)

        let report = try ReleaseGate.evaluate(inputs)

        XCTAssertTrue(report.passed)
        XCTAssertEqual(report.verdict, "PASS")
        XCTAssertEqual(report.failedChecks, [])
        XCTAssertEqual(
            report.checks.map(\.id),
            [
                .contractMigration, .contractQuality, .enterpriseQuality, .criticalIssues, .rejectRate,
                .patientsLoaded, .ledgerVerified,
            ])
        XCTAssertEqual(report.checks.first { $0.id == .rejectRate }?.actual, .integer(120))
        XCTAssertEqual(report.checks.first { $0.id == .patientsLoaded }?.threshold, .integer(20))
        XCTAssertTrue(report.checks.allSatisfy { $0.reason == nil })
    }

    func testPreProduction_failsNamingEachFailedCheckWithAReason() throws {
        var inputs = goodInputs()
        inputs.contractMigrationPassed = false
        inputs.quality = quality(critical: 2, high: 1, patients: 15)
        inputs.rejectedRecords = 75
        inputs.ledgerIntact = false

        let report = try ReleaseGate.evaluate(inputs)

        XCTAssertFalse(report.passed)
        XCTAssertEqual(
            report.failedChecks.map(\.id),
            [
                .contractMigration, .contractQuality, .enterpriseQuality, .criticalIssues, .rejectRate,
                .patientsLoaded, .ledgerVerified,
            ])
        let reasons = Dictionary(uniqueKeysWithValues: report.failedChecks.map { ($0.id, $0.reason ?? "") })
        XCTAssertEqual(
            reasons[.rejectRate],
            "reject rate 7.50% is above the 5.00% limit: 75 of 1000 extracted records were rejected; "
                + "see crosswalk_rejects.csv")
        XCTAssertTrue(reasons[.patientsLoaded]?.hasPrefix("15 patients loaded, at least 20 required") ?? false)
        XCTAssertTrue(reasons[.criticalIssues]?.hasPrefix("2 critical issues (2 contract, 0 enterprise)") ?? false)
        XCTAssertTrue(reasons[.ledgerVerified]?.contains("dm ledger verify") ?? false)
        XCTAssertTrue(report.failedChecks.allSatisfy { !($0.reason ?? "").isEmpty })
    }

    func testRejectRate_limitIsInclusiveAndRoundsUp() throws {
        var inputs = goodInputs()
        inputs.rejectedRecords = 50
        XCTAssertTrue(try ReleaseGate.evaluate(inputs).passed, "exactly 5.00% passes")
        inputs.extractedRecords = 100_000
        inputs.rejectedRecords = 5_001
        let report = try ReleaseGate.evaluate(inputs)
        XCTAssertEqual(report.failedChecks.map(\.id), [.rejectRate], "5.001% rounds up to 501 bp")
        XCTAssertEqual(report.failedChecks.first?.actual, .integer(501))
        XCTAssertEqual(ReleaseGate.rejectRateBasisPoints(rejected: 0, extracted: 0), 10_000)
    }

    func testCutoverReady_failsWithoutSignOffsAndSaysWhy() throws {
        var inputs = goodInputs(profile: "cutover_ready")
        inputs.signOffs = []

        let report = try ReleaseGate.evaluate(inputs)

        XCTAssertEqual(report.failedChecks.map(\.id), [.signOffs])
        XCTAssertEqual(
            report.failedChecks.first?.reason,
            "0 of 2 required sign-offs: needs a clinical_safety_officer and a release_manager (different users)")
        XCTAssertEqual(report.failedChecks.first?.threshold, .roles(["clinical_safety_officer", "release_manager"]))

        inputs.signOffs = [GateSignOff(user: "alice", role: "clinical_safety_officer")]
        XCTAssertEqual(
            try ReleaseGate.evaluate(inputs).failedChecks.first?.reason,
            "1 of 2 required sign-offs; no release_manager has signed: needs a clinical_safety_officer and a "
                + "release_manager (different users)")
    }

    func testCutoverReady_failsWhenOneUserSignsBothRoles() throws {
        var inputs = goodInputs(profile: "cutover_ready")
        inputs.signOffs = [
            GateSignOff(user: "alice", role: "clinical_safety_officer"),
            GateSignOff(user: "alice", role: "release_manager"),
        ]

        let report = try ReleaseGate.evaluate(inputs)

        XCTAssertEqual(report.failedChecks.map(\.id), [.signOffs])
        let reason = report.failedChecks.first?.reason ?? ""
        XCTAssertTrue(reason.hasPrefix("1 of 2 required sign-offs"), reason)
        XCTAssertTrue(reason.contains("signed only by alice, and one user cannot fill two roles"), reason)
    }

    func testCutoverReady_passesWithTwoDifferentSignersAndEverythingApproved() throws {
        var inputs = goodInputs(profile: "cutover_ready")
        // A user holding both roles plus a second user still makes two pairs of eyes.
        inputs.signOffs.append(GateSignOff(user: "bob", role: "clinical_safety_officer"))
        inputs.signOffs.append(GateSignOff(user: "carol", role: "auditor"))

        let report = try ReleaseGate.evaluate(inputs)

        XCTAssertTrue(report.passed, "\(report.failedChecks)")
        XCTAssertEqual(report.checks.count, 11)
        XCTAssertEqual(
            report.checks.last?.actual,
            .signOffs([
                GateSignOff(user: "carol", role: "auditor"),
                GateSignOff(user: "alice", role: "clinical_safety_officer"),
                GateSignOff(user: "bob", role: "clinical_safety_officer"),
                GateSignOff(user: "bob", role: "release_manager"),
            ]))
    }

    func testCutoverReady_failsOnHighIssuesAndUnapprovedRows() throws {
        var inputs = goodInputs(profile: "cutover_ready")
        inputs.quality = quality(high: 3)
        inputs.quality.enterpriseStatus = .pass  // as if re-graded; the high count alone must still block cutover
        inputs.mappingRows = ApprovalCount(total: 120, approved: 118)
        inputs.criticalCrosswalks = ApprovalCount(total: 0, approved: 0)

        let report = try ReleaseGate.evaluate(inputs)

        XCTAssertEqual(report.failedChecks.map(\.id), [.highIssues, .mappingRowsApproved, .criticalCrosswalksApproved])
        XCTAssertEqual(
            report.failedChecks[1].reason,
            "118 of 120 mapping rows approved; review and approve the rest before cutover")
        XCTAssertTrue(report.failedChecks[2].reason?.hasPrefix("no critical crosswalks were given") ?? false)
        XCTAssertTrue(try ReleaseGate.evaluate(goodInputs(profile: "pre_production")).passed)
    }

    func testUnknownProfile_isAnErrorListingTheKnownOnes() {
        var inputs = goodInputs()
        inputs.profile = "production"
        XCTAssertThrowsError(try ReleaseGate.evaluate(inputs)) { error in
            XCTAssertEqual(
                error as? GateError, .unknownProfile("production", known: ["cutover_ready", "pre_production"]))
            XCTAssertEqual(
                "\(error)", "unknown release profile \"production\"; use one of: cutover_ready, pre_production")
        }
    }

    func testInputs_contradictoryCountsAreErrors() {
        var inputs = goodInputs()
        inputs.rejectedRecords = 2000
        XCTAssertThrowsError(try ReleaseGate.evaluate(inputs))
        inputs = goodInputs()
        inputs.mappingRows = ApprovalCount(total: 1, approved: 2)
        XCTAssertThrowsError(try ReleaseGate.evaluate(inputs))
    }

    func testReport_isValidJSONWithEveryCheckAndAReasonOnFailures() throws {
        var inputs = goodInputs(profile: "cutover_ready")
        inputs.signOffs = []
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }

        let url = try ReleaseGate.write(try ReleaseGate.evaluate(inputs), reportsDirectory: folder)
        let bytes = [UInt8](try Data(contentsOf: url))
        let json = try JSONValue(parsing: bytes)

        XCTAssertEqual(url.lastPathComponent, "release_gate_report.json")
        XCTAssertEqual(json["profile"], "cutover_ready")
        XCTAssertEqual(json["verdict"], "FAIL")
        XCTAssertEqual(json["failed_checks"], ["sign_offs"])
        XCTAssertEqual(json["summary"]?["checks"], 11)
        XCTAssertEqual(json["checks"]?.arrayValue?.count, 11)
        let signOffs = json["checks"]?.arrayValue?.last
        XCTAssertEqual(signOffs?["id"], "sign_offs")
        XCTAssertEqual(signOffs?["status"], "FAIL")
        XCTAssertEqual(signOffs?["actual"], [])
        XCTAssertEqual(signOffs?["threshold"], ["clinical_safety_officer", "release_manager"])
        XCTAssertNotNil(signOffs?["reason"]?.stringValue)
        XCTAssertNil(json["checks"]?[0]?["reason"])
        XCTAssertEqual(json["checks"]?[4]?["threshold"], 0)
        XCTAssertEqual(json["checks"]?[5]?["actual"], 120)
        XCTAssertEqual(json["checks"]?[8]?["actual"], ["approved": 120, "total": 120])
        // Keys are written sorted, so the canonical form is the file minus its whitespace layout.
        let keys = String(decoding: bytes, as: UTF8.self).split(separator: "\n").prefix(8).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        XCTAssertEqual(keys.first, "{")
        XCTAssertTrue(keys[1].hasPrefix("\"checks\": ["), keys[1])
    }

    func testProfiles_fileIsStrict() throws {
        let header = "profile,check_id,description,comparison,threshold\n"
        XCTAssertNoThrow(try GateProfile.load(csv: header + "p,critical_issues,x,at_most,0\n"))
        let bad = [
            "p,critical_issue,x,at_most,0", "p,critical_issues,x,below,0", "p,critical_issues,x,at_most,none",
            "p,critical_issues,x,distinct_signers,a+b", "p,sign_offs,x,distinct_signers,cso+cso",
            "p,contract_quality,x,equals,OK", "p,ledger_verified,x,equals,yes",
            "p,critical_issues,x,at_most,0\np,critical_issues,y,at_most,1", "p,critical_issues,x,at_most,-1",
        ]
        for rows in bad {
            XCTAssertThrowsError(try GateProfile.load(csv: header + rows + "\n"), rows) { error in
                XCTAssertEqual((error as? GateError)?.code, "GATE_PROFILE_FILE")
            }
        }
        let bundled = try GateProfile.bundled()
        XCTAssertEqual(bundled.map(\.name), ["cutover_ready", "pre_production"])
        let pre = Set(bundled[1].checks.map(\.id))
        XCTAssertTrue(pre.isSubset(of: Set(bundled[0].checks.map(\.id))), "cutover_ready includes pre_production")
    }
}
