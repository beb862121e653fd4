import EventStore

/// The content of `reports/enterprise_pipeline_report.json`: statuses, counts by rule and severity for each
/// kind, rows per table, patients against the minimum, and the reconciliation as given.
///
/// Every rule appears in the counts (with 0 when it found nothing) so a reader can see a rule ran, and every
/// number is an integer; the writer sorts keys, so the file is reproducible.
struct QualityReport {
    /// The statement of the PASS rule, repeated in the report so a reader need not look it up.
    static let passRule = "a kind passes when it has zero critical and zero high issues; the step passes when both do"

    /// What the step found.
    let result: QualityResult
    /// The rules, for per-kind listings and severities.
    let catalog: QualityRuleCatalog
    /// The step's inputs (run id, reference date, minimum, reconciliation).
    let inputs: QualityInputs
    /// The issue files' names, relative to the reports folder.
    let issueFiles: [String]

    /// The report as JSON.
    var json: JSONValue {
        var tables: [String: JSONValue] = [:]
        for (table, rows) in result.tableRowCounts {
            tables[table] = .int(rows)
        }
        let reconciliation = inputs.reconciliation.sorted { $0.sourceTable < $1.sourceTable }.map {
            count -> JSONValue in
            [
                "source_table": .string(count.sourceTable), "extracted": .int(count.extracted),
                "loaded": .int(count.loaded), "rejected": .int(count.rejected),
                "balanced": .bool(count.extracted == count.loaded + count.rejected),
            ]
        }
        return [
            "report": "enterprise_pipeline_report",
            "run_id": .string(inputs.runID),
            "reference_date": .string(inputs.referenceDate),
            "status": .string(result.overallStatus.rawValue),
            "pass_rule": .string(Self.passRule),
            "contract": section(.contract, status: result.contractStatus, count: result.contractIssueCount),
            "enterprise": section(.enterprise, status: result.enterpriseStatus, count: result.enterpriseIssueCount),
            "patients": [
                "loaded": .int(result.patientsLoaded), "minimum": .int(inputs.minPatients),
                "meets_minimum": .bool(result.patientsLoaded >= inputs.minPatients),
            ],
            "table_rows": .object(tables),
            "reconciliation": .array(reconciliation),
            "issue_files": .array(issueFiles.map { .string($0) }),
        ]
    }

    /// The `contract` or `enterprise` object.
    private func section(_ kind: QualityIssueKind, status: QualityStatus, count: Int) -> JSONValue {
        var byRule: [String: JSONValue] = [:]
        var severities: [String: JSONValue] = [:]
        for rule in catalog.rules(of: kind) {
            byRule[rule.id.rawValue] = .int(result.issuesByRule[rule.id.rawValue] ?? 0)
            severities[rule.id.rawValue] = .string(rule.severity.rawValue)
        }
        let counts = result.issuesBySeverity[kind] ?? SeverityCounts()
        var bySeverity: [String: JSONValue] = [:]
        for severity in QualitySeverity.allCases {
            bySeverity[severity.rawValue] = .int(counts[severity])
        }
        return [
            "status": .string(status.rawValue),
            "issue_count": .int(count),
            "by_rule": .object(byRule),
            "by_severity": .object(bySeverity),
            "rule_severities": .object(severities),
        ]
    }
}
