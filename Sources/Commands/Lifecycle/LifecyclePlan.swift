import EventStore
import Foundation
import Projections

/// What `dm lifecycle --from-step STEP` would do, without doing it: the same plan the API shows before a re-run.
package struct LifecyclePlan: Sendable {
    /// One step of the plan.
    package struct Entry: Sendable {
        /// The step.
        package var step: LifecycleStep
        /// `reuse` (the parent's artifacts are checked and kept) or `run`.
        package var action: String
        /// Working files the step will put in place (reuse) or replace (run), relative to the data root.
        package var artifacts: [String]
        /// For reused artifacts: whether the parent's kept copy still has its recorded sha256.
        package var problems: [String]
    }

    /// The run the new run continues.
    package var parentRun: String
    /// Every step, in order.
    package var entries: [Entry]

    /// True when every reused artifact checks out.
    package var isRunnable: Bool { entries.allSatisfy(\.problems.isEmpty) }

    /// The plan for re-running from `step`, continuing `parentID` (default: the latest run).
    package static func preview(from step: LifecycleStep, parent parentID: String?, root: DataRoot, ledger: Ledger)
        throws
        -> LifecyclePlan
    {
        let projections = try ProjectionSet.fold(ledger)
        guard let id = parentID ?? projections.runs.latest?.id, let parent = projections.runs.runs[id] else {
            throw UserInputError("no run to continue from; run `dm lifecycle` first or name one with --parent")
        }
        let store = ArtifactStore(root: root)
        let entries = LifecycleStep.allCases.map { candidate -> Entry in
            let recorded = parent.steps[candidate.rawValue]
            let paths = (recorded?.artifacts ?? []).map(\.path)
            guard candidate < step else {
                // A step that runs replaces what the working state has for it now (or what the parent wrote).
                let working = projections.working.steps[candidate.rawValue]?.artifacts.map(\.path) ?? paths
                return Entry(step: candidate, action: "run", artifacts: working, problems: [])
            }
            var problems: [String] = []
            if recorded?.status != "completed" {
                problems.append("run \(id) did not complete \(candidate.rawValue)")
            }
            for artifact in recorded?.artifacts ?? [] {
                let kept = root.runFolder(id) + "/" + artifact.path
                let check = try? store.record(kept, rows: nil)
                if check?.sha256 != artifact.sha256 {
                    problems.append("\(kept) is missing or altered (sha256 differs from the ledger)")
                }
            }
            return Entry(step: candidate, action: "reuse", artifacts: paths, problems: problems)
        }
        return LifecyclePlan(parentRun: id, entries: entries)
    }

    /// The plan as JSON (for `--json` and the API).
    package var jsonValue: JSONValue {
        .object([
            "parent_run": .string(parentRun), "runnable": .bool(isRunnable),
            "steps": .array(
                entries.map { entry in
                    .object([
                        "step": .string(entry.step.rawValue), "action": .string(entry.action),
                        "artifacts": .array(entry.artifacts.map(JSONValue.string)),
                        "problems": .array(entry.problems.map(JSONValue.string)),
                    ])
                }),
        ])
    }
}
