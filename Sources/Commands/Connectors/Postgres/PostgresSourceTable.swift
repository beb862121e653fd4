/// A table `discover` found: its columns, primary key and exact row count.
package struct PostgresSourceTable: Sendable, Equatable {
    /// One column.
    package struct Column: Sendable, Equatable {
        /// Its name, exactly as the catalog spells it.
        package var name: String
        /// `information_schema.columns.data_type`, e.g. `text`, `integer`, `character varying`.
        package var dataType: String
        /// Whether it may hold NULL.
        package var nullable: Bool
    }

    /// The table's name, exactly as the catalog spells it (case matters).
    package var name: String
    /// Columns in catalog order.
    package var columns: [Column]
    /// Primary-key column names in key order; empty when the table has none.
    package var primaryKey: [String]
    /// Rows in the table (exact `count(*)` in discover's snapshot; nil when only the list of names was needed).
    package var rowCount: Int?
}
