import Commands
import EventStore
import Projections

extension ControlPlaneAPI {
    /// Lifecycle runs: start one in the background, list, detail with gate/rejects/issues/artifacts, sign-off.
    static var runRoutes: [APIRoute] {
        [
            APIRoute(
                .post, "/api/runs/execute", id: "executeRun", tag: "runs",
                summary: "start a lifecycle run in the background; 202 with its id (409 while another runs)",
                permission: .runLifecycle, body: runBody(includingFromStep: true), success: .accepted,
                response: startedSchema, errors: [.notFound, .conflict]
            ) { request, state in
                try startRun(request, state, fromStep: request.member("from_step")?.stringValue)
            },
            APIRoute(
                .get, "/api/runs", id: "listRuns", tag: "runs", summary: "runs, newest first, paginated",
                permission: .read,
                parameters: APIParameter.pagination + [
                    .query(
                        "status", .string(enumeration: ["running", "passed", "gate_failed", "failed", "interrupted"]),
                        "run status")
                ],
                response: APIPage.schema(RunJSON.summarySchema, extra: ["active_run": .nullable(.string())])
            ) { request, state in
                let runs = try state.projections().runs
                let items = runs.order.reversed().compactMap { runs.runs[$0] }
                    .filter { run in request.string("status").map { run.status == $0 } ?? true }
                    .map(RunJSON.summary)
                return APIRoute.Reply(
                    APIPage(request).wrap(
                        items, extra: ["active_run": state.runs.current.map { JSONValue.string($0.id) } ?? .null]))
            },
            APIRoute(
                .get, "/api/runs/:id", id: "getRun", tag: "runs",
                summary: "one run: steps, durations, gate result, rejects and issues counts, artifacts, sign-offs",
                permission: .read, parameters: [.path("id", "run id (or an unambiguous prefix)")],
                response: RunJSON.detailSchema
            ) { request, state in
                let id = request.path("id")
                if let active = state.runs.current, active.id == id,
                    try state.projections().runs.runs[id] == nil
                {
                    return APIRoute.Reply(
                        [
                            "id": .string(id), "status": "starting", "operator": .string(active.user),
                            "steps": [], "artifacts": [],
                        ])
                }
                let found = try run(id, state)
                let standing = try GateEvidence.standing(of: found, projections: try state.projections())
                return APIRoute.Reply(RunJSON.detail(found, signOffs: standing))
            },
            APIRoute(
                .get, "/api/runs/:id/rejects", id: "listRunRejects", tag: "runs",
                summary: "the crosswalk rejects a run wrote (its run folder), paginated", permission: .read,
                parameters: [.path("id", "run id")] + APIParameter.pagination + rejectFilters,
                response: CSVReportPage.schema
            ) { request, state in
                let run = try run(request.path("id"), state)
                return APIRoute.Reply(try rejects(request, state, folder: "reports/runs/\(run.id)/"))
            },
            APIRoute(
                .get, "/api/runs/:id/issues", id: "listRunIssues", tag: "runs",
                summary: "the quality issues of one kind a run wrote (its run folder), paginated",
                permission: .read,
                parameters: [
                    .path("id", "run id"),
                    .query("kind", .string(enumeration: ["enterprise", "contract"]), required: true, "issue kind"),
                ] + APIParameter.pagination + issueFilters,
                response: CSVReportPage.schema
            ) { request, state in
                let run = try run(request.path("id"), state)
                return APIRoute.Reply(try issues(request, state, folder: "reports/runs/\(run.id)/"))
            },
            APIRoute(
                .post, "/api/runs/:id/signoff", id: "signOffRun", tag: "runs",
                summary: "sign off a run's gate results (clinical safety officer or release manager)",
                permission: .signOffGate, parameters: [.path("id", "run id")],
                body: .object(["note": .string(maxLength: TextLimit.note, pattern: .multiline)], closed: true),
                success: .created,
                response: .object(
                    ["run_id": .string(), "user": .string(), "role": .string()], required: ["run_id", "user", "role"])
            ) { request, state in
                let id = try run(request.path("id"), state).id
                let (signed, actor) = try SignOffService.sign(
                    runID: id, note: request.member("note")?.stringValue, actorName: request.actorName,
                    ledger: state.ledger, command: try request.commandID())
                return APIRoute.Reply(
                    ["run_id": .string(signed), "user": .string(actor.user), "role": .string(actor.role)],
                    status: .created)
            },
        ]
    }

    /// What starting a run answers.
    static let startedSchema = APISchema.object(
        ["run_id": .string(), "status": .string(enumeration: ["started"]), "href": .string()],
        required: ["run_id", "status", "href"])

