/// Reads a PAS held in a PostgreSQL database, read-only by construction.
///
/// Every call opens its own session (`PostgresReadOnlySession`: read-only session characteristics, then a
/// `BEGIN … READ ONLY` transaction) and closes it before returning, except `openRows`, whose stream owns its
/// session until it is exhausted or closed. There is no way to hand it SQL: it runs only the statements in
/// `PostgresSourceStatements`, and a table name is used only after it matched a name the catalog returned.
///
/// The calls block on network I/O; run them on a thread of their own, not on a Swift concurrency task.
///
/// To wrap it as a `SourceConnector`: `spec` is `PostgresSourceSettings.fields`; build the settings with
/// `PostgresSourceSettings(values:)`; `check`, `discover`, `preview` map one to one; `read` is `openRows(table:)`
/// (pull rows with `next()`) or `read(table:row:)` (a callback per row).
package struct PostgresSourceReader: Sendable {
    /// Where to read from.
    package let settings: PostgresSourceSettings

    /// Receives the server's warnings and notices (`NoticeResponse`: severity, SQLSTATE, message), if set.
    package var noticeHandler: (@Sendable (PostgresServerNotice) -> Void)?

    /// Whether a table name also matches a table whose name differs only in case (`PATIENT_MASTER` reads
    /// `patient_master`) when no name matches exactly; a name that matches several such tables is refused.
    package var matchesTableNamesIgnoringCase = false

    /// The order of the rows `preview`, `read` and `openRows` return: by primary key (the default) or as stored.
    package var rowOrder = PostgresRowOrder.primaryKey

    /// The exported snapshot every session starts on (`withSharedSnapshot`); nil: each session has its own.
    package private(set) var snapshot: String?

    /// Largest `preview` limit.
    package static let maximumPreviewRows = 10_000

    /// A reader over `settings`, checked first.
    package init(settings: PostgresSourceSettings) throws(PostgresError) {
        try settings.validate()
        self.settings = settings
    }

    /// Runs `body` with a reader whose sessions all see the database as of one moment: a first session exports its
    /// snapshot and stays open until `body` returns, and every session of the reader handed to `body` starts on it,
    /// as `pg_dump --jobs` does. Tables read one after another then agree with each other (no child row whose
    /// parent was inserted after the parent table was read) even while the PAS is in use.
    package func withSharedSnapshot<Result>(_ body: (PostgresSourceReader) throws -> Result) throws -> Result {
        let anchor = try PostgresReadOnlySession(settings: settings, noticeHandler: noticeHandler)
        defer { anchor.close() }
        var shared = self
        shared.snapshot = try anchor.exportSnapshot()
        return try body(shared)
    }

    /// Connects, authenticates and reports the server version, the visible tables and the read-only state.
    package func check() throws(PostgresError) -> PostgresSourceCheck {
        let session = try PostgresReadOnlySession(settings: settings, noticeHandler: noticeHandler, snapshot: snapshot)
        defer { session.close() }
        return PostgresSourceCheck(
            serverVersion: session.serverVersion, settings: settings.publicValues,
            tableCount: try session.tableNames().count, readOnly: try session.isReadOnly())
    }

    /// Tables of the schema with their columns, primary keys and exact row counts (one snapshot).
    package func discover() throws(PostgresError) -> [PostgresSourceTable] {
        let session = try PostgresReadOnlySession(settings: settings, noticeHandler: noticeHandler, snapshot: snapshot)
        defer { session.close() }
        return try session.tables(counting: true)
    }

    /// One table's columns and primary key, without counting its rows (one catalog snapshot, no table scan).
    package func table(named table: String) throws(PostgresError) -> PostgresSourceTable {
        let session = try PostgresReadOnlySession(settings: settings, noticeHandler: noticeHandler, snapshot: snapshot)
        defer { session.close() }
        return try session.table(named: table, ignoringCase: matchesTableNamesIgnoringCase)
    }

    /// The first `limit` rows of `table` in `rowOrder`.
    package func preview(table: String, limit: Int) throws(PostgresError) -> PostgresSourceRows {
        guard (1...Self.maximumPreviewRows).contains(limit) else {
            throw PostgresError(.invalidSettings, "the preview limit must be from 1 to \(Self.maximumPreviewRows)")
        }
        let session = try PostgresReadOnlySession(settings: settings, noticeHandler: noticeHandler, snapshot: snapshot)
        defer { session.close() }
        let columns = try session.startReading(
            try session.table(named: table, ignoringCase: matchesTableNamesIgnoringCase), limit: limit, order: rowOrder)
        var rows: [[String?]] = []
        while let row = try session.connection.nextRow() { rows.append(row) }
        return PostgresSourceRows(columns: columns, rows: rows)
    }

    /// Streams every row of `table` to `row` in `rowOrder`; returns the number of rows.
    /// Memory stays constant however large the table is.
    @discardableResult
    package func read(table: String, row: ([String?]) throws -> Void) throws -> Int {
        let rows = try openRows(table: table)
        defer { rows.close() }
        var count = 0
        while let values = try rows.next() {
            try row(values)
            count += 1
        }
        return count
    }

    /// A stream of `table`'s rows that owns its session until it is exhausted or closed.
    package func openRows(table: String) throws(PostgresError) -> PostgresRowStream {
        let session = try PostgresReadOnlySession(settings: settings, noticeHandler: noticeHandler, snapshot: snapshot)
        do {
            let columns = try session.startReading(
                try session.table(named: table, ignoringCase: matchesTableNamesIgnoringCase), limit: nil,
                order: rowOrder)
            return PostgresRowStream(session: session, table: table, columns: columns)
        } catch {
            session.close()
            throw error
        }
    }
}
