import EventStore
import Synchronization

/// Keeps the projections current: folds the ledger once from the start, then only the events appended since —
/// by this process or any other (it reads whatever the file holds beyond the last folded seq).
///
/// Thread-safe: the state has one owner, a `Mutex`; readers get a copy (value types, copy-on-write).
package final class ProjectionHost: Sendable {
    /// The ledger folded.
    package let ledger: Ledger
    private let state = Mutex(ProjectionSet())

    /// A host over `ledger`, folded up to the current head — from its checkpoint when `useCheckpoint` and the
    /// checkpoint still matches the ledger, else from the start.
    package init(ledger: Ledger, useCheckpoint: Bool = false) throws {
        self.ledger = ledger
        if useCheckpoint, let resumed = ProjectionCheckpoint.resume(ledger) {
            state.withLock { $0 = resumed }
        } else {
            try refresh()
        }
    }

    /// Saves the current projections as the checkpoint for the next start.
    package func saveCheckpoint() throws {
        try ProjectionCheckpoint.save(state.withLock { $0 }, ledger: ledger)
    }

    /// Folds events appended since the last refresh; returns how many.
    @discardableResult
    package func refresh() throws -> Int {
        try state.withLock { projections in
            var folded = 0
            try ledger.forEachEvent(from: projections.seq + 1) { event in
                projections.apply(event)
                folded += 1
            }
            return folded
        }
    }

    /// The projections after a refresh.
    package func current() throws -> ProjectionSet {
        try refresh()
        return state.withLock { $0 }
    }
}
