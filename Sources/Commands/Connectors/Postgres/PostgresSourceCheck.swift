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
