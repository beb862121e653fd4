import Foundation
import Projections

/// What to check in one column, resolved once from the schema so the per-row loop only compares.
///
/// A class, not a struct: the row loop visits every column of every row, and copying a struct with this many
/// references out of the array would cost a retain and a release per reference per visit.
package final class ColumnCheck {
    /// The column's position in the file (the DDL's order).
    package let index: Int
    /// The column's name.
    package let name: String
    /// Whether an empty cell is a `DQ_REQUIRED` issue.
    package let required: Bool
    /// The declared type every non-empty value must parse as.
    package let type: ColumnType
    /// The CHECK list, when the column has one.
    package let allowedValues: Set<String>?
    /// The CHECK list as declared, for messages.
    package let allowedList: [String]
    /// The NHS code set the CHECK list comes from, when it is one (else a local vocabulary).
    package let codeSet: String?
    /// The CHECK pattern, compiled, and its source text.
    package let pattern: (regex: NSRegularExpression, source: String)?
    /// The referenced `table.column`, when the column is a foreign key.
    package let foreignKey: String?

    /// Resolves the checks of `column`, at position `index`; throws for a type or pattern the checks cannot apply.
    package init(_ column: ColumnSchema, index: Int, table: String) throws(QualityError) {
        guard let type = ColumnType(declared: column.type) else {
            throw .unsupportedType(table: table, column: column.name, type: column.type)
        }
        if let source = column.pattern {
            guard let regex = try? NSRegularExpression(pattern: source) else {
                throw .invalidPattern(table: table, column: column.name, pattern: source)
            }
            pattern = (regex, source)
        } else {
            pattern = nil
        }
        self.index = index
        name = column.name
        required = !column.nullable || column.primaryKey
        self.type = type
        allowedValues = column.allowedValues.map(Set.init)
        allowedList = column.allowedValues ?? []
        codeSet = column.codeSet
        foreignKey = column.foreignKey
    }
}

/// One target table as the quality step reads it: its file name, expected header and per-column checks.
package struct TablePlan {
    /// The table's name (and the file's, plus `.csv`).
    package let name: String
    /// The header the file must have: the DDL's columns in order.
    package let header: [String]
    /// One check per column, in file order.
    package let columns: [ColumnCheck]
    /// Positions of the primary-key columns.
    package let primaryKey: [Int]

    /// Builds the plan of `table`; throws for a type or pattern the checks cannot apply.
    package init(_ table: TableSchema) throws(QualityError) {
        name = table.name
        header = table.columns.map(\.name)
        primaryKey = table.columns.indices.filter { table.columns[$0].primaryKey }
        var columns: [ColumnCheck] = []
        for (index, column) in table.columns.enumerated() {
            columns.append(try ColumnCheck(column, index: index, table: table.name))
        }
        self.columns = columns
    }

    /// The position of the column called `name`.
    package func index(of name: String) -> Int? {
        header.firstIndex(of: name)
    }

    /// The tables referenced by this table's foreign keys, itself excluded.
    package var parents: Set<String> {
        Set(columns.compactMap { $0.foreignKey.flatMap(Self.table(of:)) }).subtracting([name])
    }

    /// The primary-key value of `row` (values joined by `|` for a composite key), or nil when a part is empty.
    package func primaryKeyValue(of row: [String]) -> String? {
        if primaryKey.count == 1 {
            let value = row[primaryKey[0]]
            return value.isEmpty ? nil : value
        }
        let values = primaryKey.map { row[$0] }
        return primaryKey.isEmpty || values.contains(where: \.isEmpty) ? nil : values.joined(separator: "|")
    }

    /// The table part of a `table.column` reference.
    package static func table(of reference: String) -> String? {
        reference.firstIndex(of: ".").map { String(reference[..<$0]) }
    }

    /// Plans for `schema`, ordered so that every table comes after the tables it references (stable: schema order
    /// where the references allow it). A cycle, which the bundled DDL does not have, is broken at its first table
    /// in schema order; its forward references are then checked after all tables are read.
    package static func ordered(_ schema: [TableSchema]) throws(QualityError) -> [TablePlan] {
        var remaining: [TablePlan] = []
        for table in schema {
            remaining.append(try TablePlan(table))
        }
        let known = Set(remaining.map(\.name))
        var placed: Set<String> = []
        var ordered: [TablePlan] = []
        while !remaining.isEmpty {
            let next =
                remaining.firstIndex { $0.parents.intersection(known).isSubset(of: placed) } ?? remaining.startIndex
            let plan = remaining.remove(at: next)
            placed.insert(plan.name)
            ordered.append(plan)
        }
        return ordered
    }
}
