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

    /// extract: the `csv` connector — over the trust's extract folder (`--source-dir`), or over the mock PAS,
    /// which it generates — then records each source table's rows and hash.
    func extract(_ run: RunContext) throws -> StepOutput {
        let parameters = try parameters(run, .extract)
        let observer = self.observer
        let destination = root.file(DataRoot.Paths.sourceCSV)
        let tables: [GeneratedTable]
        if let folder = parameters.sourceDirectory {
            tables = try CSVExtractConnector(directory: folder, model: .mockPAS).extract(into: destination) {
                observer.progress(.extract, item: $0, done: $1, total: nil)
            }
        } else {
            let generator = MockPASGenerator(
                rows: parameters.rows, seed: parameters.seed, defectRate: parameters.defectRate,
                referenceDate: parameters.referenceDate)
            tables = try generator.generate(into: destination) { table, done in
                observer.progress(
                    .extract, item: table, done: done, total: table == "PATIENT_MASTER" ? parameters.rows : nil)
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
        output.summary = "\(tables.count) legacy tables, \(total) rows (connector \(parameters.connector))"
        return output
    }

    /// schema: the EPR's DDL and both schema catalogs.
    func schema(_ run: RunContext) throws -> StepOutput {
        let target = try EPRSchema.bundled()
        let ddl = try AtomicFileWriter(url: root.file(DataRoot.Paths.targetDDL))
        do {
            try Array(target.ddl.utf8).withUnsafeBytes { try ddl.write($0) }
            try ddl.commit()
        } catch {
            ddl.abandon()
            throw error
        }
        let targetColumns = try target.writeCatalog(to: root.file(DataRoot.Paths.targetCatalog))
        let source = SourceModel.mockPAS.tables.map(\.tableSchema)
        let sourceColumns = try SchemaCatalogWriter.write(source, to: root.file(DataRoot.Paths.sourceCatalog))
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
