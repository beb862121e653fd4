import Commands
import EventStore
import Projections

extension ControlPlaneAPI {
    /// Mapping rows: list with server-side pagination, filter and sort; one row; edit and status, single and bulk,
    /// through `MappingWorkflow` (four eyes, `expected_seq`), exactly as `dm mappings …`.
    static var mappingRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/api/mappings", id: "listMappings", tag: "mappings",
                summary: "mapping contract rows, filtered, sorted and paginated",
                permission: .read,
                parameters: APIParameter.pagination + [
                    .query("status", .string(enumeration: MappingStatus.allCases.map(\.rawValue)), "workflow status"),
                    .query("table", .string(), "target table"),
                    .query("source_table", .string(), "legacy source table"),
                    .query("critical", .boolean(), "only NHS-critical rows (true) or only the others (false)"),
                    .query("q", .string(maxLength: 200), "text contained in the id, source or transform"),
                    .query("sort", .string(enumeration: MappingRowJSON.sortKeys), "sort key (default: contract order)"),
                    .query("order", .string(enumeration: ["asc", "desc"]), "sort direction (default asc)"),
                ],
                response: APIPage.schema(MappingRowJSON.schema, extra: ["head_seq": .integer(minimum: 0)])
            ) { request, state in
                // The page the console and clients ask for again and again: rendered once per ledger seq.
                let projections = try state.projections()
                let body = try state.mappingPages.body(seq: projections.seq, target: request.http.target) {
                    var rows = projections.contract.orderedRows.filter { MappingRowJSON.matches($0, request) }
                    if let key = request.string("sort") { rows = MappingRowJSON.sorted(rows, by: key) }
                    if request.string("order") == "desc" { rows.reverse() }
                    return try APIPage(request).wrap(
                        rows, extra: ["head_seq": .int(projections.seq)], encode: MappingRowJSON.json
                    ).canonicalBytes()
                }
                return APIRoute.Reply(rendered: body)
            },
            APIRoute(
                .get, "/api/mappings/:id", id: "getMapping", tag: "mappings", summary: "one mapping row",
                permission: .read, parameters: [.path("id", "mapping row id, e.g. patient.nhs_number")],
                response: MappingRowJSON.schema
            ) { request, state in
                APIRoute.Reply(MappingRowJSON.json(try row(request.path("id"), state.projections())))
            },
            APIRoute(
                .patch, "/api/mappings/:id", id: "editMapping", tag: "mappings",
                summary: "edit one row (as an engineer); it becomes proposed again",
                permission: .editMapping, parameters: [.path("id", "mapping row id")],
                body: .object(
                    ["changes": MappingRowJSON.changesSchema, "expected_seq": expectedSeqSchema],
                    required: ["changes"], closed: true),
                response: MappingRowJSON.schema, errors: [.conflict]
            ) { request, state in
                let id = request.path("id")
                _ = try row(id, state.projections())
                try state.mappingWorkflow().edit(
                    [id], changes: MappingRowJSON.changes(request.member("changes")), actorName: request.actorName,
                    expectedSeq: try expectedSeq(request, state), command: try request.commandID())
                return APIRoute.Reply(MappingRowJSON.json(try row(id, state.projections())))
            },
            APIRoute(
                .post, "/api/mappings/:id/status", id: "setMappingStatus", tag: "mappings",
                summary: "approve or reject one row (as a steward who did not last edit it)",
                permission: .approveMapping, parameters: [.path("id", "mapping row id")],
                body: statusBody, response: MappingRowJSON.schema, errors: [.conflict]
            ) { request, state in
                let id = request.path("id")
                _ = try row(id, state.projections())
                try setStatus([id], request, state)
                return APIRoute.Reply(MappingRowJSON.json(try row(id, state.projections())))
            },
            APIRoute(
                .post, "/api/mappings/bulk/edit", id: "bulkEditMappings", tag: "mappings",
                summary: "edit many rows (by ids or by filter) as one ledger command",
                permission: .editMapping,
                body: bulkBody(["changes": MappingRowJSON.changesSchema], required: ["changes"]),
                response: bulkResponse, errors: [.notFound, .conflict]
            ) { request, state in
                try bulk(request, state, edit: true)
            },
            APIRoute(
                .post, "/api/mappings/bulk/status", id: "bulkSetMappingStatus", tag: "mappings",
                summary: "approve or reject many rows (by ids or by filter) as one ledger command",
                permission: .approveMapping,
                body: bulkBody(
                    [
                        "status": .string(enumeration: ["approved", "rejected"]),
                        "reason": .string(maxLength: TextLimit.note, pattern: .multiline),
                    ],
                    required: ["status"]),
                response: bulkResponse, errors: [.notFound, .conflict]
            ) { request, state in
                try bulk(request, state, edit: false)
            },
        ]
    }

    /// `expected_seq`: the ledger seq the client decided at.
    static let expectedSeqSchema = APISchema.integer(
        minimum: 0, maximum: 9_007_199_254_740_991,
        description: "the ledger seq you decided at; a change to these rows since then is a 409")

    /// The body of a status change.
    static let statusBody = APISchema.object(
        [
            "status": .string(enumeration: ["approved", "rejected"]),
            "reason": .string(maxLength: TextLimit.note, pattern: .multiline),
            "expected_seq": expectedSeqSchema,
        ], required: ["status"], closed: true)

    /// The row `id`, or a 404 naming where ids are listed.
    static func row(_ id: String, _ projections: ProjectionSet) throws(APIError) -> MappingRow {
        guard let row = projections.contract.rows[id] else {
            throw .notFound("no mapping row '\(id)'; GET /api/mappings lists the ids")
        }
        return row
    }

    /// The body's `expected_seq`, refused when it is ahead of the ledger (a client cannot have seen that state).
    static func expectedSeq(_ request: APIRequest, _ state: ControlPlaneState) throws -> Int? {
        guard let expected = request.member("expected_seq")?.intValue else { return nil }
        let head = try state.ledger.head().seq
        if expected > head {
            throw APIError.conflict("expected_seq \(expected) is ahead of the ledger head \(head); reload and retry")
        }
        return expected
    }

    static func setStatus(_ ids: [String], _ request: APIRequest, _ state: ControlPlaneState) throws {
        let status: MappingStatus =
            request.member("status")?.stringValue == "approved" ? .approved : .rejected
        try state.mappingWorkflow().setStatus(
            ids, to: status, reason: request.member("reason")?.stringValue, actorName: request.actorName,
            expectedSeq: try expectedSeq(request, state), command: try request.commandID())
    }

    /// A bulk body: `ids` or `filter`, plus the action's own members.
    static func bulkBody(_ members: [String: APISchema], required: [String]) -> APISchema {
        var properties = members
        properties["ids"] = .array(.string(maxLength: 200), maxItems: 10_000)
        properties["filter"] = .object(
            ["table": .string(), "status": .string(enumeration: MappingStatus.allCases.map(\.rawValue))], closed: true)
        properties["all"] = .boolean(description: "true to act on every row (instead of ids or a filter)")
        properties["expected_seq"] = expectedSeqSchema
        return .object(properties, required: required, closed: true)
    }

    /// What a bulk command answers.
    static let bulkResponse = APISchema.object(
        ["changed": .integer(minimum: 0), "ids": .array(.string()), "head_seq": .integer(minimum: 0)],
        required: ["changed", "ids", "head_seq"])

    static func bulk(_ request: APIRequest, _ state: ControlPlaneState, edit: Bool) throws -> APIRoute.Reply {
        let projections = try state.projections()
        var ids: [String]
        if let given = request.member("ids")?.arrayValue {
            guard request.member("filter") == nil else {
                throw APIError.invalid("give either ids or filter, not both")
            }
            ids = given.compactMap(\.stringValue)
            for id in ids { _ = try row(id, projections) }
        } else {
            // Every row only when asked for in so many words, and with a reason on record.
            if request.member("filter") == nil {
                guard request.member("all")?.boolValue == true else {
                    throw APIError.invalid(
                        "no rows selected: give ids, a filter, or \"all\": true for every row")
                }
                let reason = request.member("reason")?.stringValue ?? ""
                guard edit || !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw APIError.invalid("\"all\": true changes the status of every row; give a reason saying why")
                }
            }
            let filter = request.member("filter")
            let table = filter?["table"]?.stringValue
            let status = filter?["status"]?.stringValue.flatMap(MappingStatus.init(rawValue:))
            ids = projections.contract.orderedRows.filter {
                (table == nil || $0.targetTable == table) && (status == nil || $0.status == status)
            }.map(\.id)
        }
        guard !ids.isEmpty else {
            throw APIError.invalid("no rows selected: give ids, or a filter that matches rows")
        }
        if edit {
            try state.mappingWorkflow().edit(
                ids, changes: MappingRowJSON.changes(request.member("changes")), actorName: request.actorName,
                expectedSeq: try expectedSeq(request, state), command: try request.commandID())
        } else {
            try setStatus(ids, request, state)
        }
        return APIRoute.Reply(
            [
                "changed": .int(ids.count), "ids": .array(ids.map(JSONValue.string)),
                "head_seq": .int(try state.ledger.head().seq),
            ])
    }
}
