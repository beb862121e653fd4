/// Why talking to PostgreSQL failed: a stable code, a message a user can act on, and the server's own fields.
///
/// Messages never contain the password: it is not passed to anything that builds one.
package struct PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of failure; stable across releases.
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// The settings are invalid; nothing was attempted.
        package static let invalidSettings = Code(rawValue: "invalid_settings")
        /// No TCP connection could be made (refused, unreachable, unknown host).
        package static let connectionFailed = Code(rawValue: "connection_failed")
        /// Connecting or waiting for the server took longer than allowed.
        package static let timedOut = Code(rawValue: "timed_out")
        /// The server rejected the credentials.
        package static let authenticationFailed = Code(rawValue: "authentication_failed")
        /// The server asked for an authentication method this client does not implement.
        package static let unsupportedAuthentication = Code(rawValue: "unsupported_authentication")
        /// The server reported an error for a statement (see `serverNotice`).
        package static let server = Code(rawValue: "server_error")
        /// The server closed the connection.
        package static let connectionClosed = Code(rawValue: "connection_closed")
        /// The server's bytes do not follow the protocol.
        package static let protocolViolation = Code(rawValue: "protocol_violation")
        /// A value the server sent cannot be read faithfully (e.g. text that is not UTF-8).
        package static let invalidData = Code(rawValue: "invalid_data")
        /// The connector refused the request before sending anything (e.g. the session is not read-only).
        package static let refused = Code(rawValue: "refused")
        /// No discovered table has the requested name; refused before any SQL mentions it.
        package static let unknownTable = Code(rawValue: "unknown_table")
    }

    /// What kind of failure.
    package var code: Code
    /// What happened and, where possible, what to do.
    package var message: String
    /// The server's ErrorResponse, when the server reported the failure.
    package var serverNotice: PostgresServerNotice?

    /// An error with `code` and `message`.
    package init(_ code: Code, _ message: String, serverNotice: PostgresServerNotice? = nil) {
        self.code = code
        self.message = message
        self.serverNotice = serverNotice
    }

    /// The server's SQLSTATE, when the server reported the failure.
    package var sqlState: String? { serverNotice?.sqlState }

    package var description: String { "postgres: \(message)" }
}
