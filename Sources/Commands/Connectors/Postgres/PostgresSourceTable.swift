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

/// What `check` found: who we are on which server, and that the session is read-only.
package struct PostgresSourceCheck: Sendable, Equatable {
    /// `server_version` as the server reported it at startup.
    package var serverVersion: String
    /// Settings as shown to users (password as set/unset).
    package var settings: [String: String]
    /// Base tables visible in the schema.
    package var tableCount: Int
    /// `SHOW transaction_read_only` inside the session's transaction: always true unless something is very wrong.
    package var readOnly: Bool
}

/// Rows fetched by `preview`.
package struct PostgresSourceRows: Sendable, Equatable {
    /// Column names in order.
    package var columns: [String]
    /// Text values; nil is SQL NULL.
    package var rows: [[String?]]
}
