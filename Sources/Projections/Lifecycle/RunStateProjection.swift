import EventStore

/// Lifecycle runs as the ledger tells them: parameters, each step's outcome and artifacts, gate verdicts.
///
/// Events (all carry `run_id`): `run.started {parameters, parent_run?, from_step?}`,
/// `step.started {step}`, `step.completed {step, duration_ms, artifacts[], counts{}, reused_from?}`,
/// `step.failed {step, duration_ms, error}`, `quality.recorded {…}`, `gate.evaluated {profile, verdict, failed_checks}`,
/// `run.completed {status, exit_code}`, and `gate.signed_off {note?}` (a person's sign-off of the run's results;
/// the actor's role says in which capacity).
package struct RunStateProjection: Projection, Equatable, Codable {
    /// What is known of one step of one run.
    package struct StepState: Sendable, Equatable, Codable {
        /// `running`, `completed` or `failed`.
        package var status: String
        /// Wall time in milliseconds, once finished.
        package var durationMilliseconds: Int?
        /// Files the step produced (or reused).
        package var artifacts: [ArtifactRecord] = []
        /// Counts the step reported (rows, rejects, issues…).
        package var counts: [String: JSONValue] = [:]
        /// Why it failed.
        package var error: String?
        /// JSON reports the step wrote, by path (`step.completed {reports}`); rendered from here, so replay
        /// reproduces them.
        package var reports: [String: JSONValue] = [:]
        /// The run whose artifacts were reused instead of running the step.
        package var reusedFrom: String?
    }

    /// One lifecycle run.
    package struct Run: Sendable, Equatable, Codable {
        /// Run id.
        package var id: String
        /// Seq of `run.started`.
        package var startedSeq: Int
        /// Time of `run.started`.
        package var startedAt: String
        /// Time of `run.completed`, once finished.
        package var completedAt: String?
        /// Seq and hash of `run.completed`: the ledger head the run report cites.
        package var completedHead: LedgerHead?
        /// Who ran it.
        package var operatorName: String
        /// Parameters as recorded.
        package var parameters: [String: JSONValue]
        /// The run this one re-ran from a step of.
        package var parentRun: String?
        /// `running`, `passed`, `gate_failed`, `failed`.
        package var status: String = "running"
        /// Exit code of the CLI for this run, once finished.
        package var exitCode: Int?
        /// Steps by name.
        package var steps: [String: StepState] = [:]
        /// Step names in the order they started.
        package var stepOrder: [String] = []
        /// The gate verdict, once evaluated.
        package var gateVerdict: String?
        /// Failed gate checks, once evaluated.
        package var gateFailedChecks: [String] = []
        /// Sign-offs recorded for this run's results (`gate.signed_off`): user, role, seq.
        package var signOffs: [SignOff] = []
    }

    /// One person's sign-off of a run's results.
    package struct SignOff: Sendable, Equatable, Codable {
        /// Who signed.
        package var user: String
        /// The role they signed in (`clinical_safety_officer`, `release_manager`).
        package var role: String
        /// Seq of the `gate.signed_off` event.
        package var seq: Int
        /// The evidence they saw (`GateEvidence.json`), or null for a sign-off recorded before evidence was.
        package var evidence: JSONValue = .null
    }

    /// Runs by id.
    package private(set) var runs: [String: Run] = [:]
    /// Run ids in start order.
    package private(set) var order: [String] = []

    package init() {}

    /// The most recent run, if any.
    package var latest: Run? { order.last.flatMap { runs[$0] } }

    package mutating func apply(_ event: LedgerEvent) {
        // Byte prefixes: `hasPrefix` compares by characters, a cost paid on every event of a replay.
        let type = event.type.utf8
        guard type.starts(with: "run.".utf8) || type.starts(with: "step.".utf8) || type.starts(with: "gate.".utf8),
            let runID = event.data["run_id"]?.stringValue
        else { return }
        if event.type == "run.started" {
            guard runs[runID] == nil else { return }
            runs[runID] = Run(
                id: runID, startedSeq: event.seq, startedAt: event.at, operatorName: event.actor.user,
                parameters: event.data["parameters"]?.objectValue ?? [:],
                parentRun: event.data["parent_run"]?.stringValue)
            order.append(runID)
            return
        }
        // The run is changed in place (through `values`): copying it out would copy its steps on every event.
        guard let index = runs.index(forKey: runID) else { return }
        Self.apply(event, to: &runs.values[index])
    }

    private static func apply(_ event: LedgerEvent, to run: inout Run) {
        let step = event.data["step"]?.stringValue
        switch event.type {
        case "step.started":
            guard let step else { return }
            if run.steps[step] == nil { run.stepOrder.append(step) }
            run.steps[step] = StepState(status: "running")
        case "step.completed", "step.failed":
            guard let step else { return }
            if run.steps[step] == nil { run.stepOrder.append(step) }
            var state = run.steps[step] ?? StepState(status: "running")
            state.status = event.type == "step.completed" ? "completed" : "failed"
            state.durationMilliseconds = event.data["duration_ms"]?.intValue
            state.artifacts = event.data["artifacts"]?.arrayValue?.compactMap(ArtifactRecord.init) ?? []
            state.counts = event.data["counts"]?.objectValue ?? [:]
            state.error = event.data["error"]?.stringValue
            state.reusedFrom = event.data["reused_from"]?.stringValue
            state.reports = event.data["reports"]?.objectValue ?? [:]
            run.steps[step] = state
        case "gate.evaluated":
            run.gateVerdict = event.data["verdict"]?.stringValue
            run.gateFailedChecks = event.data["failed_checks"]?.arrayValue?.compactMap(\.stringValue) ?? []
        case "gate.signed_off":
            run.signOffs.append(
                SignOff(
                    user: event.actor.user, role: event.actor.role, seq: event.seq,
                    evidence: event.data["evidence"] ?? .null))
        case "run.completed":
            run.status = event.data["status"]?.stringValue ?? "completed"
            run.exitCode = event.data["exit_code"]?.intValue
            run.completedAt = event.at
            run.completedHead = LedgerHead(seq: event.seq, hash: event.hash)
        default:
            return
        }
    }
}

