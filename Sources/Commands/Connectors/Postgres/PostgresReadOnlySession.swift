/// A connection set up so that it cannot write: `SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`, then one
/// `BEGIN … READ ONLY` transaction (repeatable read, so every read sees one snapshot) until `close()`; given an
/// exported snapshot, the transaction sees that one (`SET TRANSACTION SNAPSHOT`), as another session's does.
///
/// It runs only `PostgresSourceStatements`. Internal: tests reach `connection` to prove that the server itself
/// refuses a write in this session (SQLSTATE 25006).
final class PostgresReadOnlySession {
    /// The underlying client connection.
    let connection: PostgresConnection
    /// The schema whose tables are read.
    let schema: String

    /// Connects with `settings` and opens the read-only transaction, on `snapshot` when given (an id from
    /// `exportSnapshot()` of a session still open); server notices go to `noticeHandler`.
    init(
        settings: PostgresSourceSettings, noticeHandler: (@Sendable (PostgresServerNotice) -> Void)? = nil,
        snapshot: String? = nil
    ) throws(PostgresError) {
        try settings.validate()
        connection = try PostgresConnection.connect(settings.connectionConfiguration)
        connection.noticeHandler = noticeHandler
        schema = settings.schema
        do throws(PostgresError) {
            _ = try connection.simpleQuery(PostgresSourceStatements.sessionReadOnly)
            _ = try connection.simpleQuery(PostgresSourceStatements.begin)
            if let snapshot {
                guard let statement = PostgresSourceStatements.setSnapshot(snapshot) else {
                    throw PostgresError(.refused, "\"\(snapshot)\" is not a snapshot id the server hands out")
                }
                _ = try connection.simpleQuery(statement)
            }
            // Belt and braces: a proxy or server that ignored either statement is not read from at all.
            guard try isReadOnly() else {
                throw PostgresError(
                    .refused, "the server does not report the session's transaction as read-only; refusing to read")
            }
        } catch {
            connection.close()
            throw error
        }
    }

    deinit { close() }

    /// Ends the transaction (if the connection is still usable) and says goodbye.
    func close() {
        if connection.state == .ready {
            _ = try? connection.simpleQuery(PostgresSourceStatements.rollback)
        }
        connection.close()
    }

    /// `server_version` from startup.
    var serverVersion: String { connection.serverParameters["server_version"] ?? "unknown" }

    /// Exports this transaction's snapshot: other sessions that start on it see exactly what this one sees, for as
    /// long as this transaction stays open.
    func exportSnapshot() throws(PostgresError) -> String {
        guard let id = try connection.query(PostgresSourceStatements.exportSnapshot).first?.first ?? nil else {
            throw PostgresError(.refused, "the server exported no snapshot")
        }
        return id
    }

    /// Whether the server reports the current transaction as read-only.
    func isReadOnly() throws(PostgresError) -> Bool {
        try connection.query(PostgresSourceStatements.showReadOnly).first?.first == "on"
    }

    /// Names of the schema's base tables.
    func tableNames() throws(PostgresError) -> [String] {
        try connection.query(PostgresSourceStatements.tables, parameters: [schema]).compactMap { $0.first ?? nil }
    }

    /// Every table with columns and primary key; row counts only when `counting`.
    func tables(counting: Bool) throws(PostgresError) -> [PostgresSourceTable] {
        var columns: [String: [PostgresSourceTable.Column]] = [:]
        for row in try connection.query(PostgresSourceStatements.columns, parameters: [schema]) {
            guard row.count == 4, let table = row[0], let name = row[1] else { continue }
            columns[table, default: []].append(
                PostgresSourceTable.Column(name: name, dataType: row[2] ?? "unknown", nullable: row[3] == "YES"))
        }
        var keys: [String: [String]] = [:]
        for row in try connection.query(PostgresSourceStatements.primaryKeys, parameters: [schema]) {
            guard row.count == 2, let table = row[0], let column = row[1] else { continue }
            keys[table, default: []].append(column)
        }
        var tables: [PostgresSourceTable] = []
        for name in try tableNames() {
            var table = PostgresSourceTable(
                name: name, columns: columns[name] ?? [], primaryKey: keys[name] ?? [], rowCount: nil)
            if counting {
                let count = try connection.query(PostgresSourceStatements.count(schema: schema, table: table))
                table.rowCount = count.first?.first?.flatMap { Int($0) }
            }
            tables.append(table)
        }
        return tables
    }

    /// The discovered table called `name` — exactly, or when `ignoringCase` also the one table whose name differs
    /// only in case (`PATIENT_MASTER` finds `patient_master`); anything else is refused before any SQL mentions it.
    func table(named name: String, ignoringCase: Bool = false) throws(PostgresError) -> PostgresSourceTable {
        let tables = try tables(counting: false)
        if let exact = tables.first(where: { $0.name == name }) { return exact }
        if ignoringCase {
            let matches = tables.filter { $0.name.lowercased() == name.lowercased() }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 {
                throw PostgresError(
                    .unknownTable,
                    "the name \(Self.shown(name)) matches \(matches.count) tables of schema \"\(schema)\" that differ"
                        + " only in case (\(matches.map { Self.shown($0.name) }.joined(separator: ", "))); give the"
                        + " exact name")
            }
        }
        throw PostgresError(
            .unknownTable,
            "no table \(Self.shown(name)) in schema \"\(schema)\": only tables that discover lists can be read"
                + (ignoringCase ? "" : "; names are case-sensitive"))
    }

    /// Starts streaming `table`'s rows (all of them, or the first `limit`).
    func startReading(_ table: PostgresSourceTable, limit: Int?, order: PostgresRowOrder = .primaryKey)
        throws(PostgresError) -> [String]
    {
        if order == .storage {
            _ = try connection.simpleQuery(PostgresSourceStatements.scanFromTheStart)
            _ = try connection.simpleQuery(PostgresSourceStatements.serialScan)
        }
        let sql = PostgresSourceStatements.select(schema: schema, table: table, limited: limit != nil, order: order)
        return try connection.startQuery(sql, parameters: limit.map { [String($0)] } ?? []).map(\.name)
    }

    /// A caller's table name for an error message: quoted, control characters escaped, at most 80 characters.
    static func shown(_ name: String) -> String {
        let escaped = name.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : String($0) }.joined()
        return "\"" + (escaped.count > 80 ? escaped.prefix(80) + "…" : escaped) + "\""
    }
}
