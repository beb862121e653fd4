/// A count of items and how many of them are approved (mapping rows, critical crosswalks).
package struct ApprovalCount: Sendable, Equatable {
    /// Items in scope.
    package var total: Int
    /// Items whose current version is approved.
    package var approved: Int

    /// Creates a count.
    package init(total: Int, approved: Int) {
        self.total = total
        self.approved = approved
    }
}

/// One person's sign-off of a run in one role.
package struct GateSignOff: Sendable, Hashable {
    /// The user who signed (their ledger identity).
    package var user: String
    /// The role they signed in, e.g. `clinical_safety_officer`, `release_manager`.
    package var role: String

    /// Creates a sign-off.
    package init(user: String, role: String) {
        self.user = user
        self.role = role
    }
}

/// A sign-off that no longer counts: the evidence it saw is not the evidence being judged.
package struct VoidSignOff: Sendable, Equatable {
    /// Who signed, and in which role.
    package var signOff: GateSignOff
    /// The run they signed.
    package var run: String
    /// What changed since, in words (see `GateEvidence.changes(since:)`).
    package var changes: [String]

    /// Creates one.
    package init(signOff: GateSignOff, run: String, changes: [String]) {
        self.signOff = signOff
        self.run = run
        self.changes = changes
    }

    /// "alice (clinical_safety_officer, run 1a2b3c4d): the mapping contract changed since".
    package var text: String {
        "\(signOff.user) (\(signOff.role), run \(run.prefix(8))): "
            + (changes.isEmpty ? "signed no evidence" : changes.joined(separator: ", ") + " changed since")
    }
}

/// Everything the release gate judges: the run's step outcomes, counts, approvals and sign-offs.
///
/// The gate reads facts, it does not gather them: the run (or `dm gate`) collects them from the ledger and the
/// reports, so the gate itself is a pure function that tests can drive with any combination.
package struct GateInputs: Sendable {
    /// The profile to apply: `pre_production` or `cutover_ready` (see `release_gate_profiles.csv`).
    package var profile: String
    /// The run being judged.
    package var runID: String
    /// Whether the ETL's contract migration report is PASS.
    package var contractMigrationPassed: Bool
    /// The quality step's outcome.
    package var quality: QualityResult
    /// Source records extracted.
    package var extractedRecords: Int
    /// Source records rejected (rows of `crosswalk_rejects.csv`).
    package var rejectedRecords: Int
    /// The fewest patients the run must load.
    package var minPatients: Int
    /// Mapping contract rows, and how many are approved.
    package var mappingRows: ApprovalCount
    /// NHS-critical crosswalks, and how many are approved.
    package var criticalCrosswalks: ApprovalCount
    /// The sign-offs over exactly the evidence being judged.
    package var signOffs: [GateSignOff]
    /// Sign-offs of this run or the runs it continues whose evidence has changed since: they do not count.
    package var voidSignOffs: [VoidSignOff] = []
    /// Whether the event ledger verified end to end.
    package var ledgerIntact: Bool

    /// Creates the inputs.
    package init(
        profile: String, runID: String, contractMigrationPassed: Bool, quality: QualityResult, extractedRecords: Int,
        rejectedRecords: Int, minPatients: Int, mappingRows: ApprovalCount, criticalCrosswalks: ApprovalCount,
        signOffs: [GateSignOff], voidSignOffs: [VoidSignOff] = [], ledgerIntact: Bool
    ) {
        self.voidSignOffs = voidSignOffs
        self.profile = profile
        self.runID = runID
        self.contractMigrationPassed = contractMigrationPassed
        self.quality = quality
        self.extractedRecords = extractedRecords
        self.rejectedRecords = rejectedRecords
        self.minPatients = minPatients
        self.mappingRows = mappingRows
        self.criticalCrosswalks = criticalCrosswalks
        self.signOffs = signOffs
        self.ledgerIntact = ledgerIntact
    }
}
