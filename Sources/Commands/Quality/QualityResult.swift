import Foundation

/// PASS or FAIL for one kind of issues, or for the whole step.
///
/// The rule: a kind passes when it has **zero critical and zero high** issues; medium and low issues are reported
/// but do not block. The step passes when both kinds pass.
package enum QualityStatus: String, Sendable, Equatable {
    /// No critical and no high issues.
    case pass = "PASS"
    /// At least one critical or high issue.
    case fail = "FAIL"

    /// The status that `counts` earns under the rule above.
    package init(_ counts: SeverityCounts) {
        self = counts.blocking == 0 ? .pass : .fail
    }
}

/// Issue counts per severity.
package struct SeverityCounts: Sendable, Equatable {
    /// Issues of severity `critical`.
    package var critical = 0
    /// Issues of severity `high`.
    package var high = 0
    /// Issues of severity `medium`.
    package var medium = 0
    /// Issues of severity `low`.
    package var low = 0

    /// No issues.
    package init() {}

    /// The count for `severity`.
    package subscript(severity: QualitySeverity) -> Int {
        get {
            switch severity {
            case .critical: critical
            case .high: high
            case .medium: medium
            case .low: low
            }
        }
        set {
            switch severity {
            case .critical: critical = newValue
            case .high: high = newValue
            case .medium: medium = newValue
            case .low: low = newValue
            }
        }
    }

    /// All issues.
    package var total: Int {
        critical + high + medium + low
    }

    /// Issues that block a PASS (critical and high).
    package var blocking: Int {
        critical + high
    }
}

/// What the quality step found, for the run record and the release gate.
package struct QualityResult: Sendable, Equatable {
    /// PASS when the contract issues hold no critical or high issue.
    package var contractStatus: QualityStatus
    /// PASS when the enterprise issues hold no critical or high issue.
    package var enterpriseStatus: QualityStatus
    /// Issue count for every rule id (rules that found nothing are present with 0).
    package var issuesByRule: [String: Int]
    /// Issue counts per severity, for each kind.
    package var issuesBySeverity: [QualityIssueKind: SeverityCounts]
    /// Rows in `patient.csv`.
    package var patientsLoaded: Int
    /// Rows read from each target table (tables that could not be read count 0).
    package var tableRowCounts: [String: Int]
    /// Number of rows in `quality_issues_contract.csv`.
    package var contractIssueCount: Int
    /// Number of rows in `quality_issues_enterprise.csv`.
    package var enterpriseIssueCount: Int
    /// The files written, in the order written.
    package var artifacts: [URL]

    /// Creates a result (the engine builds these; the gate's tests build them by hand).
    package init(
        contractStatus: QualityStatus, enterpriseStatus: QualityStatus, issuesByRule: [String: Int],
        issuesBySeverity: [QualityIssueKind: SeverityCounts], patientsLoaded: Int, tableRowCounts: [String: Int],
        contractIssueCount: Int, enterpriseIssueCount: Int, artifacts: [URL]
    ) {
        self.contractStatus = contractStatus
        self.enterpriseStatus = enterpriseStatus
        self.issuesByRule = issuesByRule
        self.issuesBySeverity = issuesBySeverity
        self.patientsLoaded = patientsLoaded
        self.tableRowCounts = tableRowCounts
        self.contractIssueCount = contractIssueCount
        self.enterpriseIssueCount = enterpriseIssueCount
        self.artifacts = artifacts
    }

    /// PASS only when both kinds pass.
    package var overallStatus: QualityStatus {
        contractStatus == .pass && enterpriseStatus == .pass ? .pass : .fail
    }

    /// Issues of `severity` across both kinds.
    package func issueCount(_ severity: QualitySeverity) -> Int {
        issuesBySeverity.values.reduce(0) { $0 + $1[severity] }
    }
}
