import EventStore

/// Snapshots taken and restores made (history: never rewound).
///
/// Events: `snapshot.taken {snapshot_id, label, seq, state_digest}` (seq: the head the snapshot captures),
/// `snapshot.restored {snapshot_id, seq}`.
package struct SnapshotsProjection: Projection, Equatable, Codable {
    /// One snapshot.
    package struct Snapshot: Sendable, Equatable, Codable {
        /// Snapshot id.
        package var id: String
        /// The operator's label.
        package var label: String
        /// The ledger head it captures.
        package var seq: Int
        /// Seq of the `snapshot.taken` event itself.
        package var eventSeq: Int
        /// Who took it.
        package var takenBy: String
        /// When.
        package var at: String
        /// SHA-256 of the working state it captures.
        package var stateDigest: String
        /// Seqs of the `snapshot.restored` events that restored it.
        package var restoredAt: [Int] = []
    }

    /// Snapshots in the order taken.
    package private(set) var snapshots: [Snapshot] = []

    package init() {}

    /// The snapshot with `id`, or the one whose id starts with `id` when that is unambiguous.
    package func find(_ id: String) -> Snapshot? {
        if let exact = snapshots.first(where: { $0.id == id }) { return exact }
        let matches = snapshots.filter { $0.id.hasPrefix(id) || $0.label == id }
        return matches.count == 1 ? matches[0] : nil
    }

    package mutating func apply(_ event: LedgerEvent) {
        switch event.type {
        case "snapshot.taken":
            guard let id = event.data["snapshot_id"]?.stringValue, let seq = event.data["seq"]?.intValue else { return }
            snapshots.append(
                Snapshot(
                    id: id, label: event.data["label"]?.stringValue ?? "", seq: seq, eventSeq: event.seq,
                    takenBy: event.actor.user, at: event.at, stateDigest: event.data["state_digest"]?.stringValue ?? "")
            )
        case "snapshot.restored":
            guard let id = event.data["snapshot_id"]?.stringValue,
                let index = snapshots.firstIndex(where: { $0.id == id })
            else { return }
            snapshots[index].restoredAt.append(event.seq)
        default:
            break
        }
    }
}

extension SnapshotsProjection: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(snapshots)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        snapshots = try reader.read()
    }
}

extension SnapshotsProjection.Snapshot: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(id)
        writer.write(label)
        writer.write(seq)
        writer.write(eventSeq)
        writer.write(takenBy)
        writer.write(at)
        writer.write(stateDigest)
        writer.write(restoredAt)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        id = try reader.read()
        label = try reader.read()
        seq = try reader.read()
        eventSeq = try reader.read()
        takenBy = try reader.read()
        at = try reader.read()
        stateDigest = try reader.read()
        restoredAt = try reader.read()
    }
}
