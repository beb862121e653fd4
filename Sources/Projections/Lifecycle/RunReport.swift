import EventStore

/// `reports/product_lifecycle_run.json`, built from a run's events alone — the runner writes it with this builder
/// after `run.completed`, and `dm replay` rebuilds the same bytes from the ledger.
package enum RunReport {
    /// Where the report lives, relative to the data root.
    package static let path = "reports/product_lifecycle_run.json"

    /// The report of `run`; nil until the run has completed.
    package static func build(_ run: RunStateProjection.Run) -> JSONValue? {
        guard let head = run.completedHead, let completedAt = run.completedAt else { return nil }
        let steps: [JSONValue] = run.stepOrder.compactMap { name in
            guard let step = run.steps[name] else { return nil }
            var entry: [String: JSONValue] = [
                "step": .string(name), "status": .string(step.status),
                "return_code": .int(step.status == "completed" ? 0 : 1),
                "duration_ms": .int(step.durationMilliseconds ?? 0),
                "artifacts": .array(step.artifacts.map(\.jsonValue)),
            ]
            if let reused = step.reusedFrom { entry["reused_from"] = .string(reused) }
            if let error = step.error { entry["error"] = .string(error) }
            return .object(entry)
        }
        var report: [String: JSONValue] = [
            "run_id": .string(run.id), "status": .string(run.status), "exit_code": .int(run.exitCode ?? 1),
            "operator": .string(run.operatorName), "started_at": .string(run.startedAt),
            "completed_at": .string(completedAt), "parameters": .object(run.parameters), "steps": .array(steps),
            "ledger_head": .object(["seq": .int(head.seq), "hash": .string(head.hash.hex)]),
            "run_folder": .string("reports/runs/\(run.id)"),
        ]
        if let parent = run.parentRun { report["parent_run"] = .string(parent) }
        if let verdict = run.gateVerdict {
            report["gate"] = .object([
                "verdict": .string(verdict), "failed_checks": .array(run.gateFailedChecks.map(JSONValue.string)),
                "profile": run.parameters["release_profile"] ?? .null,
            ])
        }
        if let failed = run.stepOrder.first(where: { run.steps[$0]?.status == "failed" }) {
            report["failure"] = .object(["step": .string(failed), "error": .string(run.steps[failed]?.error ?? "")])
        }
        return .object(report)
    }
}
