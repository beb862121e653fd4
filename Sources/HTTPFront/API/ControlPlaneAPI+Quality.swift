import Commands
import EventStore
import Foundation
import Projections

extension ControlPlaneAPI {
    /// Crosswalk rejects, quality issues by kind, and the KPI series by ISO week with the dashboard widgets.
    static var qualityRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/api/rejects/crosswalk", id: "listCrosswalkRejects", tag: "quality",
                summary: "crosswalk rejects of the working state (reports/crosswalk_rejects.csv), paginated",
                permission: .read,
                parameters: APIParameter.pagination + rejectFilters, response: CSVReportPage.schema,
                errors: [.notFound]
            ) { request, state in
                APIRoute.Reply(try rejects(request, state, folder: ""))
            },
            APIRoute(
                .get, "/api/quality/issues", id: "listQualityIssues", tag: "quality",
                summary: "quality issues of one kind (enterprise | contract), paginated", permission: .read,
                parameters: [
                    .query("kind", .string(enumeration: ["enterprise", "contract"]), required: true, "issue kind")
                ] + APIParameter.pagination + issueFilters,
                response: CSVReportPage.schema, errors: [.notFound]
            ) { request, state in
                APIRoute.Reply(try issues(request, state, folder: ""))
            },
            APIRoute(
                .get, "/api/quality/kpis", id: "getQualityKPIs", tag: "quality",
                summary: "quality KPIs per ISO week over the last `weeks` weeks, and the dashboard widgets",
                permission: .read,
                parameters: [.query("weeks", .integer(minimum: 1, maximum: 520), "how many ISO weeks (default 12)")],
                response: QualityKPIs.schema
            ) { request, state in
                APIRoute.Reply(QualityKPIs.build(try state.projections(), weeks: request.integer("weeks") ?? 12))
            },
        ]
    }

    /// Filters of the rejects list.
    static let rejectFilters: [APIParameter] = [
        .query("source_table", .string(), "legacy table"), .query("field", .string(), "column"),
        .query("rule", .string(), "reject rule"), .query("code_set", .string(), "code set"),
    ]

    /// Filters of the issues list.
    static let issueFilters: [APIParameter] = [
        .query("severity", .string(enumeration: ["critical", "high", "medium", "low"]), "severity"),
        .query("rule_id", .string(), "quality rule"), .query("table", .string(), "target table"),
    ]

    /// The rejects page of the working state (`folder` empty) or of a run folder.
    static func rejects(_ request: APIRequest, _ state: ControlPlaneState, folder: String) throws -> JSONValue {
        let filters = Dictionary(
            uniqueKeysWithValues: rejectFilters.compactMap { parameter in
                request.string(parameter.name).map { (parameter.name, $0) }
            })
        return try CSVReportPage.read(
            folder + DataRoot.Paths.crosswalkRejects, root: state.root, filters: filters, page: APIPage(request),
            what: "crosswalk rejects")
    }

    /// The issues page of one kind, of the working state (`folder` empty) or of a run folder.
    static func issues(_ request: APIRequest, _ state: ControlPlaneState, folder: String) throws -> JSONValue {
        let kind = request.string("kind") ?? "enterprise"
        let path = kind == "contract" ? DataRoot.Paths.contractIssues : DataRoot.Paths.enterpriseIssues
        let filters = Dictionary(
            uniqueKeysWithValues: issueFilters.compactMap { parameter in
                request.string(parameter.name).map { (parameter.name, $0) }
            })
        return try CSVReportPage.read(
            folder + path, root: state.root, filters: filters, page: APIPage(request), what: "\(kind) quality issues")
    }
}
