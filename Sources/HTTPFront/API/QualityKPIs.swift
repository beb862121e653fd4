import EventStore
import Foundation
import Projections

/// The quality dashboard: KPI figures per ISO week (from the runs the ledger records) and the widgets' data.
enum QualityKPIs {
    /// The response schema.
    static let schema = APISchema.object(
        [
            "weeks": .integer(minimum: 1),
            "series": .array(
                .object(
                    [
                        "week": .string(), "runs": .integer(minimum: 0), "passed": .integer(minimum: 0),
                        "gate_failed": .integer(minimum: 0), "failed": .integer(minimum: 0),
                        "gate_pass_rate_bp": .nullable(.integer(minimum: 0, maximum: 10_000)),
                        "contract_issues": .nullable(.integer(minimum: 0)),
                        "enterprise_issues": .nullable(.integer(minimum: 0)),
                        "crosswalk_rejects": .nullable(.integer(minimum: 0)),
                        "patients_loaded": .nullable(.integer(minimum: 0)),
                    ], required: ["week", "runs", "passed", "gate_failed", "failed"])),
            "widgets": .object(
                [
                    "latest_run": .nullable(.any()), "mapping": .any(), "issues": .any(), "runs": .any(),
                    "snapshots": .integer(minimum: 0),
                ], required: ["latest_run", "mapping", "issues", "runs", "snapshots"]),
        ], required: ["weeks", "series", "widgets"])

    /// ISO-8601 calendar in UTC.
    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    /// `2026-W48` for a date.
    static func isoWeek(_ date: Date) -> String {
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        let week = parts.weekOfYear ?? 0
        return "\(parts.yearForWeekOfYear ?? 0)-W\(week < 10 ? "0" : "")\(week)"
    }

    /// Parses a ledger timestamp (`2026-11-27T10:00:00.123Z`).
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// The KPIs for the `weeks` ISO weeks ending with the current one.
    static func build(_ projections: ProjectionSet, weeks: Int, now: Date = Date()) -> JSONValue {
        var labels: [String] = []
        for back in stride(from: weeks - 1, through: 0, by: -1) {
            guard let day = calendar.date(byAdding: .day, value: -7 * back, to: now) else { continue }
            labels.append(isoWeek(day))
        }
        var byWeek: [String: [RunStateProjection.Run]] = [:]
        for id in projections.runs.order {
            guard let run = projections.runs.runs[id], let started = date(run.startedAt) else { continue }
            byWeek[isoWeek(started), default: []].append(run)
        }
        let series: [JSONValue] = labels.map { label in
            let runs = byWeek[label] ?? []
            let finished = runs.filter { $0.status != "running" }
            let passed = runs.filter { $0.status == "passed" }.count
            let gated = runs.filter { $0.gateVerdict != nil }.count
            let latest = runs.last { $0.steps["quality"]?.status == "completed" }
            let quality = latest?.steps["quality"]?.counts ?? [:]
            let etl = runs.last { $0.steps["etl"]?.status == "completed" }?.steps["etl"]?.counts ?? [:]
            return [
                "week": .string(label), "runs": .int(runs.count), "passed": .int(passed),
                "gate_failed": .int(finished.filter { $0.status == "gate_failed" }.count),
                "failed": .int(finished.filter { ["failed", "interrupted"].contains($0.status) }.count),
                "gate_pass_rate_bp": gated == 0
                    ? .null : .int(runs.filter { $0.gateVerdict == "PASS" }.count * 10_000 / gated),
                "contract_issues": quality["contract_issues"] ?? .null,
                "enterprise_issues": quality["enterprise_issues"] ?? .null,
                "crosswalk_rejects": etl["rejected"] ?? .null,
                "patients_loaded": quality["patients_loaded"] ?? .null,
            ]
        }
        return ["weeks": .int(weeks), "series": .array(series), "widgets": widgets(projections)]
    }

    /// The dashboard's widgets: latest run, mapping progress, latest issue counts, run outcomes, snapshots.
    static func widgets(_ projections: ProjectionSet) -> JSONValue {
        let rows = projections.contract.orderedRows
        let approved = rows.filter { $0.status == .approved }.count
        let runs = projections.runs.order.compactMap { projections.runs.runs[$0] }
        let latestQuality = runs.last { $0.steps["quality"]?.status == "completed" }?.steps["quality"]?.counts ?? [:]
        let latestRun: JSONValue =
            projections.runs.latest.map { run in
                [
                    "id": .string(run.id), "status": .string(run.status),
                    "gate_verdict": run.gateVerdict.map(JSONValue.string) ?? .null,
                    "started_at": .string(run.startedAt),
                ]
            } ?? .null
        return [
            "latest_run": latestRun,
            "mapping": [
                "total": .int(rows.count), "approved": .int(approved),
                "proposed": .int(rows.filter { $0.status == .proposed }.count),
                "rejected": .int(rows.filter { $0.status == .rejected }.count),
                "approved_bp": .int(rows.isEmpty ? 0 : approved * 10_000 / rows.count),
            ],
            "issues": [
                "contract": latestQuality["contract_issues"] ?? .null,
                "enterprise": latestQuality["enterprise_issues"] ?? .null,
                "by_severity": latestQuality["by_severity"] ?? .null,
            ],
            "runs": [
                "total": .int(runs.count), "passed": .int(runs.filter { $0.status == "passed" }.count),
                "gate_failed": .int(runs.filter { $0.status == "gate_failed" }.count),
                "failed": .int(runs.filter { ["failed", "interrupted"].contains($0.status) }.count),
                "running": .int(runs.filter { $0.status == "running" }.count),
            ],
            "snapshots": .int(projections.snapshots.snapshots.count),
        ]
    }
}
