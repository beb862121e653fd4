import Foundation

/// What one ETL run did: counts per target table and per source table, rejects by rule, and the verdict of the
/// conformance re-check of the written files.
package struct ETLResult: Sendable {
    /// One entry per target table, in DDL order.
    package var tables: [ETLTableResult]
    /// Reconciliation per source table read (the quality step checks `extracted == loaded + rejected`).
    package var sources: [ETLSourceReconciliation]
    /// Rows in `crosswalk_rejects.csv`: one per failing field of a rejected record, one per record rejected
    /// because of its parent, and one per non-critical value written as NULL (rule ending `_NULLED`).
    package var rejectCount: Int
    /// Rows of `crosswalk_rejects.csv` by rule.
    package var rejectsByRule: [String: Int]
    /// The first problems the conformance re-check found (at most `ContractETL.maxReportedViolations`).
    package var conformanceViolations: [String]
    /// How many problems the conformance re-check found in all.
    package var conformanceViolationCount: Int
    /// True when every written row passed the DDL's types, NOT NULL, CHECK lists, patterns, keys and foreign keys.
    package var conformancePassed: Bool
    /// Every file written: the 38 target tables in DDL order, then the rejects file and the report.
    package var artifacts: [URL]

    /// Target rows written across all tables, `migration_xref` excluded.
    package var loadedRows: Int {
        tables.filter { $0.table != "migration_xref" }.reduce(0) { $0 + $1.loaded }
    }
}

/// Counts for one target table.
package struct ETLTableResult: Sendable, Equatable {
    /// The EPR table.
    package var table: String
    /// Its driving source table(s), joined with `+` when it has several variants.
    package var sourceTable: String
    /// Source rows that passed the variant's row filter (candidate target rows).
    package var extracted: Int
    /// Rows written.
    package var loaded: Int
    /// Candidate rows rejected; `extracted == loaded + rejected` always holds.
    package var rejected: Int
}

/// Counts for one source table, taken from its all-rows (primary) variant.
package struct ETLSourceReconciliation: Sendable, Equatable {
    /// The source (or built-in) table.
    package var sourceTable: String
    /// The target table its rows become.
    package var targetTable: String
    /// Rows read from the file (an all-rows variant sees every row).
    package var extracted: Int
    /// Rows accepted.
    package var loaded: Int
    /// Rows rejected.
    package var rejected: Int

    /// Whether every row read is accounted for.
    package var balanced: Bool { extracted == loaded + rejected }
}
