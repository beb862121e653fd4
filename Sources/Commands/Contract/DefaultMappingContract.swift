import Foundation
import Projections

/// The PAS→EPR contract the product ships (`Resources/contract/`), seeded into the ledger on first run.
///
/// - `default_mapping_contract.csv`: one row per target column of every variant —
///   `id,target_table,target_field,source_table,source_field,transform,code_set,critical,required,notes`.
///   Several source fields are joined with `+`; `critical` and `required` are `yes` or `no`.
/// - `contract_tables.csv`: which source table drives each target table (variant), with a row filter, in
///   processing order — `target_table,variant,source_table,row_filter,notes` (see `ContractTableRule`).
///
/// Loading checks the files' shape only; `MappingContract.validate` checks their meaning.
package enum DefaultMappingContract {
    /// File name of the column-level rows.
    package static let rowsFileName = "default_mapping_contract.csv"
    /// File name of the table-level rules.
    package static let tablesFileName = "contract_tables.csv"
    /// The header of `default_mapping_contract.csv`.
    package static let rowsHeader = [
        "id", "target_table", "target_field", "source_table", "source_field", "transform", "code_set", "critical",
        "required", "notes",
    ]

    /// The folder holding both files inside the module bundle.
    package static var bundledDirectory: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources/contract", isDirectory: true)
    }

    /// The bundled contract rows, proposed and at version 1, in file order.
    package static func load() throws(ContractError) -> [MappingRow] {
        try rows(csv: readText(rowsFileName))
    }

    /// The bundled table-level rules, in processing order.
    package static func loadTables() throws(ContractError) -> [ContractTableRule] {
        try tables(csv: readText(tablesFileName))
    }

    /// Parses the text of a contract-rows file (the bundled one or a steward's copy).
    package static func rows(csv text: String) throws(ContractError) -> [MappingRow] {
        let records = try table(text, header: rowsHeader, file: rowsFileName)
        var rows: [MappingRow] = []
        for record in records {
            let fields = record.fields
            let at = "\(rowsFileName) line \(record.line)"
            guard let critical = flag(fields[7]), let required = flag(fields[8]) else {
                throw ContractError(problems: [
                    ContractProblem(at, .malformedFile, "critical and required must be yes or no")
                ])
            }
            rows.append(
                MappingRow(
                    id: fields[0], sourceTable: fields[3], sourceField: fields[4], targetTable: fields[1],
                    targetField: fields[2], transform: fields[5], codeSet: fields[6].isEmpty ? nil : fields[6],
                    critical: critical, required: required, notes: fields[9]))
        }
        return rows
    }

    /// Parses the text of a table-rules file.
    package static func tables(csv text: String) throws(ContractError) -> [ContractTableRule] {
        let records = try table(text, header: ContractTableRule.csvHeader, file: tablesFileName)
        var rules: [ContractTableRule] = []
        for record in records {
            let fields = record.fields
            do {
                let filter = try RowFilter(parsing: fields[3])
                rules.append(
                    ContractTableRule(
                        targetTable: fields[0], variant: fields[1], sourceTable: fields[2], filter: filter,
                        notes: fields[4]))
            } catch {
                throw ContractError(problems: [
                    ContractProblem("\(tablesFileName) line \(record.line)", .malformedFile, error.message)
                ])
            }
        }
        return rules
    }

    /// `yes` or `no` as a Bool.
    private static func flag(_ text: String) -> Bool? {
        switch text {
        case "yes": true
        case "no": false
        default: nil
        }
    }

    /// The data rows of a bundled CSV with the expected header.
    private static func table(_ text: String, header: [String], file: String) throws(ContractError)
        -> [(line: Int, fields: [String])]
    {
        do {
            return try ResourceCSVReader.table(in: text, header: header)
        } catch {
            throw ContractError(problems: [ContractProblem("\(file) line \(error.line)", .malformedFile, error.reason)])
        }
    }

    /// The text of a bundled contract file.
    private static func readText(_ name: String) throws(ContractError) -> String {
        let url = bundledDirectory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw ContractError(problems: [
                ContractProblem(url.path, .malformedFile, "missing or not UTF-8; reinstall the build")
            ])
        }
        return text
    }
}
