import Commands
import EventStore
import Projections

extension ControlPlaneAPI {
    /// The bundled code crosswalks and their approval by stewards — `CrosswalkApprovals`, as `dm crosswalks …`.
    static var crosswalkRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/api/crosswalks", id: "listCrosswalks", tag: "crosswalks",
                summary: "crosswalk entries, how they apply and who approved them, paginated", permission: .read,
                parameters: APIParameter.pagination + [
                    .query("approved", .boolean(), "only approved (true) or not approved (false) entries"),
                    .query("code_set", .string(), "source or target code set"),
                ],
                response: APIPage.schema(
                    .object(
                        [
                            "key": .string(), "source_code_set": .string(), "source_code": .string(),
                            "target_code_set": .string(), "target_codes": .array(.string()),
                            "relationship": .string(), "auto_map": .boolean(), "approved_by": .nullable(.string()),
                        ], required: ["key", "auto_map", "approved_by"]))
            ) { request, state in
                let approved = try state.projections().crosswalks.approved
                let approvedFilter = request.flag("approved")
                let codeSet = request.string("code_set")
                let items: [JSONValue] = try Crosswalk.bundled().entries.compactMap { entry in
                    let key = CrosswalkApprovalsProjection.key(
                        sourceCodeSet: entry.sourceCodeSet, sourceCode: entry.sourceCode,
                        targetCodeSet: entry.targetCodeSet)
                    if let approvedFilter, (approved[key] != nil) != approvedFilter { return nil }
                    if let codeSet, entry.sourceCodeSet != codeSet, entry.targetCodeSet != codeSet { return nil }
                    return [
                        "key": .string(key), "source_code_set": .string(entry.sourceCodeSet),
                        "source_code": .string(entry.sourceCode), "target_code_set": .string(entry.targetCodeSet),
                        "target_codes": .array(entry.targetCodes.map(JSONValue.string)),
                        "relationship": .string(entry.relationship.rawValue), "auto_map": .bool(entry.autoMap),
                        "approved_by": approved[key].map(JSONValue.string) ?? .null,
                    ]
                }
                return APIRoute.Reply(APIPage(request).wrap(items))
            },
            APIRoute(
                .post, "/api/crosswalks/approvals", id: "setCrosswalkApprovals", tag: "crosswalks",
                summary: "approve (or withdraw approval of) crosswalk entries, as a steward",
                permission: .approveMapping,
                body: .object(
                    [
                        "keys": .array(.string(maxLength: 300), maxItems: 1000),
                        "approved": .boolean(description: "true approves, false withdraws"),
                    ], required: ["keys", "approved"], closed: true),
                response: .object(
                    ["changed": .integer(minimum: 0), "head_seq": .integer(minimum: 0)],
                    required: ["changed", "head_seq"])
            ) { request, state in
                let keys = request.member("keys")?.arrayValue?.compactMap(\.stringValue) ?? []
                let result = try CrosswalkApprovals(ledger: state.ledger).set(
                    keys, approved: request.member("approved")?.boolValue ?? true, actorName: request.actorName,
                    command: try request.commandID())
                return APIRoute.Reply(
                    ["changed": .int(result.events.count), "head_seq": .int(result.events.last?.seq ?? 0)])
            },
        ]
    }
}
