import EventStore
import Foundation
import Projections

extension LifecycleRunner {
    /// For `--from-step`, before anything is recorded: the parent exists and completed every step the plan reuses,
    /// and its kept copies still have their recorded sha256 — otherwise a usage error, and no run is started.
    /// Returns the plan: which steps are reused and which run (and why a step before `step` runs all the same).
    func planReuse(from step: LifecycleStep, parent parentID: String?) throws -> [LifecyclePlan.Decision] {
        guard let parentID else {
            throw LifecycleError(
                .usage, step: step, "--from-step needs an earlier run to continue from, and the ledger has none")
        }
        let projections = try projections.current()
        guard let parent = projections.runs.runs[parentID] else {
            throw LifecycleError(
                .usage, step: step, "no run '\(parentID)' in the ledger; `dm runs list` shows the runs")
        }
        // The plan a dry run shows, with its checks: a step to reuse must be complete in the parent, with every
        // kept copy as the ledger recorded it.
        let plan = try LifecyclePlan.plan(from: step, parent: parent, projections: projections, root: root)
        if let blocked = plan.entries.first(where: { !$0.problems.isEmpty }) {
            throw LifecycleError(
                .usage, step: blocked.step,
                "cannot reuse run \(parentID)'s \(blocked.step.rawValue) step: "
                    + blocked.problems.joined(separator: "; ") + "; re-run from \(blocked.step.rawValue) or earlier")
        }
        return plan.entries.map {
            LifecyclePlan.Decision(step: $0.step, reuse: $0.action == "reuse", reason: $0.reason)
        }
    }

    /// Records as interrupted every run the ledger still shows running: the caller holds the folder's run lock, so
    /// no process is running them (theirs died — killed, or the machine stopped). Then puts back any working file
    /// that is not the one the ledger names (the process may have died while publishing a step), from the run
    /// folder that keeps it, and removes the dead runs' staging folders.
    func recordInterruptedRuns() throws {
        let runs = try projections.current().runs
        let interrupted = runs.order.filter { runs.runs[$0]?.status == "running" }
        guard !interrupted.isEmpty else { return }
        // Files first, then the record: a failure (or another kill) here leaves the runs marked running, so the
        // next run repairs again. Every working file is checked (a run killed while reusing its parent's files can
        // have put those in place before recording them); only those that differ are copied back.
        let working = try projections.current().working
        for (path, artifact) in working.artifacts.sorted(by: { $0.key < $1.key }) where path != MappingContractCSV.path
        {
            try artifacts.restore(artifact.record, fromRun: artifact.runID)
        }
        for id in interrupted {
            guard let state = runs.runs[id] else { continue }
            var events: [NewEvent] = []
            for (step, stepState) in state.steps.sorted(by: { $0.key < $1.key }) where stepState.status == "running" {
                events.append(
                    NewEvent(
                        type: "step.failed",
                        data: [
                            "run_id": .string(id), "step": .string(step), "duration_ms": 0, "return_code": 1,
                            "error": "interrupted: the process running it ended before the step finished",
                        ]))
            }
            events.append(
                NewEvent(
                    type: "run.completed", data: ["run_id": .string(id), "status": "interrupted", "exit_code": 1]))
            _ = try ledger.append(events, actor: actor, command: "\(id)/interrupted")
        }
        for id in interrupted { try? FileManager.default.removeItem(at: root.file(DataRoot.stagingFolder(id))) }
    }

    /// For `--from-step`: takes the parent run's `earlier` step as this run's, after checking every artifact the
    /// parent recorded still has its recorded sha256, and puts those files back in their working places.
    func reuse(_ earlier: LifecycleStep, for run: RunContext) throws {
        guard let parentID = run.parentRun,
            let state = try projections.current().runs.runs[parentID]?
                .steps[earlier.rawValue], state.status == "completed"
        else {
            throw LifecycleError(.step, step: earlier, "the parent run's \(earlier.rawValue) step is gone")
        }
        // Every run folder is complete (reused artifacts are linked in too), so the parent's folder has them all.
        do {
            for artifact in state.artifacts {
                try artifacts.restore(artifact, fromRun: parentID)
                try artifacts.preserve(artifact.path, runID: run.id)
            }
        } catch {
            throw LifecycleError(.step, step: earlier, "cannot reuse run \(parentID)'s artifacts: \(error)")
        }
        run.counts[earlier] = state.counts
        run.artifacts[earlier] = state.artifacts
        run.reused.insert(earlier)
        run.summaries[earlier] = "reused from run \(parentID)"
        run.durations[earlier] = 0
        try record(
            "step.completed", run,
            [
                "step": .string(earlier.rawValue), "duration_ms": 0, "return_code": 0,
                "artifacts": .array(state.artifacts.map(\.jsonValue)), "counts": .object(state.counts),
                "reused_from": .string(parentID),
            ])
        observer.stepFinished(earlier, milliseconds: 0, summary: "reused from run \(parentID)")
    }
}
