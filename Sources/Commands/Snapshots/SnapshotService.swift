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
    /// Told when a restore committed but a file could not be rewritten (default: a line on stderr).
    package var warn: (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }

    /// A service over the data folder at `root`.
    package init(root: DataRoot, ledger: Ledger) {
        self.root = root
        self.ledger = ledger
    }

    /// Takes a snapshot labelled `label`; returns its id.
    ///
    /// The caller states no seq, so a write by someone else between the fold and the append is no conflict of
    /// theirs: the snapshot is taken again at the new head (a few times, then the conflict is reported).
    package func take(label: String, actorName: String?, command: String = EventID.random()) throws
        -> SnapshotsProjection.Snapshot
    {
        if let recorded = try ledger.recorded(command: command),
            let id = recorded.events.first?.data["snapshot_id"]?.stringValue,
            let snapshot = try SnapshotsProjection.fold(ledger).find(id)
        {
            return snapshot
        }
        guard !label.isEmpty else {
            throw UserInputError("a snapshot needs a label of 1–\(TextLimit.label) characters")
        }
        try TextLimit.check(label, "the snapshot label", limit: TextLimit.label)
        let id = EventID.random()
        for attempt in 0... {
            let projections = try ProjectionSet.fold(ledger)
            let actor = try AccessControl.actor(named: actorName, for: .takeSnapshot, users: projections.users)
            let digest = Self.digest(contract: projections.contract, working: projections.working)
            do {
                _ = try ledger.append(
                    [
                        NewEvent(
                            type: "snapshot.taken",
                            data: [
                                "snapshot_id": .string(id), "label": .string(label), "seq": .int(projections.seq),
                                "state_digest": .string(digest),
                            ])
                    ], actor: actor, command: command, expectedSeq: projections.seq)
                break
            } catch {
                guard case .conflict = error, attempt < Self.attemptsUnderConcurrentWrites else { throw error }
            }
        }
        let after = try SnapshotsProjection.fold(ledger)
        guard let snapshot = after.find(id) else { throw UserInputError("snapshot \(id) was not recorded") }
        return snapshot
    }

    /// How many times `take` folds again when other writers moved the head meanwhile.
    static let attemptsUnderConcurrentWrites = 20

    /// Restores snapshot `id` (an id, a unique id prefix, or a unique label).
    package func restore(_ id: String, actorName: String?, command: String = EventID.random()) throws
        -> SnapshotsProjection.Snapshot
    {
        let projections = try ProjectionSet.fold(ledger)
        if try ledger.recorded(command: command) != nil, let snapshot = projections.snapshots.find(id) {
            return snapshot
        }
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
            actor: actor, command: command, expectedSeq: projections.seq)
        // Recorded: what follows puts files in place, and a failure there is a warning, not a failed restore.
        do {
            try materialise(current: projections.working, restored: saved.artifacts)
        } catch {
            warn(
                "snapshot \(snapshot.id) is restored in the ledger, but its files could not all be put back (\(error)); "
                    + "restore it again to put them back")
        }
        if let warning = ContractReport.refresh(ledger: ledger, root: root) { warn(warning) }
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
