/// The legacy source's tables and columns, as data: what the extract holds and how its columns relate.
///
/// `SourceModel.mockPAS` describes exactly what `MockPASGenerator` writes (tests hold the two together); the schema
/// step turns it into `schemas/source_schema_catalog.csv`, and the mapping contract refers to its names.
package struct SourceModel: Sendable, Equatable {
    /// Name of the source system, recorded in provenance (`migration_xref.source_system`).
    package let system: String
    /// Tables in extract order: reference tables first, then patient tables, parents before children.
    package let tables: [SourceTable]

    /// Creates a model.
    package init(system: String, tables: [SourceTable]) {
        self.system = system
        self.tables = tables
    }

    /// The table called `name`, if any.
    package func table(named name: String) -> SourceTable? {
        tables.first { $0.name == name }
    }

    /// The mock legacy PAS written by `MockPASGenerator`.
    package static let mockPAS = SourceModel(system: "legacy_pas", tables: PASTable.allCases.map(\.definition))
}

/// One legacy table.
package struct SourceTable: Sendable, Equatable {
    /// Table name as the legacy system spells it, e.g. `PATIENT_MASTER`; also the extract's file name (`.csv`).
    package let name: String
    /// What a row is, in one line.
    package let summary: String
    /// Columns in file order.
    package let columns: [SourceColumn]

    /// Creates a table.
    package init(name: String, summary: String, columns: [SourceColumn]) {
        self.name = name
        self.summary = summary
        self.columns = columns
    }

    /// Names of the primary-key columns, in column order.
    package var primaryKey: [String] {
        columns.filter(\.primaryKey).map(\.name)
    }

    /// The column called `name`, if any.
    package func column(named name: String) -> SourceColumn? {
        columns.first { $0.name == name }
    }
}

/// How a source column's text is to be read.
package enum SourceColumnType: String, Sendable, Equatable, CaseIterable {
    /// Free text.
    case string
    /// A base-10 integer.
    case integer
    /// `yyyy-MM-dd`.
    case date
    /// `yyyy-MM-dd HH:mm:ss`, local time as the PAS stored it (no zone).
    case datetime
    /// Digits with a `.` decimal point, e.g. `72.4`.
    case decimal
    /// A code from the code set named by `SourceColumn.codeSet`.
    case code
}

/// One legacy column.
package struct SourceColumn: Sendable, Equatable {
    /// Column name as the legacy system spells it.
    package let name: String
    /// How to read the text.
    package let type: SourceColumnType
    /// Whether the column may be empty.
    package let nullable: Bool
    /// Whether the column is (part of) the table's primary key.
    package let primaryKey: Bool
    /// `TABLE.COLUMN` this column refers to, if it is a foreign key.
    package let foreignKey: String?
    /// Code set in `CodeSetCatalog` for `.code` columns.
    package let codeSet: String?

    /// Creates a column.
    package init(
        name: String, type: SourceColumnType, nullable: Bool = false, primaryKey: Bool = false,
        foreignKey: String? = nil, codeSet: String? = nil
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.primaryKey = primaryKey
        self.foreignKey = foreignKey
        self.codeSet = codeSet
    }
}

extension SourceColumn {
    /// Integer surrogate key.
    static func key(_ name: String) -> SourceColumn {
        SourceColumn(name: name, type: .integer, primaryKey: true)
    }

    /// Text natural key.
    static func textKey(_ name: String) -> SourceColumn {
        SourceColumn(name: name, type: .string, primaryKey: true)
    }

    /// Foreign key to `target` (`TABLE.COLUMN`), integer unless said otherwise.
    static func ref(_ name: String, _ target: String, type: SourceColumnType = .integer, nullable: Bool = false)
        -> SourceColumn
    {
        SourceColumn(name: name, type: type, nullable: nullable, foreignKey: target)
    }

    /// Coded column.
    static func code(_ name: String, _ codeSet: String, nullable: Bool = false) -> SourceColumn {
        SourceColumn(name: name, type: .code, nullable: nullable, codeSet: codeSet)
    }

    /// Plain column of `type`.
    static func plain(_ name: String, _ type: SourceColumnType, nullable: Bool = false) -> SourceColumn {
        SourceColumn(name: name, type: type, nullable: nullable)
    }
}
