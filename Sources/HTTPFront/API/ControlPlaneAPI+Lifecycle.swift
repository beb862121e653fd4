import Commands
import EventStore
import Projections

extension ControlPlaneAPI {
    /// The lifecycle's working state, a step run, and the dry-run preview of a re-run from a step.
    static var lifecycleRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/api/lifecycle", id: "getLifecycle", tag: "lifecycle",
                summary: "each step's working state (latest completed run, artifacts), the active and latest run",
                permission: .read,
                response: .object(
                    [
                        "steps": .array(
                            .object(
                                [
                                    "step": .string(), "owners": .array(.string()),
                                    "working": .nullable(.any()), "latest_status": .nullable(.string()),
                                ], required: ["step", "owners", "working", "latest_status"])),
                        "active_run": .nullable(.string()), "latest_run": .nullable(RunJSON.summarySchema),
                        "head_seq": .integer(minimum: 0),
                    ], required: ["steps", "active_run", "latest_run", "head_seq"])
            ) { _, state in
                let projections = try state.projections()
                let latest = projections.runs.latest
                let owners = roles(for: .runLifecycle)
                let steps: [JSONValue] = LifecycleStep.allCases.map { step in
                    let working: JSONValue =
                        projections.working.steps[step.rawValue].map { record in
                            [
                                "run_id": .string(record.runID), "seq": .int(record.seq),
                                "artifacts": .array(record.artifacts.map(RunJSON.artifact)),
                            ]
                        } ?? .null
                    return [
                        "step": .string(step.rawValue), "owners": owners, "working": working,
                        "latest_status": latest?.steps[step.rawValue].map { JSONValue.string($0.status) } ?? .null,
                    ]
                }
                return APIRoute.Reply(
                    [
                        "steps": .array(steps),
                        "active_run": state.runs.current.map { JSONValue.string($0.id) } ?? .null,
                        "latest_run": latest.map(RunJSON.summary) ?? .null, "head_seq": .int(projections.seq),
                    ])
            },
            APIRoute(
                .get, "/api/lifecycle/plan", id: "previewLifecyclePlan", tag: "lifecycle",
                summary: "dry run: what re-running from a step would run and reuse (nothing is changed)",
                permission: .read,
                parameters: [
                    .query(
                        "from_step", .string(enumeration: LifecycleStep.allCases.map(\.rawValue)), required: true,
                        "the step to re-run from"),
                    .query("parent_run", .string(), "the run to continue (default: the latest)"),
                ],
                response: .object(
                    [
                        "parent_run": .string(), "runnable": .boolean(),
                        "steps": .array(
                            .object(
                                [
                                    "step": .string(), "action": .string(enumeration: ["run", "reuse"]),
                                    "artifacts": .array(.string()), "problems": .array(.string()),
                                    "reason": .nullable(
                                        .string(
                                            description:
                                                "why a step before from_step runs all the same (its inputs changed)")),
                                ], required: ["step", "action", "artifacts", "problems"])),
                    ], required: ["parent_run", "runnable", "steps"]),
                errors: [.notFound]
            ) { request, state in
                guard let step = request.string("from_step").flatMap(LifecycleStep.init(rawValue:)) else {
                    throw APIError.badRequest("from_step is required")
                }
                let parent = try request.string("parent_run").map { try run($0, state).id }
                return APIRoute.Reply(
                    try LifecyclePlan.preview(from: step, parent: parent, root: state.root, ledger: state.ledger)
                        .jsonValue)
            },
            APIRoute(
                .post, "/api/lifecycle/steps/:step/run", id: "runLifecycleStep", tag: "lifecycle",
                summary: "run one step as a new run continuing the latest (earlier steps reused, later ones re-run "
                    + "because they read its output); 202 with the run id",
                permission: .runLifecycle,
                parameters: [.path("step", "extract | schema | mapping | etl | quality | gate")],
                body: runBody(includingFromStep: false), success: .accepted, response: startedSchema,
                errors: [.conflict]
            ) { request, state in
                let name = request.path("step")
                guard LifecycleStep(rawValue: name) != nil else {
                    throw APIError.notFound("no lifecycle step '\(name)'; steps: \(LifecycleStep.names)")
                }
                return try startRun(request, state, fromStep: name)
            },
        ]
    }

    /// The roles allowed `permission`, in declaration order.
    static func roles(for permission: Permission) -> JSONValue {
        .array(Role.allCases.filter { PermissionMatrix.allows($0, permission) }.map { .string($0.rawValue) })
    }
}
