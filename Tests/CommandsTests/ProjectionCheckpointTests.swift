import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

final class ProjectionCheckpointTests: XCTestCase {
    func testResume_fromACheckpointThenNewEventsEqualsAFullFold() throws {
        let fixture = try WorkflowFixture()
        try ProjectionHost(ledger: fixture.ledger).saveCheckpoint()
        try fixture.workflow.edit(
            ["patient_name.family_name"], changes: ["transform": "upper"], actorName: fixture.user(.engineer))
        let resumed = try XCTUnwrap(ProjectionCheckpoint.resume(try Ledger(directory: fixture.root.eventsPath)))
        XCTAssertEqual(resumed, try ProjectionSet.fold(fixture.ledger))
        XCTAssertEqual(resumed.contract.rows["patient_name.family_name"]?.transform, "upper")
        XCTAssertEqual(try ProjectionHost(ledger: fixture.ledger, useCheckpoint: true).current(), resumed)
    }

    func testResume_refusesACheckpointWhoseLedgerPrefixChanged() throws {
        let fixture = try WorkflowFixture()
        try ProjectionHost(ledger: fixture.ledger).saveCheckpoint()
        // Rewrite the ledger as another one with the same length: the checkpoint's line no longer matches.
        let other = try WorkflowFixture()
        try FileManager.default.removeItem(atPath: fixture.ledger.ledgerPath)
        try FileManager.default.copyItem(atPath: other.ledger.ledgerPath, toPath: fixture.ledger.ledgerPath)
        XCTAssertNil(ProjectionCheckpoint.resume(try Ledger(directory: fixture.root.eventsPath)))
        // The host then folds from the start and is right.
        let host = try ProjectionHost(ledger: try Ledger(directory: fixture.root.eventsPath), useCheckpoint: true)
        XCTAssertEqual(try host.current(), try ProjectionSet.fold(other.ledger))
    }

    func testResume_refusesAnUnreadableCheckpoint() throws {
        let fixture = try WorkflowFixture()
        try ProjectionHost(ledger: fixture.ledger).saveCheckpoint()
        let path = fixture.root.eventsPath + "/" + ProjectionCheckpoint.fileName
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertNil(ProjectionCheckpoint.resume(fixture.ledger))
    }
}
