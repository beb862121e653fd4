import Foundation

/// The data folder a command works in (`--root`): `events/`, `reports/`, `schemas/`, `mock_data/`.
package struct DataRoot: Sendable {
    /// The folder itself.
    package let url: URL

    /// A data root at `path` (relative paths resolve against the current directory).
    package init(path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    /// Creates the standard folders if they are missing; a data root created here is this user's only (0700):
    /// its target tables, staged extract and rejects hold patient data.
    package func createFolders() throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        for folder in ["events", "reports", "schemas", Paths.sourceCSV, "mock_data/target", Paths.targetTables] {
            try FileManager.default.createDirectory(
                at: url.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    /// `events/`, the ledger's folder.
    package var eventsPath: String { url.appendingPathComponent("events").path }

    /// The file at `relative` (a path such as `reports/mapping_contract.csv`).
    package func file(_ relative: String) -> URL {
        url.appendingPathComponent(relative)
    }

    /// Where a run's steps write their artifacts before publishing them (removed when the run ends).
    package static func stagingFolder(_ runID: String) -> String {
        ".staging/\(runID)"
    }

    /// Where a run keeps its copy of every artifact.
    package func runFolder(_ runID: String) -> String {
        "reports/runs/\(runID)"
    }

    /// Artifact paths the lifecycle writes, relative to the root (DESIGN.md §5).
    package enum Paths {
        package static let sourceCSV = "mock_data/source/csv"
        package static let targetDDL = "mock_data/target/epr_schema.sql"
        package static let sourceCatalog = "schemas/source_schema_catalog.csv"
        package static let targetCatalog = "schemas/target_schema_catalog.csv"
        package static let mappingContract = "reports/mapping_contract.csv"
        package static let targetTables = "mock_data/target_contract"
        package static let crosswalkRejects = "reports/crosswalk_rejects.csv"
        package static let contractMigrationReport = "reports/contract_migration_report.json"
        package static let enterpriseReport = "reports/enterprise_pipeline_report.json"
        package static let contractIssues = "reports/quality_issues_contract.csv"
        package static let enterpriseIssues = "reports/quality_issues_enterprise.csv"
        package static let gateReport = "reports/release_gate_report.json"
        package static let runReport = "reports/product_lifecycle_run.json"
    }
}
