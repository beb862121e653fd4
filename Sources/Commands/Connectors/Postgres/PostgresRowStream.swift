/// The rows of one table, pulled one at a time; closes its session at the end or on `close()`.
///
/// Single-owner like the session it holds: use it from one thread.
package final class PostgresRowStream {
    /// The session streaming the rows; nil once closed.
    private var session: PostgresReadOnlySession?
    /// The table being read.
    package let table: String
    /// Column names in order.
    package let columns: [String]

    init(session: PostgresReadOnlySession, table: String, columns: [String]) {
        self.session = session
        self.table = table
        self.columns = columns
    }

    deinit { close() }

    /// The next row (text values, nil for NULL), or nil after the last one.
    package func next() throws(PostgresError) -> [String?]? {
        guard let session else { return nil }
        do {
            if let row = try session.connection.nextRow() { return row }
        } catch {
            close()
            throw error
        }
        close()
        return nil
    }

    /// Stops reading and closes the session; rows not yet read are discarded by the server.
    package func close() {
        session?.close()
        session = nil
    }
}
