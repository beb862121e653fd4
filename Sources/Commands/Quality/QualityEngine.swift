import EventStore
import Foundation
import Projections

/// The quality step: checks the 38 target tables against their contract and the enterprise rules and writes
/// `reports/quality_issues_contract.csv`, `reports/quality_issues_enterprise.csv` and
/// `reports/enterprise_pipeline_report.json`.
///
/// Each kind PASSes when it has zero critical and zero high issues (`QualityStatus`); severities come from
/// `Resources/quality/quality_rules.csv`. The tables are streamed (see `QualityScan`), issues are streamed to
/// their files, and nothing depends on the clock or on hash order, so the same tables, inputs and run id give
/// byte-identical reports. The issue files appear only when the whole step succeeds; a failure leaves the
/// previous reports in place.
package enum QualityEngine {
    /// The contract issue file's name in the reports folder.
    package static let contractIssuesFile = "quality_issues_contract.csv"
    /// The enterprise issue file's name in the reports folder.
    package static let enterpriseIssuesFile = "quality_issues_enterprise.csv"
    /// The pipeline report's name in the reports folder.
    package static let reportFile = "enterprise_pipeline_report.json"
    /// The default `QualityInputs.keyMemoryBudget`.
    package static let defaultKeyMemoryBudget = 2 << 20

    /// Runs the checks and writes the three reports.
    package static func run(_ inputs: QualityInputs) throws -> QualityResult {
        guard let referenceDay = ISOTemporal.day(inputs.referenceDate) else {
            throw QualityError.invalidInput(
                "reference date \"\(inputs.referenceDate)\" is not a date yyyy-MM-dd; pass the run's date")
        }
        guard inputs.minPatients >= 0 else {
            throw QualityError.invalidInput("minimum patients \(inputs.minPatients) is negative; pass 0 or more")
        }
        guard !inputs.runID.isEmpty else {
            throw QualityError.invalidInput("the run id is empty; every issue must name its run")
        }
        let catalog = try QualityRuleCatalog.bundled()
        let plans = try TablePlan.ordered(inputs.schema)
        try FileManager.default.createDirectory(at: inputs.reportsDirectory, withIntermediateDirectories: true)
        let contractURL = inputs.reportsDirectory.appendingPathComponent(contractIssuesFile)
        let enterpriseURL = inputs.reportsDirectory.appendingPathComponent(enterpriseIssuesFile)
        let reportURL = inputs.reportsDirectory.appendingPathComponent(reportFile)
        let sink = try IssueSink(
            runID: inputs.runID, catalog: catalog, contractURL: contractURL, enterpriseURL: enterpriseURL)
        let rowCounts: [String: Int]
        do {
            let scan = try QualityScan(
                directory: inputs.targetDirectory, plans: plans, sink: sink, referenceDay: referenceDay,
                keyMemoryBudget: inputs.keyMemoryBudget)
            try scan.run(minPatients: inputs.minPatients)
            rowCounts = scan.rowCounts
            try reconcile(inputs.reconciliation, rowsLoaded: rowCounts.values.reduce(0, +), sink: sink)
            try sink.commit()
        } catch {
            sink.abandon()
            throw error
        }
        var result = QualityResult(
            contractStatus: QualityStatus(sink.countsBySeverity[.contract] ?? SeverityCounts()),
            enterpriseStatus: QualityStatus(sink.countsBySeverity[.enterprise] ?? SeverityCounts()),
            issuesByRule: Dictionary(
                uniqueKeysWithValues: QualityRuleID.allCases.map { ($0.rawValue, sink.countsByRule[$0] ?? 0) }),
            issuesBySeverity: sink.countsBySeverity, patientsLoaded: rowCounts["patient"] ?? 0,
            tableRowCounts: rowCounts, contractIssueCount: sink.count(of: .contract),
            enterpriseIssueCount: sink.count(of: .enterprise), artifacts: [contractURL, enterpriseURL])
        let report = QualityReport(
            result: result, catalog: catalog, inputs: inputs,
            issueFiles: [contractIssuesFile, enterpriseIssuesFile])
        try JSONReportWriter.write(report.json, to: reportURL)
        result.artifacts.append(reportURL)
        return result
    }

    /// `DQ_ROW_RECONCILIATION`: every source entity must balance, and a load with rows must come with counts.
    static func reconcile(_ counts: [ReconciliationCount], rowsLoaded: Int, sink: IssueSink) throws {
        if counts.isEmpty && rowsLoaded > 0 {
            try sink.report(
                .rowReconciliation, table: "", recordKey: "",
                message:
                    "no extract counts were given for a load of \(counted(rowsLoaded, "row")), so rows lost between "
                    + "extract and load cannot be ruled out; pass the ETL's per-entity counts")
        }
        for count in counts.sorted(by: { $0.sourceTable < $1.sourceTable }) {
            let accounted = count.loaded + count.rejected
            if count.extracted < 0 || count.loaded < 0 || count.rejected < 0 {
                try sink.report(
                    .rowReconciliation, table: count.sourceTable, recordKey: count.sourceTable,
                    message: "negative count (extracted \(count.extracted), loaded \(count.loaded), rejected "
                        + "\(count.rejected)); the ETL's counts are wrong")
            } else if accounted != count.extracted {
                let gap = count.extracted - accounted
                let meaning =
                    gap > 0
                    ? "\(counted(gap, "row")) unaccounted for (neither loaded nor rejected)"
                    : "\(counted(-gap, "row")) too many"
                try sink.report(
                    .rowReconciliation, table: count.sourceTable, recordKey: count.sourceTable,
                    message: "extracted \(count.extracted) but loaded \(count.loaded) + rejected \(count.rejected) = "
                        + "\(accounted): \(meaning)")
            }
        }
    }

    /// "1 row", "2 rows": counts in messages people read.
    static func counted(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }
}
