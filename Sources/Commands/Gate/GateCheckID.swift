/// Every check the release gate can make. A profile (a row group of `release_gate_profiles.csv`) picks some of
/// them and sets their thresholds; the code only knows how to *measure* each one.
package enum GateCheckID: String, Sendable, CaseIterable {
    /// The ETL's contract migration report is PASS.
    case contractMigration = "contract_migration"
    /// The quality step's contract status.
    case contractQuality = "contract_quality"
    /// The quality step's enterprise status.
    case enterpriseQuality = "enterprise_quality"
    /// Critical quality issues, both kinds.
    case criticalIssues = "critical_issues"
    /// High quality issues, both kinds.
    case highIssues = "high_issues"
    /// Rejected ÷ extracted records, in basis points, rounded up.
    case rejectRate = "reject_rate_bp"
    /// Patients loaded.
    case patientsLoaded = "patients_loaded"
    /// The event ledger verified.
    case ledgerVerified = "ledger_verified"
    /// Mapping contract rows approved.
    case mappingRowsApproved = "mapping_rows_approved"
    /// NHS-critical crosswalks approved.
    case criticalCrosswalksApproved = "critical_crosswalks_approved"
    /// Sign-offs by the required roles.
    case signOffs = "sign_offs"

    /// The shape of the value the check measures.
    package enum Measure: Sendable {
        /// `PASS` or `FAIL`.
        case status
        /// A whole number.
        case count
        /// True or false.
        case flag
        /// Approved out of a total.
        case approval
        /// Who signed in which role.
        case signers
    }

    /// What this check measures.
    package var measure: Measure {
        switch self {
        case .contractMigration, .contractQuality, .enterpriseQuality: .status
        case .criticalIssues, .highIssues, .rejectRate, .patientsLoaded: .count
        case .ledgerVerified: .flag
        case .mappingRowsApproved, .criticalCrosswalksApproved: .approval
        case .signOffs: .signers
        }
    }
}

/// How a check's measured value is held against its threshold.
package enum GateComparison: String, Sendable, CaseIterable {
    /// The value equals the threshold (`PASS`, `true`, a number).
    case equals
    /// The value is at most the threshold.
    case atMost = "at_most"
    /// The value is at least the threshold.
    case atLeast = "at_least"
    /// There is at least one item and every item is approved (threshold `all`).
    case allApproved = "all_approved"
    /// Each listed role (`role+role`) is signed by a different user.
    case distinctSigners = "distinct_signers"

    /// Whether the comparison makes sense for a check measuring `measure`.
    package func applies(to measure: GateCheckID.Measure) -> Bool {
        switch (self, measure) {
        case (.equals, .status), (.equals, .flag), (.equals, .count), (.atMost, .count), (.atLeast, .count),
            (.allApproved, .approval), (.distinctSigners, .signers):
            true
        default:
            false
        }
    }
}
