import Foundation
import Projections

/// Everything one ETL run reads: the extract, the contract as the ledger holds it now, the target model, the code
/// sets, where to write, and the run's identity and time (injected, so two runs of the same inputs write the same
/// bytes apart from the run id and time).
package struct ETLInputs: Sendable {
    /// Folder holding one `<TABLE>.csv` per table of `sourceModel` (e.g. `mock_data/source/csv`).
    package var sourceDirectory: URL
    /// The legacy tables and columns; every file's header is checked against it.
    package var sourceModel: SourceModel
    /// The contract rows to run: the ledger's current contract, not the bundled file. Rows whose status is
    /// `rejected` are not run (their column stays NULL, and a required one fails coverage).
    package var contract: [MappingRow]
    /// The EPR tables in DDL (dependency) order.
    package var schema: [TableSchema]
    /// The code sets (also the source of `code_system` and `code_value`).
    package var codeSets: CodeSetCatalog
    /// The crosswalk every coded column goes through.
    package var crosswalks: Crosswalk
    /// The run's id, written to `migration_xref.run_id` and every reject row.
    package var runID: String
    /// Folder for the 38 `<table>.csv` files (e.g. `mock_data/target_contract`); created if missing.
    package var targetDirectory: URL
    /// Folder for `crosswalk_rejects.csv` and `contract_migration_report.json`; created if missing.
    package var reportsDirectory: URL
    /// When the run started: `migration_xref.migrated_at` and the date of `migration_date` (UTC).
    package var migratedAt: Date
    /// Table-level rules (driving tables, filters, order); nil means the bundled `contract_tables.csv`.
    package var tables: [ContractTableRule]?
    /// Called with a source table's name and the rows read so far, every `ContractETL.progressInterval` rows and
    /// once at the end of each table.
    package var progress: (@Sendable (_ table: String, _ rowsDone: Int) -> Void)?
    /// Bytes of per-key state (key bitmaps, lookup indexes, reject causes) the run keeps in memory before it spills
    /// to a temporary file in `targetDirectory`: the run's memory does not grow with the extract beyond it. The
    /// main pass gets all of it, the `migration_xref` writer an eighth, each re-check thread half.
    package var keyMemoryBudget = ContractETL.defaultKeyMemoryBudget

    /// Creates the inputs of one run.
    package init(
        sourceDirectory: URL, sourceModel: SourceModel, contract: [MappingRow], schema: [TableSchema],
        codeSets: CodeSetCatalog, crosswalks: Crosswalk, runID: String, targetDirectory: URL, reportsDirectory: URL,
        migratedAt: Date, tables: [ContractTableRule]? = nil,
        progress: (@Sendable (_ table: String, _ rowsDone: Int) -> Void)? = nil
    ) {
        self.sourceDirectory = sourceDirectory
        self.sourceModel = sourceModel
        self.contract = contract
        self.schema = schema
        self.codeSets = codeSets
        self.crosswalks = crosswalks
        self.runID = runID
        self.targetDirectory = targetDirectory
        self.reportsDirectory = reportsDirectory
        self.migratedAt = migratedAt
        self.tables = tables
        self.progress = progress
    }
}
