import EventStore
import Foundation
import Projections

extension LifecycleRunner {
    /// The parameters, which every step after validation has.
    func parameters(_ run: RunContext, _ step: LifecycleStep) throws -> LifecycleParameters {
        guard let parameters = run.parameters else {
            throw LifecycleError(.step, step: step, "the run has no validated parameters")
        }
        return parameters
    }

    /// extract: reads the source through the chosen connector into the staged CSVs the later steps read
    /// (`mock_data/source/csv/`), then records each source table's rows and hash.
    ///
    /// With `--source-dir` the connector reads the trust's own source there; without it the mock PAS is generated
    /// (as CSV, plus the connector's own format for `cache_iris_emulator` and `postgres_emulator`) and read back
    /// through the connector, so the same mock gives the same staged bytes, hence hashes, whichever connector.
    func extract(_ run: RunContext) throws -> StepOutput {
        let parameters = try parameters(run, .extract)
        let observer = self.observer
        let destination = stage(run).file(DataRoot.Paths.sourceCSV)
        let progress: (String, Int) -> Void = { observer.progress(.extract, item: $0, done: $1, total: nil) }
        let tables: [GeneratedTable]
        var connectorSettings: [String: String]?
        let mockFormats = ["csv", "cache_iris_emulator", "postgres_emulator"]
        let namesASource = parameters.connectorSettings.keys.contains { $0 == "directory" || $0 == "dump_file" }
        if parameters.sourceDirectory != nil || namesASource || !mockFormats.contains(parameters.connector) {
            // The trust's own source: a folder or file for the file connectors, a server for `postgres`.
            var settings = parameters.sourceDirectory.map { Self.settings(parameters.connector, folder: $0) } ?? [:]
            settings.merge(parameters.connectorSettings) { _, explicit in explicit }
            let connector = try ConnectorRegistry.standard.connector(named: parameters.connector, settings: settings)
            connectorSettings = connector.settings.redacted
            tables = try SourceExtract(connector: connector, model: .mockPAS).run(into: destination, progress: progress)
        } else {
            let generator = MockPASGenerator(
                rows: parameters.rows, seed: parameters.seed, defectRate: parameters.defectRate,
                referenceDate: parameters.referenceDate)
            let generated = try generator.generate(into: destination) { table, done in
                observer.progress(
                    .extract, item: table, done: done, total: table == "PATIENT_MASTER" ? parameters.rows : nil)
            }
            // Only the format the connector reads is written: the other exports would cost time for nothing.
            let export = MockPASSourceExport(csvDirectory: destination)
            var settings: [String: String] = [:]
            switch parameters.connector {
            case "cache_iris_emulator":
                let folder = root.file(MockPASSourceExport.cacheRelativeDirectory)
                try export.writeGlobals(into: folder)
                settings = Self.settings(parameters.connector, folder: folder)
            case "postgres_emulator":
                let dump = root.file(MockPASSourceExport.postgresRelativeFile)
                try export.writeDump(to: dump)
                settings = Self.settings(parameters.connector, folder: dump.deletingLastPathComponent())
            default:
                break
            }
            if settings.isEmpty {
                tables = generated
            } else {
                settings.merge(parameters.connectorSettings) { _, explicit in explicit }
                let connector = try ConnectorRegistry.standard.connector(
                    named: parameters.connector, settings: settings)
                connectorSettings = connector.settings.redacted
                tables = try SourceExtract(connector: connector, model: .mockPAS).run(
                    into: destination, progress: progress)
            }
        }
        var output = StepOutput()
        output.artifacts = tables.map { ("\(DataRoot.Paths.sourceCSV)/\($0.name).csv", $0.rows) }
        let total = tables.reduce(0) { $0 + $1.rows }
        output.counts = [
            "connector": .string(parameters.connector), "source_tables": .int(tables.count),
            "source_rows": .int(total),
            "rows_by_table": .object(
                Dictionary(uniqueKeysWithValues: tables.map { ($0.name, JSONValue.int($0.rows)) })),
        ]
        if let connectorSettings {
            output.counts["connector_settings"] = .object(connectorSettings.mapValues { .string($0) })
        }
        output.summary = "\(tables.count) legacy tables, \(total) rows (connector \(parameters.connector))"
        return output
    }

    /// schema: the EPR's DDL and both schema catalogs.
    func schema(_ run: RunContext) throws -> StepOutput {
        let target = try EPRSchema.bundled()
        let staging = stage(run)
        let ddl = try AtomicFileWriter(url: staging.file(DataRoot.Paths.targetDDL))
        do {
            try Array(target.ddl.utf8).withUnsafeBytes { try ddl.write($0) }
            try ddl.commit()
        } catch {
            ddl.abandon()
            throw error
        }
        let targetColumns = try target.writeCatalog(to: staging.file(DataRoot.Paths.targetCatalog))
        let source = SourceModel.mockPAS.tables.map(\.tableSchema)
        let sourceColumns = try SchemaCatalogWriter.write(source, to: staging.file(DataRoot.Paths.sourceCatalog))
        var output = StepOutput()
        output.artifacts = [
            (DataRoot.Paths.targetDDL, nil), (DataRoot.Paths.sourceCatalog, sourceColumns),
            (DataRoot.Paths.targetCatalog, targetColumns),
        ]
        output.counts = [
            "source_tables": .int(source.count), "source_columns": .int(sourceColumns),
            "target_tables": .int(target.tables.count), "target_columns": .int(targetColumns),
        ]
        output.summary =
            "source \(source.count) tables/\(sourceColumns) columns, EPR \(target.tables.count) tables/\(targetColumns) columns"
        return output
    }
}

extension LifecycleRunner {
    /// A connector's settings for a source folder (`--source-dir`, or where the mock PAS was written).
    static func settings(_ connector: String, folder: URL) -> [String: String] {
        switch connector {
        case "postgres_emulator": return ["dump_file": folder.appendingPathComponent("pas_dump.sql").path]
        default: return ["directory": folder.path]
        }
    }
}

extension SourceTable {
    /// The legacy table in the catalog's terms.
    var tableSchema: TableSchema {
        TableSchema(
            name: name,
            columns: columns.map { column in
                ColumnSchema(
                    name: column.name, type: column.type.rawValue, nullable: column.nullable,
                    primaryKey: column.primaryKey, foreignKey: column.foreignKey, codeSet: column.codeSet)
            })
    }
}
