import EventStore
import Foundation
import Glibc
import Projections

/// Snapshots of the working state and restores by replay (DESIGN.md §4).
///
/// A snapshot records the head it captures and a digest of the working state (mapping contract and latest
/// artifacts). A restore appends `snapshot.restored`, after which the projections' working state equals the
/// snapshot's; the files follow: each latest artifact is put back from the run folder that keeps it, after its
/// sha256 is checked against the ledger (a mismatch refuses the restore, before anything is appended).
package struct SnapshotService {
    /// The data root.
    package let root: DataRoot
    /// Its ledger.
    package let ledger: Ledger

    /// A service over the data folder at `root`.
    package init(root: DataRoot, ledger: Ledger) {
        self.root = root
        self.ledger = ledger
    }

    /// Takes a snapshot labelled `label`; returns its id.
    package func take(label: String, actorName: String?) throws -> SnapshotsProjection.Snapshot {
        let projections = try ProjectionSet.fold(ledger)
        let actor = try AccessControl.actor(named: actorName, for: .takeSnapshot, users: projections.users)
        guard !label.isEmpty, label.count <= 200 else {
            throw UserInputError("a snapshot needs a label of 1–200 characters")
        }
        let id = EventID.random()
        let digest = Self.digest(contract: projections.contract, working: projections.working)
        _ = try ledger.append(
            [
                NewEvent(
                    type: "snapshot.taken",
                    data: [
                        "snapshot_id": .string(id), "label": .string(label), "seq": .int(projections.seq),
                        "state_digest": .string(digest),
                    ])
            ], actor: actor, command: EventID.random(), expectedSeq: projections.seq)
        let after = try SnapshotsProjection.fold(ledger)
        guard let snapshot = after.find(id) else { throw UserInputError("snapshot \(id) was not recorded") }
        return snapshot
    }

    /// Restores snapshot `id` (an id, a unique id prefix, or a unique label).
    package func restore(_ id: String, actorName: String?) throws -> SnapshotsProjection.Snapshot {
        let projections = try ProjectionSet.fold(ledger)
        let actor = try AccessControl.actor(named: actorName, for: .restoreSnapshot, users: projections.users)
        guard let snapshot = projections.snapshots.find(id) else {
            throw UserInputError("no snapshot '\(id)'; `dm snapshots list` shows them")
        }
        guard let saved = projections.working.saved(snapshot.id) else {
            throw UserInputError("snapshot \(snapshot.id) has no saved state in this ledger")
        }
        // Check every file first: a restore that cannot put back every artifact must not be recorded.
        let store = ArtifactStore(root: root)
        for artifact in saved.artifacts.values.sorted(by: { $0.record.path < $1.record.path })
        where artifact.record.path != MappingContractCSV.path {
            let kept = root.runFolder(artifact.runID) + "/" + artifact.record.path
            let check: ArtifactRecord
            do {
                check = try store.record(kept, rows: nil)
            } catch {
                throw UserInputError("cannot restore: \(kept) is missing (\(error)); the run folder was altered")
            }
            guard check.sha256 == artifact.record.sha256 else {
                throw UserInputError(
                    "cannot restore: \(kept) has sha256 \(check.sha256), the ledger recorded \(artifact.record.sha256)")
            }
        }
        _ = try ledger.append(
            [
                NewEvent(
                    type: "snapshot.restored", data: ["snapshot_id": .string(snapshot.id), "seq": .int(snapshot.seq)])
            ],
            actor: actor, command: EventID.random(), expectedSeq: projections.seq)
        try materialise(current: projections.working, restored: saved.artifacts)
        let after = try ProjectionSet.fold(ledger)
        try MappingContractCSV.write(after.contract.orderedRows, to: root.file(MappingContractCSV.path))
        return snapshot
    }

    /// Puts the restored artifacts in place and removes working artifacts the snapshot did not have.
    private func materialise(
        current: WorkingStateProjection, restored: [String: WorkingStateProjection.WorkingArtifact]
    ) throws {
        let store = ArtifactStore(root: root)
        for artifact in restored.values.sorted(by: { $0.record.path < $1.record.path })
        where artifact.record.path != MappingContractCSV.path {
            try store.restore(artifact.record, fromRun: artifact.runID)
        }
        for path in current.artifacts.keys.sorted() where restored[path] == nil && path != MappingContractCSV.path {
            unlink(root.file(path).path)
        }
    }

    /// SHA-256 over the canonical JSON of the contract rows and the latest artifacts.
    package static func digest(contract: MappingContractProjection, working: WorkingStateProjection) -> String {
        let rows: [JSONValue] = contract.orderedRows.map { row in
            .array(row.csvFields.map(JSONValue.string))
        }
        let artifacts: [String: JSONValue] = working.artifacts.mapValues { $0.record.jsonValue }
        let state = JSONValue.object(["contract": .array(rows), "artifacts": .object(artifacts)])
        return SHA256.hash((try? state.canonicalBytes()) ?? []).hex
    }
}
