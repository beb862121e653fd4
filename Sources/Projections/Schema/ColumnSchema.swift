/// One column of a table in a schema catalog: what the EPR's DDL (or the source model) says about it.
///
/// The same shape describes the target EPR (parsed from its DDL) and the legacy source (mapped from the PAS's data
/// dictionary), so the mapping step and the catalogs can treat both alike.
package struct ColumnSchema: Equatable, Hashable, Sendable {
    /// The column's name, lower-case as PostgreSQL folds unquoted identifiers.
    package var name: String
    /// The declared type, normalised: `text`, `varchar(10)`, `char(10)`, `numeric(5,2)`, `timestamp`, …
    package var type: String
    /// Whether the column may be empty; a primary key never may.
    package var nullable: Bool
    /// Whether the column is (part of) the table's primary key.
    package var primaryKey: Bool
    /// The referenced column as `table.column`, if the column is a foreign key.
    package var foreignKey: String?
    /// The NHS code set whose codes the column holds (a name from the reference, e.g. `ADMISSION_METHOD`).
    package var codeSet: String?
    /// The only values the column accepts (a `CHECK (column IN (...))`), in declaration order.
    package var allowedValues: [String]?
    /// A regular expression every value must match (a `CHECK (column ~ '...')`), e.g. for the NHS number.
    package var pattern: String?

    /// Creates a column; only `name` and `type` are required, everything else defaults to "no constraint".
    package init(
        name: String, type: String, nullable: Bool = true, primaryKey: Bool = false, foreignKey: String? = nil,
        codeSet: String? = nil, allowedValues: [String]? = nil, pattern: String? = nil
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.primaryKey = primaryKey
        self.foreignKey = foreignKey
        self.codeSet = codeSet
        self.allowedValues = allowedValues
        self.pattern = pattern
    }

    /// The referenced table of a foreign key (`foreignKey` before the dot).
    package var foreignKeyTable: String? {
        guard let foreignKey, let dot = foreignKey.firstIndex(of: ".") else {
            return nil
        }
        return String(foreignKey[..<dot])
    }

    /// The referenced column of a foreign key (`foreignKey` after the dot).
    package var foreignKeyColumn: String? {
        guard let foreignKey, let dot = foreignKey.firstIndex(of: ".") else {
            return nil
        }
        return String(foreignKey[foreignKey.index(after: dot)...])
    }
}
