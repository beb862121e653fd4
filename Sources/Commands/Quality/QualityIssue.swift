/// Which half of the quality report an issue belongs to.
///
/// Contract issues say the target tables break the EPR's own contract (the DDL: types, required columns, code
/// sets, keys) or that rows went missing between extract and load; enterprise issues say the data is well-formed
/// but clinically or operationally wrong (a duplicate NHS number, an appointment after death).
package enum QualityIssueKind: String, Sendable, CaseIterable, Comparable {
    /// Breaks the target contract or the row reconciliation.
    case contract
    /// Breaks a clinical or operational business rule.
    case enterprise

    /// Contract first, the order the reports list the kinds in.
    package static func < (lhs: Self, rhs: Self) -> Bool {
        lhs == .contract && rhs == .enterprise
    }
}

/// How much an issue matters; `critical` and `high` block a PASS (see `QualityStatus`).
package enum QualitySeverity: String, Sendable, CaseIterable, Comparable {
    /// Patient harm or data loss is likely if the data goes live as it is.
    case critical
    /// Wrong data a clinician would act on; must be fixed before go-live.
    case high
    /// Inconsistent data that needs review but does not mislead on its own.
    case medium
    /// Cosmetic or informational.
    case low

    /// Whether an issue of this severity makes its kind FAIL.
    package var blocksPass: Bool {
        self == .critical || self == .high
    }

    /// Most severe first.
    package static func < (lhs: Self, rhs: Self) -> Bool {
        rank(lhs) < rank(rhs)
    }

    /// Position in `allCases`: 0 is the most severe.
    private static func rank(_ severity: Self) -> Int {
        allCases.firstIndex(of: severity) ?? allCases.count
    }
}

/// One failing record (or one failing count) found by the quality step: a row of
/// `reports/quality_issues_contract.csv` or `reports/quality_issues_enterprise.csv`.
package struct QualityIssue: Sendable, Equatable {
    /// The columns of both issue files, in order.
    package static let csvHeader = ["run_id", "kind", "rule_id", "severity", "table", "record_key", "field", "message"]

    /// The run that produced the issue.
    package var runID: String
    /// Contract or enterprise.
    package var kind: QualityIssueKind
    /// The stable rule id, e.g. `DQ_FK_INTEGRITY`.
    package var ruleID: String
    /// The rule's severity from `quality_rules.csv`.
    package var severity: QualitySeverity
    /// The table the record is in (for reconciliation, the source entity).
    package var table: String
    /// The failing record's primary key, `line N` when the key itself is missing, empty for whole-table counts.
    package var recordKey: String
    /// The column at fault; empty when the issue is about the whole record or table.
    package var field: String
    /// What is wrong, in words a data steward can act on.
    package var message: String

    /// Creates an issue.
    package init(
        runID: String, kind: QualityIssueKind, ruleID: String, severity: QualitySeverity, table: String,
        recordKey: String, field: String, message: String
    ) {
        self.runID = runID
        self.kind = kind
        self.ruleID = ruleID
        self.severity = severity
        self.table = table
        self.recordKey = recordKey
        self.field = field
        self.message = message
    }

    /// The issue as CSV fields, in `csvHeader` order.
    package var csvFields: [String] {
        [runID, kind.rawValue, ruleID, severity.rawValue, table, recordKey, field, message]
    }
}
