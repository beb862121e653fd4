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
        /// Why a step before the one asked for runs all the same (its inputs changed), or nil.
        package var reason: String?
    }

    /// Whether a step of a re-run is reused from the parent, and if it runs although it comes before the step asked
    /// for, why.
    package struct Decision: Sendable, Equatable {
        /// The step.
        package var step: LifecycleStep
        /// True: the parent's output is taken; false: the step runs.
        package var reuse: Bool
        /// Why it runs although it comes before the step asked for.
        package var reason: String?
    }

    /// The re-run plan from `step` continuing `parent`: every step before it is reused unless its inputs changed
    /// since the parent made its output — the mapping step always runs (it records the contract as it is now), and
    /// the etl step runs when its inputs (`ETLInputDigest`) differ from the ones the parent's etl recorded; every
    /// step after one that runs runs too.
    package static func decisions(from step: LifecycleStep, parent: RunStateProjection.Run, contract: [MappingRow])
        throws -> [Decision]
    {
        var remade: LifecycleStep?
        var decisions: [Decision] = []
        for candidate in LifecycleStep.allCases {
            if candidate >= step {
                decisions.append(Decision(step: candidate, reuse: false, reason: nil))
            } else if let remade {
                decisions.append(
                    Decision(
                        step: candidate, reuse: false, reason: "its input, the \(remade.rawValue) output, is made again"
                    ))
            } else if candidate == .mapping {
                decisions.append(
                    Decision(
                        step: candidate, reuse: false,
                        reason: "the mapping step always runs: it records the contract as it is now"))
            } else if candidate == .etl {
                let recorded = parent.steps[candidate.rawValue]?.counts["inputs_sha256"]?.stringValue
                let now = try ETLInputDigest.of(
                    contract: contract, extract: parent.steps[LifecycleStep.extract.rawValue]?.artifacts ?? [])
                if recorded == now {
                    decisions.append(Decision(step: candidate, reuse: true, reason: nil))
                } else {
                    remade = candidate
                    decisions.append(
                        Decision(
                            step: candidate, reuse: false,
                            reason: recorded == nil
                                ? "run \(parent.id)'s etl recorded no input digest, so its output cannot be shown current"
                                : "the contract rows it runs, the crosswalks or the code sets changed since run "
                                    + "\(parent.id)'s etl"))
                }
            } else {
                decisions.append(Decision(step: candidate, reuse: true, reason: nil))
            }
        }
        return decisions
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
        return try plan(from: step, parent: parent, projections: projections, root: root)
    }

    /// The plan for re-running from `step`, continuing `parent`, over `projections`: what a dry run shows and what
    /// the run itself follows (the same checks of the parent's kept copies).
    package static func plan(
        from step: LifecycleStep, parent: RunStateProjection.Run, projections: ProjectionSet, root: DataRoot
    ) throws -> LifecyclePlan {
        let id = parent.id
        let store = ArtifactStore(root: root)
        let decisions = try decisions(from: step, parent: parent, contract: projections.contract.orderedRows)
        let entries = decisions.map { decision -> Entry in
            let candidate = decision.step
            let recorded = parent.steps[candidate.rawValue]
            let paths = (recorded?.artifacts ?? []).map(\.path)
            guard decision.reuse else {
                // A step that runs replaces what the working state has for it now (or what the parent wrote).
                let working = projections.working.steps[candidate.rawValue]?.artifacts.map(\.path) ?? paths
                return Entry(step: candidate, action: "run", artifacts: working, problems: [], reason: decision.reason)
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
            return Entry(step: candidate, action: "reuse", artifacts: paths, problems: problems, reason: nil)
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
                        "reason": entry.reason.map(JSONValue.string) ?? .null,
                    ])
                }),
        ])
    }
}
