import Foundation
import Projections

/// Checks a mapping contract (the ledger's current rows, or the bundled default) before anything runs it.
///
/// `validate` refuses a contract that names a table, column, code set or transform that does not exist, gives a
/// transform the wrong number of source fields, reads a code as belonging to the wrong code set, writes a value the
/// target column's type or CHECK list would refuse, marks an NHS-critical field as non-critical, or loads a child
/// before its parent. Every problem names the row and says what to do. `coverage` lists the required target
/// columns (NOT NULL in the DDL) that no row fills.
package enum MappingContract {
    /// Code sets whose values are NHS-critical (DESIGN.md section 5): rows writing them must be critical, so that
    /// an unmappable value rejects the record rather than being nulled.
    package static let nhsCriticalCodeSets: Set<String> = [
        "PERSON_STATED_GENDER_CODE", "FHIR_ADMINISTRATIVE_GENDER", "GENDER_IDENTITY_CODE", "ETHNIC_CATEGORY_2001",
        "ADMISSION_METHOD", "DISCHARGE_METHOD",
    ]

    /// Throws a `ContractError` listing every problem; returns quietly when the contract may be run.
    ///
    /// `tables` and `crosswalks` default to the bundled table rules and crosswalk.
    package static func validate(
        _ rows: [MappingRow], source: SourceModel, target: [TableSchema], tables: [ContractTableRule]? = nil,
        crosswalks: Crosswalk? = nil
    ) throws(ContractError) {
        let rules: [ContractTableRule]
        if let tables {
            rules = tables
        } else {
            rules = try DefaultMappingContract.loadTables()
        }
        let crosswalk: Crosswalk
        if let crosswalks {
            crosswalk = crosswalks
        } else {
            do {
                crosswalk = try Crosswalk.bundled()
            } catch {
                throw ContractError(problems: [ContractProblem("code sets", .malformedFile, error.description)])
            }
        }
        var validator = ContractValidator(source: source, target: target, rules: rules, crosswalk: crosswalk)
        validator.checkTablePlan()
        var seen = Set<String>()
        for row in rows {
            if !seen.insert(row.id).inserted {
                validator.problem(row.id, .badRowID, "the id appears twice; keep one row per target column")
                continue
            }
            validator.check(row)
        }
        if !validator.problems.isEmpty {
            throw ContractError(problems: validator.problems)
        }
    }

    /// The ids (`table.column`, or `table.column#variant`) of required target columns that no row fills.
    ///
    /// A column is required when the DDL declares it NOT NULL or a row for it says `required`; it is filled by a
    /// row that is not `rejected` and whose transform is not `null`. Variants come from `tables` when given,
    /// otherwise from the rows' ids.
    package static func coverage(_ rows: [MappingRow], target: [TableSchema], tables: [ContractTableRule]? = nil)
        -> [String]
    {
        var filled = Set<String>()
        var claimedRequired = Set<String>()
        var variantsSeen: [String: [String]] = [:]
        for row in rows {
            if row.required { claimedRequired.insert(row.id) }
            if let parsed = parseID(row.id), let variant = parsed.variant,
                !(variantsSeen[parsed.table]?.contains(variant) ?? false)
            {
                variantsSeen[parsed.table, default: []].append(variant)
            }
            let isNull = row.transform.trimmingCharacters(in: .whitespaces) == "null"
            if row.status != .rejected && !isNull { filled.insert(row.id) }
        }
        var missing: [String] = []
        for table in target {
            let variantCount: Int
            let suffixes: [String]
            if let tables {
                let names = tables.filter { $0.targetTable == table.name }.map(\.variant)
                variantCount = names.count
                suffixes = [""] + names.dropFirst().map { "#" + $0 }
            } else {
                let names = variantsSeen[table.name] ?? []
                variantCount = names.count + 1
                suffixes = [""] + names.map { "#" + $0 }
            }
            for suffix in suffixes.prefix(max(variantCount, 1)) {
                for column in table.columns {
                    let id = "\(table.name).\(column.name)\(suffix)"
                    let required = !column.nullable || claimedRequired.contains(id)
                    if required && !filled.contains(id) { missing.append(id) }
                }
            }
        }
        return missing
    }

    /// Splits `table.column` or `table.column#variant`; nil when the id has neither shape.
    package static func parseID(_ id: String) -> (table: String, column: String, variant: String?)? {
        let parts = id.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let names = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty else { return nil }
        if parts.count == 2 && parts[1].isEmpty { return nil }
        return (String(names[0]), String(names[1]), parts.count == 2 ? String(parts[1]) : nil)
    }

    /// The row's source fields: `source_field` split at `+`, none when it is empty.
    package static func sourceFields(of row: MappingRow) -> [String] {
        row.sourceField.isEmpty
            ? [] : row.sourceField.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
    }
}
