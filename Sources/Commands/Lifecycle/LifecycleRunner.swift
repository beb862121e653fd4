import EventStore
import Foundation
import Projections

/// Runs the migration lifecycle — extract → schema → mapping → etl → quality → gate — recording every step in the
/// ledger (DESIGN.md §5).
///
/// Steps talk to each other only through files on disk and the figures recorded in `step.completed`, so a re-run
/// from a step (`--from-step`) rebuilds its inputs from the parent run's ledger record and artifacts, exactly as the
/// first run left them.
public final class LifecycleRunner {
    let root: DataRoot
    let ledger: Ledger
    let actor: LedgerActor
    let observer: LifecycleObserver
    let artifacts: ArtifactStore
    let clock: () -> Date
    /// Every projection, folded once when the runner starts and then only forward: a run reads the contract, its
    /// parent and the sign-offs several times, and must not re-read the whole ledger each time.
    let projections: ProjectionHost

    /// A runner on the data folder at `rootPath`, acting as `actor`.
    public init(
        rootPath: String, actor: LedgerActor, observer: LifecycleObserver, clock: @escaping () -> Date = Date.init
    )
        throws
    {
        root = DataRoot(path: rootPath)
        try root.createFolders()
        ledger = try Ledger(directory: root.eventsPath)
        self.actor = actor
        self.observer = observer
        self.clock = clock
        artifacts = ArtifactStore(root: root)
        projections = try ProjectionHost(ledger: ledger)
    }

    /// Runs the lifecycle. Never throws for a failed step or gate: the outcome is in the summary and the ledger.
    /// Throws a usage `LifecycleError` — having recorded nothing — for bad parameters, a re-run with nothing to
    /// continue, or another run in progress in the folder; otherwise only when the ledger itself cannot be written.
    /// `runID` lets a caller that answers before the run starts (the API's 202) name the run in advance, and `lock`
    /// pass the folder's run lock it already took for it.
    package func run(_ request: LifecycleRequest, runID: String = EventID.random(), lock: RunLock? = nil) throws
        -> LifecycleSummary
    {
        let parameters = try LifecycleParameters(request, knownProfiles: try GateProfile.bundled().map(\.name))
        let held = try lock ?? RunLock.acquire(root: root, runID: runID, user: actor.user)
        defer { withExtendedLifetime(held) {} }  // Held until the run returns.
        try recordInterruptedRuns()
        let run = RunContext(id: runID, startedAt: clock())
        run.parameters = parameters
        var plan = LifecycleStep.allCases.map { LifecyclePlan.Decision(step: $0, reuse: false, reason: nil) }
        if let from = parameters.fromStep {
            run.parentRun = try request.parentRun ?? projections.current().runs.latest?.id
            plan = try planReuse(from: from, parent: run.parentRun)
        }
        var started: [String: JSONValue] = ["parameters": .object(request.recorded)]
        if let parent = run.parentRun { started["parent_run"] = .string(parent) }
        try record("run.started", run, started)
        for decision in plan {
            let step = decision.step
            if decision.reuse {
                do {
                    try reuse(step, for: run)
                } catch let error as LifecycleError {
                    return try finish(run, failing: error.step, message: error.message, exitCode: 1, milliseconds: 0)
                }
                continue
            }
            observer.stepStarted(step)
            try record("step.started", run, ["step": .string(step.rawValue)])
            let start = DispatchTime.now().uptimeNanoseconds
            let milliseconds = { Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000) }
            do {
                // A step writes into the run's staging folder; its files are hashed and kept there, the step is
                // recorded, and only then are they renamed into their working places — so the working files are
                // always those the ledger names (a crash before the record leaves them as they were).
                try stage(run).createFolders()
                var output = try perform(step, run)
                let written = output.writtenInPlace ? root : stage(run)
                for (path, report) in output.reports.sorted(by: { $0.key < $1.key }) {
                    try JSONReportWriter.write(report, to: written.file(path))
                    output.artifacts.append((path, nil))
                }
                var records: [ArtifactRecord] = []
                for artifact in output.artifacts {
                    records.append(try artifacts.record(artifact.path, rows: artifact.rows, in: written))
                    try artifacts.preserve(artifact.path, runID: run.id, from: written)
                }
                run.counts[step] = output.counts
                run.artifacts[step] = records
                run.summaries[step] = output.summary
                let elapsed = milliseconds()
                run.durations[step] = elapsed
                try record(
                    "step.completed", run,
                    [
                        "step": .string(step.rawValue), "duration_ms": .int(elapsed), "return_code": 0,
                        "artifacts": .array(records.map(\.jsonValue)), "counts": .object(output.counts),
                        "reports": .object(output.reports),
                    ], extra: output.events)
                if !output.writtenInPlace { try artifacts.publish(output.artifacts.map(\.path), from: written) }
                observer.stepFinished(step, milliseconds: elapsed, summary: output.summary)
            } catch let error as LedgerError {
                throw error
            } catch {
                let message = (error as? LifecycleError)?.message ?? "\(error)"
                observer.stepFailed(step, milliseconds: milliseconds(), message: message)
                return try finish(run, failing: step, message: message, exitCode: 1, milliseconds: milliseconds())
            }
        }
        let passed = run.counts[.gate]?["verdict"]?.stringValue == "PASS"
        return try finish(run, status: passed ? "passed" : "gate_failed", exitCode: passed ? 0 : 3)
    }

    /// Where the run's steps write before their files are published: `.staging/<run_id>/` in the data root (the
    /// same file system, so publishing is a rename).
    func stage(_ run: RunContext) -> DataRoot {
        DataRoot(path: root.file(DataRoot.stagingFolder(run.id)).path)
    }

    private func perform(_ step: LifecycleStep, _ run: RunContext) throws -> StepOutput {
        switch step {
        case .extract: try extract(run)
        case .schema: try schema(run)
        case .mapping: try mapping(run)
        case .etl: try etl(run)
        case .quality: try quality(run)
        case .gate: try gate(run)
        }
    }

    /// Appends one event of the run as its own command (each is durable before the run goes on).
    @discardableResult
    func record(_ type: String, _ run: RunContext, _ data: [String: JSONValue], extra: [NewEvent] = [])
        throws -> [LedgerEvent]
    {
        let events = ([NewEvent(type: type, data: data)] + extra).map { event in
            var tagged = event
            tagged.data["run_id"] = .string(run.id)
            return tagged
        }
        run.sequence += 1
        let result = try ledger.append(events, actor: actor, command: "\(run.id)/\(run.sequence)")
        return result.events
    }

    private func finish(
        _ run: RunContext, failing step: LifecycleStep, message: String, exitCode: Int32, milliseconds: Int
    ) throws -> LifecycleSummary {
        run.failure = (step, message)
        try record(
            "step.failed", run,
            [
                "step": .string(step.rawValue), "duration_ms": .int(milliseconds), "return_code": 1,
                "error": .string(message),
            ])
        return try finish(run, status: "failed", exitCode: exitCode)
    }
}