extension RunStateProjection: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(runs)
        writer.write(order)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        runs = try reader.read()
        order = try reader.read()
    }
}

extension RunStateProjection.StepState: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(status)
        writer.write(durationMilliseconds)
        writer.write(artifacts)
        writer.write(counts)
        writer.write(error)
        writer.write(reports)
        writer.write(reusedFrom)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        status = try reader.read()
        durationMilliseconds = try reader.read()
        artifacts = try reader.read()
        counts = try reader.read()
        error = try reader.read()
        reports = try reader.read()
        reusedFrom = try reader.read()
    }
}

extension RunStateProjection.Run: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(id)
        writer.write(startedSeq)
        writer.write(startedAt)
        writer.write(completedAt)
        writer.write(completedHead)
        writer.write(operatorName)
        writer.write(parameters)
        writer.write(parentRun)
        writer.write(status)
        writer.write(exitCode)
        writer.write(steps)
        writer.write(stepOrder)
        writer.write(gateVerdict)
        writer.write(gateFailedChecks)
        writer.write(signOffs)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        id = try reader.read()
        startedSeq = try reader.read()
        startedAt = try reader.read()
        completedAt = try reader.read()
        completedHead = try reader.read()
        operatorName = try reader.read()
        parameters = try reader.read()
        parentRun = try reader.read()
        status = try reader.read()
        exitCode = try reader.read()
        steps = try reader.read()
        stepOrder = try reader.read()
        gateVerdict = try reader.read()
        gateFailedChecks = try reader.read()
        signOffs = try reader.read()
    }
}

extension RunStateProjection.SignOff: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(user)
        writer.write(role)
        writer.write(seq)
        writer.write(evidence)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        user = try reader.read()
        role = try reader.read()
        seq = try reader.read()
        evidence = try reader.read()
    }
}

extension LedgerHead: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(seq)
        writer.write(hash)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        self.init(seq: try reader.read(), hash: try reader.read())
    }
}
