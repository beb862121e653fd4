/// Every SQL statement the `postgres` source runs, built here and only here.
///
/// Catalog queries take the schema as a bind parameter. Table and column names come only from those catalog
/// queries (the session checks a requested table against them first) and are quoted as identifiers, so no text a
/// caller supplies is ever spliced into SQL.
enum PostgresSourceStatements {
    /// Makes every later transaction of the session read-only, so even a mistake here cannot write.
    static let sessionReadOnly = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
    /// One consistent snapshot for the whole session: discover's counts match what read returns.
    static let begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    /// Ends the (read-only) transaction; nothing to commit.
    static let rollback = "ROLLBACK"
    /// Exports the transaction's snapshot for other sessions to share (PostgreSQL 9.2; on a standby since 10).
    static let exportSnapshot = "SELECT pg_export_snapshot()"

    /// Makes a just-begun transaction see the exported snapshot `id`; nil when `id` is not the form the server
    /// hands out (hexadecimal groups joined by `-`, such as `00000003-0000001B-1`), so nothing else reaches SQL.
    static func setSnapshot(_ id: String) -> String? {
        let groups = id.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.count >= 2, id.utf8.count <= 64,
            groups.allSatisfy({
                !$0.isEmpty && $0.utf8.allSatisfy { $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }
            })
        else { return nil }
        return "SET TRANSACTION SNAPSHOT '\(id)'"
    }

    /// Confirms the server sees the transaction as read-only.
    static let showReadOnly = "SHOW transaction_read_only"
    /// `PostgreSQL 15.8 …`.
    static let version = "SELECT version()"

    /// Base tables of schema `$1` that the role can see.
    static let tables = """
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = $1 AND table_type = 'BASE TABLE'
        ORDER BY table_name
        """

    /// Columns of the tables of schema `$1`, in table then column order.
    static let columns = """
        SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = $1
        ORDER BY table_name, ordinal_position
        """

    /// Primary-key columns of the tables of schema `$1`, in key order.
    static let primaryKeys = """
        SELECT c.relname, a.attname
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
        WHERE i.indisprimary AND n.nspname = $1
        ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)
        """

    /// `"name"` with embedded quotes doubled: an identifier, whatever characters it holds.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Exact row count of a discovered table.
    static func count(schema: String, table: PostgresSourceTable) -> String {
        "SELECT count(*) FROM \(quoted(schema)).\(quoted(table.name))"
    }

    /// For `PostgresRowOrder.storage`: a scan starts at the table's first page (not where a concurrent scan is), as
    /// pg_dump has it, so rows come in the order they are stored.
    static let scanFromTheStart = "SET LOCAL synchronize_seqscans = off"
    /// For `PostgresRowOrder.storage`: no parallel scan, whose workers would interleave the pages.
    static let serialScan = "SET LOCAL max_parallel_workers_per_gather = 0"

    /// Every column of a discovered table in catalog order — sorted by its primary key when it has one and `order`
    /// is `.primaryKey`, as stored for `.storage`; `limited` appends `LIMIT $1`.
    static func select(
        schema: String, table: PostgresSourceTable, limited: Bool, order: PostgresRowOrder = .primaryKey
    ) -> String {
        let columns = table.columns.map { quoted($0.name) }.joined(separator: ", ")
        var sql = "SELECT \(columns) FROM \(quoted(schema)).\(quoted(table.name))"
        if order == .primaryKey, !table.primaryKey.isEmpty {
            sql += " ORDER BY " + table.primaryKey.map(quoted).joined(separator: ", ")
        }
        if limited { sql += " LIMIT $1" }
        return sql
    }
}

/// The order in which the `postgres` source returns a table's rows.
package enum PostgresRowOrder: Sendable, Equatable {
    /// Sorted by the primary key (as stored when the table has none): stable whatever the table's history.
    case primaryKey
    /// As stored, the order `pg_dump` writes them in (a table loaded from a dump and not changed since reads back
    /// in the dump's order): what the connector uses, so the server and the dump stage the same bytes. No sort.
    case storage
}
