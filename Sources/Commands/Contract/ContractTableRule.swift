/// One line of `contract_tables.csv`: which source table drives the rows of a target table (or one variant of them).
///
/// Most target tables have one variant. Some have several: `organisation` gets the trust from `ORGANISATION` and
/// GP practices from `GP_PRACTICE`; `patient_identifier` gets one row per NHS number and one per hospital number
/// from `PATIENT_MASTER`, and one per merged-away number from `MERGE_HISTORY`. The first variant listed for a
/// target table is its default: its mapping rows have ids `table.column`; the others' rows have ids
/// `table.column#variant`. The file's order is the ETL's processing order, which must load every parent before its
/// children (checked by `MappingContract.validate`).
package struct ContractTableRule: Equatable, Sendable {
    /// The EPR table written.
    package let targetTable: String
    /// The variant's name, unique within the target table.
    package let variant: String
    /// The source (or built-in) table whose rows drive this variant: one target row per accepted source row.
    package let sourceTable: String
    /// Which source rows produce a target row.
    package let filter: RowFilter
    /// Why the variant exists, for the people approving it.
    package let notes: String

    /// Creates a rule.
    package init(targetTable: String, variant: String, sourceTable: String, filter: RowFilter, notes: String = "") {
        self.targetTable = targetTable
        self.variant = variant
        self.sourceTable = sourceTable
        self.filter = filter
        self.notes = notes
    }

    /// The columns of `contract_tables.csv`, in order.
    package static let csvHeader = ["target_table", "variant", "source_table", "row_filter", "notes"]
}

/// Which rows of the driving source table produce target rows.
package enum RowFilter: Equatable, Sendable, CustomStringConvertible {
    /// Every row.
    case all
    /// Rows where the column is not empty (e.g. the NHS-number identifier of patients that have one).
    case present(String)
    /// The first row of each distinct value of the column: reference values the PAS only holds inline (theatres).
    /// Such rows are not records of the source table, so its parent checks do not apply to them.
    case distinct(String)
    /// Rows whose value in the column was already seen on an earlier migrated row (possible duplicates to link).
    case duplicate(String)

    /// Parses `all`, `present(COL)`, `distinct(COL)` or `duplicate(COL)`.
    package init(parsing text: String) throws(TransformError) {
        if text == "all" {
            self = .all
            return
        }
        let kinds: [(String, (String) -> RowFilter)] = [
            ("present", RowFilter.present), ("distinct", RowFilter.distinct), ("duplicate", RowFilter.duplicate),
        ]
        for (name, make) in kinds {
            let prefix = name + "("
            if text.hasPrefix(prefix), text.hasSuffix(")") {
                let column = String(text.dropFirst(prefix.count).dropLast())
                guard TransformStep.isIdentifier(column) else { break }
                self = make(column)
                return
            }
        }
        throw TransformError(
            "row filter \"\(text)\" is not one of all, present(COLUMN), distinct(COLUMN), duplicate(COLUMN)")
    }

    /// The column the filter reads, if any.
    package var column: String? {
        switch self {
        case .all: nil
        case .present(let column), .distinct(let column), .duplicate(let column): column
        }
    }

    /// The filter as written in `contract_tables.csv`.
    package var description: String {
        switch self {
        case .all: "all"
        case .present(let column): "present(\(column))"
        case .distinct(let column): "distinct(\(column))"
        case .duplicate(let column): "duplicate(\(column))"
        }
    }
}
