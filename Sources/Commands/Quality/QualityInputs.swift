import Foundation
import Projections

/// Row counts for one source entity as the ETL reported them, for the reconciliation check.
///
/// Every extracted row must end up either loaded or rejected (with a reason in `crosswalk_rejects.csv`);
/// `extracted ≠ loaded + rejected` means rows were silently dropped or duplicated.
package struct ReconciliationCount: Sendable, Equatable {
    /// The legacy table (source entity), e.g. `PATIENT_MASTER`.
    package var sourceTable: String
    /// Rows read from the source.
    package var extracted: Int
    /// Rows written to the target tables.
    package var loaded: Int
    /// Rows rejected with a reason.
    package var rejected: Int

    /// Creates a count.
    package init(sourceTable: String, extracted: Int, loaded: Int, rejected: Int) {
        self.sourceTable = sourceTable
        self.extracted = extracted
        self.loaded = loaded
        self.rejected = rejected
    }
}

/// Everything the quality step reads: where the target tables are, what they should look like, and the run's
/// parameters. Time is injected (`referenceDate`) so a re-run on the same data gives the same report.
package struct QualityInputs: Sendable {
    /// The folder holding `<table>.csv` for every table of `schema` (`mock_data/target_contract`).
    package var targetDirectory: URL
    /// The target model the files must follow (normally `EPRSchema.bundled().tables`).
    package var schema: [TableSchema]
    /// Per source entity counts from the ETL.
    package var reconciliation: [ReconciliationCount]
    /// The fewest patients the run must load (`--min-patients`).
    package var minPatients: Int
    /// "Today" for the run, `yyyy-MM-dd`: past-only events after it are future-dated.
    package var referenceDate: String
    /// The run's id, written on every issue.
    package var runID: String
    /// Where the three reports go (`reports/`); it must exist.
    package var reportsDirectory: URL
    /// Bytes of per-key state (key bitmaps, spell times, dates of death) the scan keeps in memory before it spills
    /// to a temporary file in `targetDirectory`.
    package var keyMemoryBudget = QualityEngine.defaultKeyMemoryBudget

    /// Creates the inputs.
    package init(
        targetDirectory: URL, schema: [TableSchema], reconciliation: [ReconciliationCount], minPatients: Int,
        referenceDate: String, runID: String, reportsDirectory: URL
    ) {
        self.targetDirectory = targetDirectory
        self.schema = schema
        self.reconciliation = reconciliation
        self.minPatients = minPatients
        self.referenceDate = referenceDate
        self.runID = runID
        self.reportsDirectory = reportsDirectory
    }
}
