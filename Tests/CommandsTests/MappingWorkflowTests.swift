import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

final class MappingWorkflowTests: XCTestCase {
    let row = "patient_name.family_name"

    func testEdit_bumpsVersionReturnsRowToProposedAndRewritesTheReport() throws {
        let fixture = try WorkflowFixture()
        let flow = try fixture.workflow
        try flow.edit([row], changes: ["transform": "upper"], actorName: fixture.user(.engineer))
        let edited = try XCTUnwrap(fixture.contract().rows[row])
        XCTAssertEqual(edited.transform, "upper")
        XCTAssertEqual(edited.version, 2)
        XCTAssertEqual(edited.editedBy, fixture.user(.engineer))
        let report = try String(contentsOf: fixture.root.file(MappingContractCSV.path), encoding: .utf8)
        XCTAssertTrue(report.contains("\(row),PATIENT_MASTER,SURNAME,patient_name,family_name,upper,"), report)
    }

    func testEdit_invalidInputIsRefusedNamingTheProblemAndAppendsNothing() throws {
        let fixture = try WorkflowFixture()
        let flow = try fixture.workflow
        let engineer = fixture.user(.engineer)
        let head = try fixture.ledger.head()
        let cases: [([String], [String: String], String)] = [
            (["no.such_row"], ["transform": "upper"], "no mapping row 'no.such_row'"),
            ([row], ["transform": "bogus"], "unknown transform"),
            ([row], ["source_field": "SHOE_SIZE"], "SHOE_SIZE"),
            ([row], ["target_table": "patient"], "cannot be edited"),
            ([row], ["critical": "maybe"], "critical must be yes or no"),
            ([row], [:], "nothing to change"),
        ]
        for (ids, changes, message) in cases {
            XCTAssertThrowsError(try flow.edit(ids, changes: changes, actorName: engineer), message) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
        XCTAssertEqual(try fixture.ledger.head(), head)
    }

    func testApprove_byTheLastEditorIsRefusedByAnotherStewardAccepted() throws {
        let fixture = try WorkflowFixture()
        let administration = UserAdministration(ledger: fixture.ledger)
        try administration.change(fixture.user(.steward), role: "engineer", granting: true, actorName: nil)
        let flow = try fixture.workflow
        // The steward who also engineers edits the row, then tries to approve it.
        try flow.edit([row], changes: ["notes": "checked"], actorName: fixture.user(.steward))
        let head = try fixture.ledger.head()
        XCTAssertThrowsError(try flow.setStatus([row], to: .approved, reason: nil, actorName: fixture.user(.steward))) {
            XCTAssertTrue("\($0)".contains("four eyes"), "\($0)")
        }
        XCTAssertEqual(try fixture.ledger.head(), head)
        _ = try administration.add("second-steward", role: "steward", actorName: nil)
        try flow.setStatus([row], to: .approved, reason: nil, actorName: "second-steward")
        XCTAssertEqual(try fixture.contract().rows[row]?.status, .approved)
        XCTAssertEqual(try fixture.contract().rows[row]?.approvedBy, "second-steward")
    }

    func testApprove_ofARowEditedSinceTheApproverLookedIsStale() throws {
        let fixture = try WorkflowFixture()
        let flow = try fixture.workflow
        let seen = try fixture.ledger.head().seq
        try flow.edit([row], changes: ["transform": "upper"], actorName: fixture.user(.engineer))
        let head = try fixture.ledger.head()
        XCTAssertThrowsError(
            try flow.setStatus([row], to: .approved, reason: nil, actorName: fixture.user(.steward), expectedSeq: seen)
        ) { error in
            guard case .conflict(_, _, let reason) = error as? LedgerError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains(row), reason)
        }
        XCTAssertEqual(try fixture.ledger.head(), head)
        // An unrelated row decided at the same seq is not stale.
        XCTAssertNoThrow(
            try flow.setStatus(
                ["patient_name.given_name"], to: .approved, reason: nil, actorName: fixture.user(.steward),
                expectedSeq: seen))
    }

    func testReject_needsAReason() throws {
        let fixture = try WorkflowFixture()
        XCTAssertThrowsError(
            try fixture.workflow.setStatus([row], to: .rejected, reason: " ", actorName: fixture.user(.steward)))
        try fixture.workflow.setStatus(
            [row], to: .rejected, reason: "use the preferred name", actorName: fixture.user(.steward))
        XCTAssertEqual(try fixture.contract().rows[row]?.status, .rejected)
    }

    func testBulk_byFilterIsOneCommandAllOrNothing() throws {
        let fixture = try WorkflowFixture()
        let flow = try fixture.workflow
        let ids = try flow.select(table: "patient_name", status: .proposed)
        XCTAssertGreaterThan(ids.count, 3)
        let result = try flow.setStatus(ids, to: .approved, reason: nil, actorName: fixture.user(.steward))
        XCTAssertEqual(result.events.count, ids.count)
        XCTAssertEqual(Set(result.events.map(\.command)).count, 1)
        XCTAssertEqual(try flow.select(table: "patient_name", status: .approved), ids)
        // One already-approved row makes the whole bulk approval fail, and nothing changes.
        let head = try fixture.ledger.head()
        XCTAssertThrowsError(
            try flow.setStatus(
                ids + ["patient.birth_date"], to: .approved, reason: nil, actorName: fixture.user(.steward)))
        XCTAssertEqual(try fixture.ledger.head(), head)
    }
}
