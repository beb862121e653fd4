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

/// The binary checkpoint format: exact round trips, and every kind of damage ends in a rebuild, never a wrong state.
final class ProjectionCheckpointFormatTests: XCTestCase {
    /// A ledger with every kind of state (users, contract edits and approvals, runs with artifacts, snapshots) in a
    /// folder removed with the fixture.
    private final class SyntheticFixture {
        let path = FileManager.default.temporaryDirectory.path + "/dm-checkpoint-\(EventID.random())"
        let ledger: Ledger

        init(events: Int) throws {
            ledger = try Ledger(directory: path + "/events")
            try SyntheticLedger(ledger: ledger).fill(events: events)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private func checkpointPath(_ ledger: Ledger) -> String {
        ledger.directory + "/" + ProjectionCheckpoint.fileName
    }

    func testCheckpoint_roundTripsEveryProjectionExactly() throws {
        let fixture = try SyntheticFixture(events: 5200)
        defer { withExtendedLifetime(fixture) {} }
        let ledger = fixture.ledger
        let folded = try ProjectionSet.fold(ledger)
        XCTAssertFalse(folded.runs.order.isEmpty)
        XCTAssertFalse(folded.snapshots.snapshots.isEmpty)
        try ProjectionHost(ledger: ledger).saveCheckpoint()
        XCTAssertEqual(ProjectionCheckpoint.resume(try Ledger(directory: ledger.directory)), folded)
        let host = try ProjectionHost(ledger: try Ledger(directory: ledger.directory), useCheckpoint: true)
        XCTAssertEqual(try host.current(), folded)
    }

    func testCheckpoint_hostStartedFromItFoldsLaterEventsIncludingOtherWriters() throws {
        let fixture = try SyntheticFixture(events: 5200)
        defer { withExtendedLifetime(fixture) {} }
        let ledger = fixture.ledger
        try ProjectionHost(ledger: ledger).saveCheckpoint()
        let host = try ProjectionHost(ledger: try Ledger(directory: ledger.directory), useCheckpoint: true)
        // Another writer (a separate Ledger instance) appends after the checkpoint.
        let other = try Ledger(directory: ledger.directory)
        _ = try other.append(
            [NewEvent(type: "snapshot.taken", data: ["snapshot_id": "late", "label": "late", "seq": 1])],
            actor: LedgerActor(user: "olu", role: "operator"), command: "late-snapshot")
        XCTAssertEqual(try host.refresh(), 1)
        XCTAssertEqual(try host.current(), try ProjectionSet.fold(ledger))
        XCTAssertEqual(try host.current().snapshots.find("late")?.label, "late")
    }

    func testCheckpoint_corruptedTruncatedExtendedOrForeignVersionIsDiscardedAndRebuilt() throws {
        let fixture = try SyntheticFixture(events: 5200)
        defer { withExtendedLifetime(fixture) {} }
        let ledger = fixture.ledger
        let folded = try ProjectionSet.fold(ledger)
        try ProjectionHost(ledger: ledger).saveCheckpoint()
        let path = checkpointPath(ledger)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var damaged: [(String, Data)] = []
        for offset in [0, 9, 60, 90, good.count / 2, good.count - 1] {
            var flipped = good
            flipped[offset] ^= 0x20
            damaged.append(("byte \(offset) flipped", flipped))
        }
        damaged.append(("truncated", good.prefix(good.count - 7)))
        damaged.append(("header only", good.prefix(ProjectionCheckpoint.headerSize)))
        damaged.append(("empty", Data()))
        damaged.append(("extended", good + Data([0])))
        var otherVersion = good
        otherVersion[8] ^= 0x7F  // the code version's low byte
        damaged.append(("another code version", otherVersion))
        for (what, bytes) in damaged {
            try bytes.write(to: URL(fileURLWithPath: path))
            XCTAssertNil(ProjectionCheckpoint.resume(try Ledger(directory: ledger.directory)), what)
            let host = try ProjectionHost(ledger: try Ledger(directory: ledger.directory), useCheckpoint: true)
            XCTAssertEqual(try host.current(), folded, what)
        }
        try good.write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(ProjectionCheckpoint.resume(try Ledger(directory: ledger.directory)), folded)
    }

    func testCheckpoint_ofAnotherLedgerIsRefused() throws {
        let fixtureA = try SyntheticFixture(events: 5200)
        defer { withExtendedLifetime(fixtureA) {} }
        let ledgerA = fixtureA.ledger
        let fixtureB = try SyntheticFixture(events: 5200)
        defer { withExtendedLifetime(fixtureB) {} }
        let ledgerB = fixtureB.ledger
        try ProjectionHost(ledger: ledgerA).saveCheckpoint()
        try FileManager.default.copyItem(atPath: checkpointPath(ledgerA), toPath: checkpointPath(ledgerB))
        XCTAssertNil(ProjectionCheckpoint.resume(ledgerB))
        let host = try ProjectionHost(ledger: try Ledger(directory: ledgerB.directory), useCheckpoint: true)
        XCTAssertEqual(try host.current(), try ProjectionSet.fold(ledgerB))
    }

    func testHost_refoldsFromTheStartWhenTheLedgerFileIsReplaced() throws {
        let fixtureA = try SyntheticFixture(events: 1500)
        defer { withExtendedLifetime(fixtureA) {} }
        let ledgerA = fixtureA.ledger
        let fixtureB = try SyntheticFixture(events: 1700)
        defer { withExtendedLifetime(fixtureB) {} }
        let ledgerB = fixtureB.ledger
        let host = try ProjectionHost(ledger: ledgerA)
        try FileManager.default.removeItem(atPath: ledgerA.ledgerPath)
        try FileManager.default.copyItem(atPath: ledgerB.ledgerPath, toPath: ledgerA.ledgerPath)
        XCTAssertEqual(try host.current(), try ProjectionSet.fold(ledgerB))
    }

    /// The format writes each state type field by field; a stored property added to one of them must be added to
    /// its `CheckpointCodable` conformance too (and the code version bumped), or a restart would lose it. These
    /// counts fail first, pointing here.
    func testCheckpoint_coversEveryStoredProperty() throws {
        let fixture = try SyntheticFixture(events: 5200)
        defer { withExtendedLifetime(fixture) {} }
        let ledger = fixture.ledger
        let state = try ProjectionSet.fold(ledger)
        let run = try XCTUnwrap(state.runs.latest)
        let step = try XCTUnwrap(run.steps.values.first)
        let artifact = try XCTUnwrap(step.artifacts.first)
        let working = try XCTUnwrap(state.working.steps.values.first)
        let workingArtifact = try XCTUnwrap(state.working.artifacts.values.first)
        let saved = try XCTUnwrap(state.working.saved(try XCTUnwrap(state.snapshots.snapshots.first).id))
        var signed = state.runs
        signed.apply(
            LedgerEvent(
                preview: NewEvent(type: "gate.signed_off", data: ["run_id": .string(run.id)]),
                actor: LedgerActor(user: "cso", role: "clinical_safety_officer"), seq: state.seq + 1))
        let signOff = try XCTUnwrap(signed.latest?.signOffs.first)
        let expected: [(Any, Int)] = [
            (state, 9), (state.eventCounts, 1), (state.contract, 3),
            (try XCTUnwrap(state.contract.orderedRows.first), 16), (state.runs, 2),
            (run, 15), (step, 7), (artifact, 4), (signOff, 4),
            (state.working, 3), (working, 3), (workingArtifact, 2), (saved, 2), (state.snapshots, 1),
            (try XCTUnwrap(state.snapshots.snapshots.first), 8), (state.users, 2),
            (try XCTUnwrap(state.users.users.values.first), 5), (state.crosswalks, 2),
            (LedgerHead(seq: 1, hash: .zero), 2),
        ]
        for (value, count) in expected {
            XCTAssertEqual(Mirror(reflecting: value).children.count, count, "\(type(of: value))")
        }
        let contractSaved = try XCTUnwrap(
            Mirror(reflecting: state.contract).children.first { $0.label == "snapshots" }?.value as? [String: Any])
        XCTAssertEqual(contractSaved.values.first.map { Mirror(reflecting: $0).children.count }, 2)
    }
}
