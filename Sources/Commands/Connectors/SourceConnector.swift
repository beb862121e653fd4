/// A read-only source of legacy tables: a folder of CSV files, a globals export, a database dump or a server.
///
/// There is deliberately no write operation: the migration must be unable to change a trust's PAS, so the only
/// things a connector can do are describe its settings, connect and report, list what it holds, and stream rows.
///
/// ## Implementation requirements
/// - `init` (through `ConnectorRegistry.connector(named:settings:)`) does no I/O; `check` is where a connection is
///   first attempted.
/// - `read` streams: memory must not grow with the table's size. It calls `body` once per row, in the source's
///   order, with exactly as many fields as `discover` lists columns for the table. The row array is only valid
///   during the call.
/// - NULL and the empty string are both delivered as `""` — the CSV extract's empty field, which is all the
///   lifecycle's staged CSV can express (see `SourceExtract`).
/// - Errors are `ConnectorError`s naming the file, line and column (or the table or setting) and what to fix; a
///   secret setting's value never appears in one.
/// - Table names are matched case-insensitively, so `PATIENT_MASTER` finds a dump's `public.patient_master`.
package protocol SourceConnector: Sendable {
    /// The validated settings (secrets inside; use `settings.redacted` to show them).
    var settings: ConnectorSettings { get }
    /// Connects (opens the folder, file or session) and says what was found.
    func check() throws(ConnectorError) -> ConnectorCheck
    /// Tables with their columns, types, primary keys and row counts.
    func discover() throws(ConnectorError) -> [SourceTableDescription]
    /// The columns of one table without counting its rows (cheap); `unknownTable` if it has none of that name.
    func columns(of table: String) throws(ConnectorError) -> [SourceTableDescription.Column]
    /// Where `table` lives, for messages: a file path, or the source and table name.
    func location(of table: String) -> String
    /// Streams every row of `table` to `body`; returns the number of rows.
    @discardableResult
    func read(table: String, _ body: (_ row: [String]) throws -> Void) throws -> Int
    /// Runs `body` with a connector whose reads all see the source as of one moment, so tables read one after
    /// another agree with each other (a live database: one exported snapshot); a source that does not change
    /// while it is read (files) passes itself.
    func readingOneSnapshot<Result>(_ body: (any SourceConnector) throws -> Result) throws -> Result
}

extension SourceConnector {
    package func readingOneSnapshot<Result>(_ body: (any SourceConnector) throws -> Result) throws -> Result {
        try body(self)
    }

    /// The connector type's name.
    package var name: String { settings.type.name }

    /// The first `limit` rows of `table` with its column names.
    package func preview(table: String, limit: Int) throws -> SourcePreview {
        let columns = try columns(of: table)
        var rows: [[String]] = []
        do {
            try read(table: table) { row in
                guard rows.count < limit else { throw PreviewLimitReached() }
                rows.append(row)
            }
        } catch is PreviewLimitReached {}
        return SourcePreview(table: table, columns: columns.map(\.name), rows: rows)
    }
}

/// Ends a preview's read early.
private struct PreviewLimitReached: Error {}

/// What `check` found.
package struct ConnectorCheck: Sendable, Equatable, Codable {
    /// The connector type.
    package var connector: String
    /// Whether the source could be opened and looks usable.
    package var ok: Bool
    /// One line for people: what was reached and what it holds.
    package var message: String
    /// Tables seen (0 when unknown).
    package var tables: Int

    /// Creates a report.
    package init(connector: String, ok: Bool, message: String, tables: Int) {
        self.connector = connector
        self.ok = ok
        self.message = message
        self.tables = tables
    }
}

/// One table as `discover` reports it.
package struct SourceTableDescription: Sendable, Equatable, Codable {
    /// One column.
    package struct Column: Sendable, Equatable, Codable {
        /// Name as the source spells it.
        package var name: String
        /// Type as the source declares it (`text` for untyped sources such as CSV and globals).
        package var type: String
        /// Whether it is part of the primary key.
        package var primaryKey: Bool

        /// Creates a column.
        package init(name: String, type: String, primaryKey: Bool) {
            self.name = name
            self.type = type
            self.primaryKey = primaryKey
        }

        enum CodingKeys: String, CodingKey {
            case name, type
            case primaryKey = "primary_key"
        }
    }

    /// Table name as the source spells it.
    package var name: String
    /// Columns in row order.
    package var columns: [Column]
    /// Rows (counted by a scan for file sources).
    package var rows: Int

    /// Creates a description.
    package init(name: String, columns: [Column], rows: Int) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// Primary-key column names in column order.
    package var primaryKey: [String] {
        columns.filter(\.primaryKey).map(\.name)
    }
}

/// The first rows of a table.
package struct SourcePreview: Sendable, Equatable, Codable {
    /// Table name as the source spells it.
    package var table: String
    /// Column names.
    package var columns: [String]
    /// Rows, each as wide as `columns`.
    package var rows: [[String]]
}
