import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// For random (seeded) sequences of valid and invalid commands, the incrementally maintained projections equal a
/// fold from scratch, and `dm replay --check` finds nothing to differ.
final class ProjectionPropertyTests: XCTestCase {
    /// SplitMix64: small, seeded, reproducible.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func testRandomCommandSequences_incrementalEqualsFoldAndReplayChecksClean() throws {
        for seed: UInt64 in [1, 2] {
            try runSequence(seed: seed, commands: 80)
        }
    }

    private func runSequence(seed: UInt64, commands: Int) throws {
        let fixture = try WorkflowFixture()
        _ = try UserAdministration(ledger: fixture.ledger).add("second-steward", role: "steward", actorName: nil)
        let host = try ProjectionHost(ledger: fixture.ledger)
        let flow = try fixture.workflow
        let snapshots = SnapshotService(root: fixture.root, ledger: fixture.ledger)
        let crosswalks = CrosswalkApprovals(ledger: fixture.ledger)
        let rowIDs = try fixture.contract().order
        let crosswalkKeys = try crosswalks.list().filter { $0.entry.autoMap }.map(\.key)
        var random = Seeded(state: seed)
        var taken: [String] = []
        var refused = 0
        for step in 0..<commands {
            let row = rowIDs[Int.random(in: 0..<rowIDs.count, using: &random)]
            let steward = Bool.random(using: &random) ? fixture.user(.steward) : "second-steward"
            do {
                switch Int.random(in: 0..<10, using: &random) {
                case 0...3:
                    try flow.edit([row], changes: ["notes": "note \(step)"], actorName: fixture.user(.engineer))
                case 4...5:
                    try flow.setStatus([row], to: .approved, reason: nil, actorName: steward)
                case 6:
                    try flow.setStatus([row], to: .rejected, reason: "check \(step)", actorName: steward)
                case 7:
                    taken.append(try snapshots.take(label: "s\(step)", actorName: nil).id)
                case 8 where !taken.isEmpty:
                    _ = try snapshots.restore(taken[Int.random(in: 0..<taken.count, using: &random)], actorName: nil)
                default:
                    let key = crosswalkKeys[Int.random(in: 0..<crosswalkKeys.count, using: &random)]
                    _ = try crosswalks.set([key], approved: Bool.random(using: &random), actorName: steward)
                }
            } catch is UserInputError {
                refused += 1
            } catch is AccessDenied {
                refused += 1
            }
            try host.refresh()
            if step % 30 == 29 {
                XCTAssertEqual(try host.current(), try ProjectionSet.fold(fixture.ledger), "seed \(seed) step \(step)")
            }
        }
        XCTAssertEqual(try host.current(), try ProjectionSet.fold(fixture.ledger), "seed \(seed)")
        // The binary checkpoint of that state reads back equal (snapshots, restores, crosswalks included).
        try host.saveCheckpoint()
        XCTAssertEqual(ProjectionCheckpoint.resume(fixture.ledger), try host.current(), "seed \(seed)")
        XCTAssertGreaterThan(refused, 0, "the sequence exercised refusals too")
        XCTAssertFalse(taken.isEmpty)
        let outcome = try LedgerReplay(root: fixture.root, ledger: fixture.ledger).run(check: true)
        XCTAssertEqual(outcome.differences, [], "seed \(seed)")
        XCTAssertTrue(try LedgerVerifier.verify(path: fixture.ledger.ledgerPath).intact)
    }
}
