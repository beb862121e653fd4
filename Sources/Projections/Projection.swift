import EventStore

/// A read model built by folding ledger events in order: `(State, Event) -> State`, no I/O.
///
/// Implementation requirements: `apply` must be deterministic and total — an event of a type the projection does not
/// know, or with a payload it cannot read, leaves the state unchanged (a newer writer may know more event types).
package protocol Projection: Sendable {
    /// The empty state, before seq 1.
    init()
    /// Folds one event into the state.
    mutating func apply(_ event: LedgerEvent)
}

extension Projection {
    /// Folds every event of `ledger` from seq 1 through `lastSeq`, streaming (decoded in parallel, applied in order).
    package static func fold(_ ledger: Ledger, through lastSeq: Int = .max) throws -> Self {
        var state = Self()
        try ledger.forEachEvent(through: lastSeq) { state.apply($0) }
        return state
    }
}
