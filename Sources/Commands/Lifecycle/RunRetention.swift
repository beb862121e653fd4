import EventStore
import Foundation
import Projections

/// Removes the per-run artifact copies (`reports/runs/<run_id>/`) that nothing needs any more, and records that
/// it did (`runs.pruned`), so an auditor sees why a folder is gone.
///
/// Kept, whatever their age: the newest `keep` runs (a re-run continues from one of them), every run whose files
/// the working state or a snapshot points at (a restore puts them back from there), every signed-off run and
/// every run whose `cutover_ready` gate passed (a release pack is made from them), and a run still in progress.
package struct RunRetention {
    /// The data root.
    package let root: DataRoot
    /// Its ledger.
    package let ledger: Ledger

    /// Creates the service.
    package init(root: DataRoot, ledger: Ledger) {
        self.root = root
        self.ledger = ledger
    }

    /// What a prune would do: the run folders it removes (with their bytes) and why each other run is kept.
    package struct Plan: Sendable, Equatable {
        /// Run folders to remove, oldest first, with their size in bytes.
        package var remove: [(run: String, bytes: Int)]
        /// Runs kept, with the first reason that keeps each.
        package var kept: [(run: String, reason: String)]

        package static func == (lhs: Plan, rhs: Plan) -> Bool {
            lhs.remove.map(\.run) == rhs.remove.map(\.run) && lhs.kept.map(\.run) == rhs.kept.map(\.run)
        }
    }

    /// The plan for keeping the newest `keep` runs and everything the ledger still needs.
    package func plan(keep: Int, projections: ProjectionSet) -> Plan {
        let runs = projections.runs
        var needed: [String: String] = [:]
        for id in runs.order.suffix(keep) { needed[id] = needed[id] ?? "one of the newest \(keep)" }
        for artifact in projections.working.artifacts.values {
            needed[artifact.runID] = needed[artifact.runID] ?? "the working files come from it"
        }
        for snapshot in projections.snapshots.snapshots {
            for artifact in projections.working.saved(snapshot.id)?.artifacts.values ?? [:].values {
                needed[artifact.runID] = needed[artifact.runID] ?? "snapshot \(snapshot.label) restores from it"
            }
        }
        for id in runs.order {
            guard let run = runs.runs[id] else { continue }
            if run.status == "running" { needed[id] = needed[id] ?? "still in progress" }
            if !run.signOffs.isEmpty { needed[id] = needed[id] ?? "signed off (release pack)" }
            if run.gateVerdict == "PASS", run.parameters["release_profile"]?.stringValue == "cutover_ready" {
                needed[id] = needed[id] ?? "its cutover_ready gate passed (release pack)"
            }
        }
        var remove: [(String, Int)] = []
        var kept: [(String, String)] = []
        for id in runs.order {
            if let reason = needed[id] {
                kept.append((id, reason))
            } else if let bytes = Self.size(of: root.file(root.runFolder(id))) {
                remove.append((id, bytes))
            }
        }
        return Plan(remove: remove, kept: kept)
    }

    /// Records `runs.pruned` and removes the folders of `plan(keep:)`; returns that plan. Nothing is recorded or
    /// removed when there is nothing to remove.
    package func prune(keep: Int, actorName: String?) throws -> Plan {
        guard keep >= 1 else { throw UserInputError("keep at least 1 run (--keep N, N ≥ 1)") }
        let projections = try ProjectionSet.fold(ledger)
        let actor = try AccessControl.actor(named: actorName, for: .restoreSnapshot, users: projections.users)
        let plan = plan(keep: keep, projections: projections)
        guard !plan.remove.isEmpty else { return plan }
        _ = try ledger.append(
            [
                NewEvent(
                    type: "runs.pruned",
                    data: [
                        "run_ids": .array(plan.remove.map { .string($0.run) }),
                        "bytes": .int(plan.remove.reduce(0) { $0 + $1.bytes }), "keep": .int(keep),
                    ])
            ], actor: actor, command: EventID.random(), expectedSeq: projections.seq)
        for (run, _) in plan.remove {
            try FileManager.default.removeItem(at: root.file(root.runFolder(run)))
        }
        return plan
    }

    /// Bytes of the files under `folder`, or nil when it does not exist.
    private static func size(of folder: URL) -> Int? {
        guard FileManager.default.fileExists(atPath: folder.path),
            let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])
        else { return nil }
        var total = 0
        for case let url as URL in walker {
            total += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }
}
