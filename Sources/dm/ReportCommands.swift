import Commands
import EventStore
import Foundation
import HTTPFront
import Projections

/// `dm runs rejects|issues` and `dm quality kpis|issues|rejects`: the console's report pages on the command line.
///
/// Each command answers through `ControlPlaneAPI.answer`, i.e. the API route's own parameter checks and handler, so
/// `--json` prints exactly what the API returns and the table shows the same page.
enum ReportCommands {
    static let pagination = [
        OptionSpec(name: "--page", value: "N", help: "page number from 1 (default 1)"),
        OptionSpec(
            name: "--page-size", value: "K",
            help: "rows per page, 1...\(APIPage.maximumSize) (default \(APIPage.defaultSize))"),
        OptionSpec(name: "--json", value: nil, help: "print the API's JSON on stdout"),
    ]
    static let rejectFilters = [
        OptionSpec(name: "--source-table", value: "TABLE", help: "only rejects of this legacy table"),
        OptionSpec(name: "--field", value: "COLUMN", help: "only rejects of this column"),
        OptionSpec(name: "--rule", value: "RULE", help: "only rejects of this reject rule"),
        OptionSpec(name: "--code-set", value: "SET", help: "only rejects of this code set"),
    ]
    static let issueFilters = [
        OptionSpec(name: "--severity", value: "S", help: "only issues of this severity: critical|high|medium|low"),
        OptionSpec(name: "--rule", value: "R", help: "only issues of this quality rule id"),
        OptionSpec(name: "--table", value: "T", help: "only issues of this target table"),
    ]

    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["runs", "rejects"], summary: "a run's crosswalk rejects, paginated (GET /api/runs/{id}/rejects)",
            positionals: ["RUN_ID"], positionalCount: 1...1, options: pagination + rejectFilters,
            run: { try page($0, "listRunRejects", run: $0.positionals[0]) }),
        CommandSpec(
            path: ["runs", "issues"],
            summary: "a run's quality issues of one kind, paginated (GET /api/runs/{id}/issues)",
            positionals: ["RUN_ID"], positionalCount: 1...1,
            options: [OptionSpec(name: "--kind", value: "KIND", help: "enterprise | contract (required)")]
                + pagination + issueFilters,
            run: { try page($0, "listRunIssues", run: $0.positionals[0]) }),
        CommandSpec(
            path: ["quality", "kpis"],
            summary: "quality KPIs per ISO week and the dashboard widgets (GET /api/quality/kpis)",
            options: [
                OptionSpec(name: "--weeks", value: "N", help: "how many ISO weeks, 1...520 (default 12)"),
                OptionSpec(name: "--json", value: nil, help: "print the API's JSON on stdout"),
            ], run: kpis),
        CommandSpec(
            path: ["quality", "issues"],
            summary: "quality issues of the working state, paginated (GET /api/quality/issues)",
            options: [OptionSpec(name: "--kind", value: "KIND", help: "enterprise | contract (default enterprise)")]
                + pagination + issueFilters,
            run: { try page($0, "listQualityIssues", defaultKind: "enterprise") }),
        CommandSpec(
            path: ["quality", "rejects"],
            summary: "crosswalk rejects of the working state, paginated (GET /api/rejects/crosswalk)",
            options: pagination + rejectFilters, run: { try page($0, "listCrosswalkRejects") }),
    ]

    /// CLI options and the API query parameters they set, per operation (longest names first, for messages).
    static func queryNames(_ operationID: String) -> [(option: String, parameter: String)] {
        let paging = [("--page-size", "page_size"), ("--page", "page")]
        switch operationID {
        case "listRunRejects", "listCrosswalkRejects":
            return paging + [
                ("--source-table", "source_table"), ("--field", "field"), ("--rule", "rule"),
                ("--code-set", "code_set"),
            ]
        case "listRunIssues", "listQualityIssues":
            return paging + [
                ("--kind", "kind"), ("--severity", "severity"), ("--rule", "rule_id"), ("--table", "table"),
            ]
        default:
            return [("--weeks", "weeks")]
        }
    }

    /// The API's answer to `operationID` for these arguments; the API's client errors become usage errors that
    /// name the CLI's options.
    static func answer(
        _ arguments: ParsedArguments, _ operationID: String, run: String? = nil, defaults: [String: String] = [:]
    ) throws -> JSONValue {
        let names = queryNames(operationID)
        var query: [(name: String, value: String)] = []
        for (option, parameter) in names {
            if let value = arguments.options[option] ?? defaults[parameter] { query.append((parameter, value)) }
        }
        let state = try ControlPlaneState(rootPath: arguments.root)
        do {
            return try ControlPlaneAPI.answer(
                operationID, pathParameters: run.map { ["id": $0] } ?? [:], query: query, actorName: arguments.actor,
                state: state)
        } catch let error as APIError where error.status.code < 500 {
            var message = error.message
            for (option, parameter) in names {
                message = message.replacingOccurrences(of: "query parameter \(parameter)", with: option)
            }
            message = message.replacingOccurrences(of: "GET /api/runs lists", with: "`dm runs list` shows")
                .replacingOccurrences(of: "POST /api/runs/execute", with: "`dm lifecycle` runs one")
            throw UsageError(message: message)
        }
    }

    /// A CSV report page: the API's JSON, or a table with its page and total.
    static func page(
        _ arguments: ParsedArguments, _ operationID: String, run: String? = nil, defaultKind: String? = nil
    ) throws -> Int32 {
        let page = try answer(arguments, operationID, run: run, defaults: defaultKind.map { ["kind": $0] } ?? [:])
        if arguments.flags.contains("--json") {
            print(try page.canonicalString())
            return 0
        }
        let columns = page["columns"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let rows = (page["items"]?.arrayValue ?? []).map { item in columns.map { item[$0]?.stringValue ?? "" } }
        print(table(columns, rows))
        print(
            "\(page["source"]?.stringValue ?? ""): page \(page["page"]?.intValue ?? 1) of \(page["pages"]?.intValue ?? 1), "
                + "\(rows.count) shown, total \(page["total"]?.intValue ?? 0)")
        return 0
    }

    /// `dm quality kpis`: the API's JSON, or the weekly series as a table and the widgets.
    static func kpis(_ arguments: ParsedArguments) throws -> Int32 {
        let kpis = try answer(arguments, "getQualityKPIs")
        if arguments.flags.contains("--json") {
            print(try kpis.canonicalString())
            return 0
        }
        let columns = [
            "week", "runs", "passed", "gate_failed", "failed", "gate_pass_rate_bp", "contract_issues",
            "enterprise_issues", "crosswalk_rejects", "patients_loaded",
        ]
        let rows = (kpis["series"]?.arrayValue ?? []).map { week in columns.map { text(week[$0]) } }
        print(table(columns, rows))
        let widgets = kpis["widgets"]
        if let latest = widgets?["latest_run"], latest != .null {
            print(
                "latest run \(text(latest["id"])): \(text(latest["status"])), gate \(text(latest["gate_verdict"])), "
                    + "started \(text(latest["started_at"]))")
        } else {
            print("no runs yet")
        }
        let mapping = widgets?["mapping"]
        print(
            "mapping: \(text(mapping?["approved"])) of \(text(mapping?["total"])) approved, "
                + "\(text(mapping?["proposed"])) proposed, \(text(mapping?["rejected"])) rejected")
        let issues = widgets?["issues"]
        print("latest issues: \(text(issues?["contract"])) contract, \(text(issues?["enterprise"])) enterprise")
        let runs = widgets?["runs"]
        print(
            "runs: \(text(runs?["total"])) total, \(text(runs?["passed"])) passed, \(text(runs?["gate_failed"])) "
                + "gate failed, \(text(runs?["failed"])) failed, \(text(runs?["running"])) running; "
                + "snapshots: \(text(widgets?["snapshots"]))")
        return 0
    }

    /// A JSON scalar as table text (`-` for null or missing).
    static func text(_ value: JSONValue?) -> String {
        guard let value, value != .null else { return "-" }
        if let string = value.stringValue { return string }
        return (try? value.canonicalString()) ?? "-"
    }

    /// Left-aligned columns separated by two spaces, with a header line.
    static func table(_ columns: [String], _ rows: [[String]]) -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(columns)] + rows.map(line)).joined(separator: "\n")
    }
}
