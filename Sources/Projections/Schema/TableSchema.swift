/// One table of a schema catalog: its name and its columns in declaration order.
package struct TableSchema: Equatable, Hashable, Sendable {
    /// The table's name, lower-case.
    package var name: String
    /// The columns, in the order the DDL declares them (the order the catalog and the ETL's files use).
    package var columns: [ColumnSchema]

    /// Creates a table description.
    package init(name: String, columns: [ColumnSchema]) {
        self.name = name
        self.columns = columns
    }

    /// The names of the primary-key columns, in declaration order.
    package var primaryKey: [String] {
        columns.filter(\.primaryKey).map(\.name)
    }

    /// The column called `name`, if there is one.
    package func column(named name: String) -> ColumnSchema? {
        columns.first { $0.name == name }
    }
}
