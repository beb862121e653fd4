import Commands
import EventStore
import Projections

/// How a lifecycle run travels over the API: a summary for lists, the detail with gate, rejects, issues and
/// artifacts.
enum RunJSON {
    /// Schema of a list item.
    static let summarySchema = APISchema.reference(
        "RunSummary",
        .object(
            [
                "id": .string(), "status": .string(), "started_at": .string(), "completed_at": .nullable(.string()),
                "operator": .string(), "parent_run": .nullable(.string()), "gate_verdict": .nullable(.string()),
                "release_profile": .nullable(.string()), "exit_code": .nullable(.integer()),
            ], required: ["id", "status", "started_at", "operator"]))

    /// Schema of the detail.
    static let detailSchema = APISchema.reference(
        "RunDetail",
        .object(
            [
                "id": .string(), "status": .string(), "started_at": .nullable(.string()),
                "completed_at": .nullable(.string()), "operator": .string(), "parent_run": .nullable(.string()),
                "exit_code": .nullable(.integer()), "parameters": .map(.any()),
                "steps": .array(
                    .object(
                        [
                            "step": .string(), "status": .string(), "duration_ms": .nullable(.integer()),
                            "counts": .map(.any()), "artifacts": .array(artifactSchema),
                            "error": .nullable(.string()), "reused_from": .nullable(.string()),
                        ], required: ["step", "status", "artifacts"])),
                "gate": .nullable(.any(description: "verdict, failed checks, profile and the gate report")),
                "sign_offs": .array(
                    .object(
                        [
                            "user": .string(), "role": .string(), "seq": .integer(),
                            "valid": .boolean(description: "false: the run's evidence changed since it was signed"),
                            "changed_since": .array(.string()),
                        ], required: ["user", "role", "seq", "valid", "changed_since"])),
                "rejects": .object(["count": .nullable(.integer(minimum: 0)), "href": .string()]),
                "issues": .map(.any()), "artifacts": .array(artifactSchema), "run_folder": .string(),
            ], required: ["id", "status", "steps", "artifacts"]))

    /// Schema of an artifact record.
    static let artifactSchema = APISchema.reference(
        "Artifact",
        .object(
            [
                "path": .string(), "sha256": .string(), "bytes": .integer(minimum: 0),
                "rows": .nullable(.integer(minimum: 0)),
            ], required: ["path", "sha256", "bytes"]))

    static func artifact(_ record: ArtifactRecord) -> JSONValue {
        [
            "path": .string(record.path), "sha256": .string(record.sha256), "bytes": .int(record.bytes),
            "rows": record.rows.map(JSONValue.int) ?? .null,
        ]
    }

    static func summary(_ run: RunStateProjection.Run) -> JSONValue {
        [
            "id": .string(run.id), "status": .string(run.status), "started_at": .string(run.startedAt),
            "completed_at": run.completedAt.map(JSONValue.string) ?? .null, "operator": .string(run.operatorName),
            "parent_run": run.parentRun.map(JSONValue.string) ?? .null,
            "gate_verdict": run.gateVerdict.map(JSONValue.string) ?? .null,
            "release_profile": run.parameters["release_profile"] ?? .null,
            "exit_code": run.exitCode.map(JSONValue.int) ?? .null,
        ]
    }

    static func detail(_ run: RunStateProjection.Run, signOffs: [GateEvidence.Standing]) -> JSONValue {
        let steps: [JSONValue] = run.stepOrder.compactMap { name in
            guard let step = run.steps[name] else { return nil }
            return [
                "step": .string(name), "status": .string(step.status),
                "duration_ms": step.durationMilliseconds.map(JSONValue.int) ?? .null,
                "counts": .object(step.counts), "artifacts": .array(step.artifacts.map(artifact)),
                "error": step.error.map(JSONValue.string) ?? .null,
                "reused_from": step.reusedFrom.map(JSONValue.string) ?? .null,
            ]
        }
        var gate: JSONValue = .null
        if let verdict = run.gateVerdict {
            gate = [
                "verdict": .string(verdict), "failed_checks": .array(run.gateFailedChecks.map(JSONValue.string)),
                "profile": run.parameters["release_profile"] ?? .null,
                "report": run.steps["gate"]?.reports[DataRoot.Paths.gateReport] ?? .null,
            ]
        }
        let quality = run.steps["quality"]?.counts ?? [:]
        let base = "/api/runs/\(run.id)"
        var object = summary(run).objectValue ?? [:]
        object["parameters"] = .object(run.parameters)
        object["steps"] = .array(steps)
        object["gate"] = gate
        object["sign_offs"] = .array(
            signOffs.map { standing in
                [
                    "user": .string(standing.signOff.user), "role": .string(standing.signOff.role),
                    "seq": .int(standing.signOff.seq), "valid": .bool(standing.valid),
                    "changed_since": .array(standing.changes.map(JSONValue.string)),
                ]
            })
        object["rejects"] = [
            "count": run.steps["etl"]?.counts["rejected"] ?? .null, "href": .string(base + "/rejects"),
        ]
        object["issues"] = [
            "contract": quality["contract_issues"] ?? .null, "enterprise": quality["enterprise_issues"] ?? .null,
            "contract_status": quality["contract_status"] ?? .null,
            "enterprise_status": quality["enterprise_status"] ?? .null,
            "href_contract": .string(base + "/issues?kind=contract"),
            "href_enterprise": .string(base + "/issues?kind=enterprise"),
        ]
        object["artifacts"] = .array(run.stepOrder.flatMap { run.steps[$0]?.artifacts ?? [] }.map(artifact))
        object["run_folder"] = .string("reports/runs/\(run.id)")
        return .object(object)
    }
}
