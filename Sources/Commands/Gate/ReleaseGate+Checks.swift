extension ReleaseGate {
    /// The value check `id` measures on `inputs`.
    static func measure(_ id: GateCheckID, _ inputs: GateInputs) -> GateValue {
        let quality = inputs.quality
        switch id {
        case .contractMigration:
            return .text(inputs.contractMigrationPassed ? "PASS" : "FAIL")
        case .contractQuality:
            return .text(quality.contractStatus.rawValue)
        case .enterpriseQuality:
            return .text(quality.enterpriseStatus.rawValue)
        case .criticalIssues:
            return .integer(quality.issueCount(.critical))
        case .highIssues:
            return .integer(quality.issueCount(.high))
        case .rejectRate:
            return .integer(rejectRateBasisPoints(rejected: inputs.rejectedRecords, extracted: inputs.extractedRecords))
        case .patientsLoaded:
            return .integer(quality.patientsLoaded)
        case .ledgerVerified:
            return .flag(inputs.ledgerIntact)
        case .mappingRowsApproved:
            return .approval(approved: inputs.mappingRows.approved, total: inputs.mappingRows.total)
        case .criticalCrosswalksApproved:
            return .approval(approved: inputs.criticalCrosswalks.approved, total: inputs.criticalCrosswalks.total)
        case .signOffs:
            let sorted = Set(inputs.signOffs).sorted { ($0.role, $0.user) < ($1.role, $1.user) }
            return .signOffs(sorted)
        }
    }

    /// Rejected ÷ extracted in basis points, rounded *up* so that 5.001 % is never shown (or passed) as 5.00 %;
    /// 10000 when nothing was extracted, because a run that migrated nothing has not shown a low reject rate.
    static func rejectRateBasisPoints(rejected: Int, extracted: Int) -> Int {
        guard extracted > 0 else {
            return 10_000
        }
        return (rejected * 10_000 + extracted - 1) / extracted
    }

    /// Why a failed check failed, and what to do about it.
    static func reason(_ id: GateCheckID, actual: GateValue, threshold: GateValue, _ inputs: GateInputs) -> String {
        let quality = inputs.quality
        let contract = quality.issuesBySeverity[.contract] ?? SeverityCounts()
        let enterprise = quality.issuesBySeverity[.enterprise] ?? SeverityCounts()
        switch id {
        case .contractMigration:
            return "the contract migration report is FAIL: the target tables break their contract; "
                + "see contract_migration_report.json"
        case .contractQuality:
            return "contract quality is \(actual.text) with \(contract.critical) critical and \(contract.high) high "
                + "contract issues; see quality_issues_contract.csv"
        case .enterpriseQuality:
            return "enterprise quality is \(actual.text) with \(enterprise.critical) critical and \(enterprise.high) "
                + "high enterprise issues; see quality_issues_enterprise.csv"
        case .criticalIssues:
            return "\(actual.text) critical issues (\(contract.critical) contract, \(enterprise.critical) enterprise), "
                + "at most \(threshold.text) allowed; fix them in the source or the mapping and re-run"
        case .highIssues:
            return "\(actual.text) high issues (\(contract.high) contract, \(enterprise.high) enterprise), at most "
                + "\(threshold.text) allowed; fix them in the source or the mapping and re-run"
        case .rejectRate:
            guard inputs.extractedRecords > 0 else {
                return "no records were extracted, so the run has not shown a reject rate; check the extract step"
            }
            return "reject rate \(percent(actual)) is above the \(percent(threshold)) limit: \(inputs.rejectedRecords) "
                + "of \(inputs.extractedRecords) extracted records were rejected; see crosswalk_rejects.csv"
        case .patientsLoaded:
            return "\(actual.text) patients loaded, at least \(threshold.text) required; "
                + "see crosswalk_rejects.csv for the patients that were rejected"
        case .ledgerVerified:
            return "the event ledger did not verify; run `dm ledger verify` to find the broken line and restore "
                + "the ledger before any release"
        case .mappingRowsApproved:
            return approvalReason(inputs.mappingRows, noun: "mapping rows", action: "review and approve the rest")
        case .criticalCrosswalksApproved:
            return approvalReason(
                inputs.criticalCrosswalks, noun: "critical crosswalks", action: "have a data steward approve the rest")
        case .signOffs:
            guard case .roles(let roles) = threshold, case .signOffs(let signOffs) = actual else {
                return "the sign-offs could not be compared with the required roles"
            }
            let void = inputs.voidSignOffs.map(\.text)
            return SignOffMatching(roles: roles, signOffs: signOffs).shortfall
                + (void.isEmpty
                    ? ""
                    : "; void (their evidence changed, so they must sign again): "
                        + void.joined(separator: "; "))
        }
    }

    /// "118 of 120 mapping rows approved; review and approve the rest before cutover".
    private static func approvalReason(_ count: ApprovalCount, noun: String, action: String) -> String {
        guard count.total > 0 else {
            return "no \(noun) were given to the gate, so none can have been approved; load them and approve them"
        }
        return "\(count.approved) of \(count.total) \(noun) approved; \(action) before cutover"
    }

    /// Basis points as a percentage with two decimals, e.g. 750 → "7.50%".
    private static func percent(_ value: GateValue) -> String {
        guard case .integer(let basisPoints) = value else {
            return value.text
        }
        let hundredths = basisPoints % 100
        return "\(basisPoints / 100).\(hundredths < 10 ? "0" : "")\(hundredths)%"
    }
}
