import EventStore

/// Every read model, folded together in one pass over the ledger.
package struct ProjectionSet: Projection, Equatable, Codable {
    /// The mapping contract (working state: rewound by restores).
    package var contract = MappingContractProjection()
    /// Lifecycle runs (history).
    package var runs = RunStateProjection()
    /// Latest step results and artifacts (working state: rewound by restores).
    package var working = WorkingStateProjection()
    /// Snapshots and restores (history).
    package var snapshots = SnapshotsProjection()
    /// Users and roles.
    package var users = UsersProjection()
    /// Approved crosswalk entries (working state: rewound by restores).
    package var crosswalks = CrosswalkApprovalsProjection()
    /// Seq of the last event folded.
    package private(set) var seq = 0
    /// Hash of the last event folded.
    package private(set) var hash = SHA256Digest.zero

    package init() {}

    package mutating func apply(_ event: LedgerEvent) {
        contract.apply(event)
        runs.apply(event)
        working.apply(event)
        snapshots.apply(event)
        users.apply(event)
        crosswalks.apply(event)
        seq = event.seq
        hash = event.hash
    }
}
