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
    /// Events per type and user (history), for true totals of filtered ledger listings.
    package var eventCounts = EventCountsProjection()
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
        eventCounts.apply(event)
        seq = event.seq
        hash = event.hash
    }
}

extension ProjectionSet: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(contract)
        writer.write(runs)
        writer.write(working)
        writer.write(snapshots)
        writer.write(users)
        writer.write(crosswalks)
        writer.write(eventCounts)
        writer.write(seq)
        writer.write(hash)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        contract = try reader.read()
        runs = try reader.read()
        working = try reader.read()
        snapshots = try reader.read()
        users = try reader.read()
        crosswalks = try reader.read()
        eventCounts = try reader.read()
        seq = try reader.read()
        hash = try reader.read()
    }
}
