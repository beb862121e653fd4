import Foundation
import Projections

/// Where issues go: streamed straight into the two issue files, and counted per rule and severity on the way.
///
/// Streaming keeps memory flat however many issues a broken load produces (a bad ETL can fail every row), and it
/// makes the files' order the order the checks ran in: tables in dependency order, rows in file order, columns in
/// DDL order, then the checks that need the whole run. The files are written with formula neutralisation on,
/// because they are for people and their cells quote values from the target data. Not `Sendable`; one owner.
package final class IssueSink {
    /// The run id written on every issue.
    package let runID: String
    /// Severities and kinds of the rules.
    package let catalog: QualityRuleCatalog
    /// Issues per rule so far.
    package private(set) var countsByRule: [QualityRuleID: Int] = [:]
    /// Issues per severity so far, for each kind.
    package private(set) var countsBySeverity: [QualityIssueKind: SeverityCounts] = [:]

    /// `quality_issues_contract.csv`, until committed.
    private let contract: CSVWriter
    /// `quality_issues_enterprise.csv`, until committed.
    private let enterprise: CSVWriter

    /// Opens both issue files (as temporary files until `commit()`).
    package init(runID: String, catalog: QualityRuleCatalog, contractURL: URL, enterpriseURL: URL) throws {
        self.runID = runID
        self.catalog = catalog
        contract = try CSVWriter(url: contractURL, header: QualityIssue.csvHeader, neutraliseFormulas: true)
        enterprise = try CSVWriter(url: enterpriseURL, header: QualityIssue.csvHeader, neutraliseFormulas: true)
        for kind in QualityIssueKind.allCases {
            countsBySeverity[kind] = SeverityCounts()
        }
    }

    /// Records one issue of `rule`, with the rule's kind and severity from the catalog.
    package func report(
        _ rule: QualityRuleID, table: String, recordKey: String, field: String = "", message: String
    ) throws {
        let definition = catalog[rule]
        let issue = QualityIssue(
            runID: runID, kind: definition.kind, ruleID: rule.rawValue, severity: definition.severity, table: table,
            recordKey: recordKey, field: field, message: message)
        try (definition.kind == .contract ? contract : enterprise).write(issue.csvFields)
        countsByRule[rule, default: 0] += 1
        countsBySeverity[definition.kind, default: SeverityCounts()][definition.severity] += 1
    }

    /// Issues of `kind` so far.
    package func count(of kind: QualityIssueKind) -> Int {
        countsBySeverity[kind]?.total ?? 0
    }

    /// Publishes both files.
    package func commit() throws {
        try contract.commit()
        try enterprise.commit()
    }

    /// Deletes both temporary files; earlier reports at the same paths stay as they were.
    package func abandon() {
        contract.abandon()
        enterprise.abandon()
    }
}