    /// The run parameters a client may set (the CLI's `dm lifecycle` options).
    static func runBody(includingFromStep: Bool) -> APISchema {
        var properties: [String: APISchema] = [
            "rows": .integer(minimum: 1, maximum: 10_000_000, description: "patients in the mock extract"),
            "seed": .integer(minimum: 0, maximum: 9_007_199_254_740_991, description: "seed of the mock extract"),
            "min_patients": .integer(minimum: 0, maximum: 10_000_000, description: "patients quality expects"),
            "defect_rate": .number(description: "share of injected defects, 0 to 1", minimum: 0, maximum: 1),
            "release_profile": .string(enumeration: gateProfiles, description: "gate profile"),
            "connector": .string(enumeration: LifecycleParameters.connectors, description: "source connector"),
            "reference_date": .string(maxLength: 10, description: "'today' of the extract, yyyy-MM-dd"),
            "parent_run": .string(maxLength: 200, description: "the run a re-run continues (default: latest)"),
        ]
        if includingFromStep {
            properties["from_step"] = .string(
                enumeration: LifecycleStep.allCases.map(\.rawValue), description: "re-run from this step")
        }
        return .object(properties, closed: true)
    }

    /// The bundled gate profiles' names.
    static var gateProfiles: [String] {
        (try? GateProfile.bundled().map(\.name)) ?? ["pre_production", "cutover_ready"]
    }

    /// The run `id` (exact, or an unambiguous prefix), or a 404.
    static func run(_ id: String, _ state: ControlPlaneState) throws -> RunStateProjection.Run {
        let runs = try state.projections().runs
        if let run = runs.runs[id] { return run }
        let matches = id.count >= 6 ? runs.order.filter { $0.hasPrefix(id) } : []
        guard matches.count == 1, let run = runs.runs[matches[0]] else {
            throw APIError.notFound("no run '\(id)'; GET /api/runs lists the runs")
        }
        return run
    }

    /// The request's run parameters, checked exactly as the runner will check them, so a bad value is a 422 and
    /// nothing is appended.
    static func lifecycleRequest(_ request: APIRequest, _ state: ControlPlaneState, fromStep: String?) throws
        -> LifecycleRequest
    {
        var lifecycle = LifecycleRequest()
        if let rows = request.member("rows")?.intValue {
            guard rows <= state.maximumRunRows else {
                throw APIError.invalid("rows must be at most \(state.maximumRunRows) on this server, got \(rows)")
            }
            lifecycle.rows = String(rows)
        }
        if let seed = request.member("seed")?.intValue { lifecycle.seed = String(seed) }
        if let minimum = request.member("min_patients")?.intValue { lifecycle.minPatients = String(minimum) }
        if let rate = request.member("defect_rate")?.doubleValue { lifecycle.defectRate = String(rate) }
        if let profile = request.member("release_profile")?.stringValue { lifecycle.releaseProfile = profile }
        if let connector = request.member("connector")?.stringValue { lifecycle.connector = connector }
        if let day = request.member("reference_date")?.stringValue { lifecycle.referenceDate = day }
        lifecycle.fromStep = fromStep
        lifecycle.parentRun = request.member("parent_run")?.stringValue
        do {
            _ = try LifecycleParameters(lifecycle, knownProfiles: gateProfiles)
        } catch {
            // The runner's messages name CLI options; over the API the same values are body members.
            var message = error.message
            for (option, member) in optionMembers { message = message.replacingOccurrences(of: option, with: member) }
            throw APIError.invalid(message)
        }
        if let fromStep, let step = LifecycleStep(rawValue: fromStep) {
            if let parent = lifecycle.parentRun { lifecycle.parentRun = try run(parent, state).id }
            let plan = try LifecyclePlan.preview(
                from: step, parent: lifecycle.parentRun, root: state.root, ledger: state.ledger)
            guard plan.isRunnable else {
                throw APIError.invalid(
                    "cannot re-run from \(fromStep): "
                        + plan.entries.flatMap(\.problems).joined(separator: "; "))
            }
            lifecycle.parentRun = plan.parentRun
        }
        return lifecycle
    }

    /// CLI option names in the runner's messages and the body members they correspond to.
    static let optionMembers = [
        ("--rows", "rows"), ("--seed", "seed"), ("--min-patients", "min_patients"), ("--defect-rate", "defect_rate"),
        ("--reference-date", "reference_date"), ("--from-step", "from_step"), ("--source-dir", "source_dir"),
    ]

    /// Starts a run in the background and answers 202 with its id.
    static func startRun(_ request: APIRequest, _ state: ControlPlaneState, fromStep: String?) throws
        -> APIRoute.Reply
    {
        guard let user = request.user else { throw APIError.invalid("no authenticated user") }
        let actor = try AccessControl.actor(user, for: .runLifecycle)
        let lifecycle = try lifecycleRequest(request, state, fromStep: fromStep)
        let id = try state.runs.start(lifecycle, actor: actor)
        return APIRoute.Reply(
            ["run_id": .string(id), "status": "started", "href": .string("/api/runs/\(id)")], status: .accepted)
    }
}
