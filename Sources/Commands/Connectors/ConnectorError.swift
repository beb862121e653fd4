/// A source that cannot be read as asked; the message names the file (line, column) or setting and what to fix.
///
/// The `code` is stable for programs (the HTTP layer maps it to a status); the message is for people. Messages
/// never contain a secret setting's value: connectors build them from names, paths and positions only.
package struct ConnectorError: Error, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason; new cases may be added.
    package enum Code: String, Sendable, Codable {
        /// No connector type of that name.
        case unknownConnector = "unknown_connector"
        /// A setting is missing, unknown or has a bad value.
        case invalidSetting = "invalid_setting"
        /// The source (folder, file, server) cannot be reached or opened.
        case unreachable
        /// The source (a server) rejected the credentials, or wants an authentication method this client lacks.
        case authenticationFailed = "authentication_failed"
        /// The source has no table of that name.
        case unknownTable = "unknown_table"
        /// The source's bytes do not follow its format (CSV, ZWRITE, COPY text).
        case malformed
        /// The source is readable but does not hold what the model expects (missing table, column mismatch).
        case schemaMismatch = "schema_mismatch"
        /// The connector cannot work on this platform or in this build.
        case unavailable
        /// Writing the staged copy failed.
        case io
    }

    /// Why.
    package var code: Code
    /// What is wrong, where, and what to do about it.
    package var message: String
    /// The file concerned, if any.
    package var file: String?
    /// 1-based line in `file` (0: not about a position).
    package var line: Int
    /// 1-based column on `line` (0: not about a position).
    package var column: Int

    /// An error not tied to a position in a file.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
        self.file = nil
        self.line = 0
        self.column = 0
    }

    /// An error at `file:line:column`.
    package init(_ code: Code, file: String, line: Int, column: Int, _ message: String) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column: message` when there is a position, as editors and CI logs link to.
    package var description: String {
        guard let file else { return message }
        return line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
