/// Where and how to connect; the password is held here only until authentication and never printed.
package struct PostgresConnectionConfiguration: Sendable, CustomStringConvertible {
    /// Host name or address; loopback needs no TLS (see the README for a TLS-terminating proxy).
    package var host: String
    /// TCP port, 5432 by default.
    package var port: Int
    /// The database to connect to.
    package var database: String
    /// The role to log in as.
    package var user: String
    /// The role's password: a secret.
    package var password: String
    /// Seconds allowed for TCP connect plus authentication.
    package var connectTimeout: Double
    /// Seconds the server may stay silent while a statement runs before it is cancelled (CancelRequest).
    package var readTimeout: Double
    /// Whether a server that lets us in without asking for a password (`trust`) is accepted; SCRAM proves the
    /// server knows the password verifier, `trust` proves nothing, so the default is no.
    package var allowsUnauthenticatedServer: Bool
    /// `application_name`, shown in `pg_stat_activity`.
    package var applicationName: String

    /// A configuration with the usual defaults.
    package init(
        host: String, port: Int = 5432, database: String, user: String, password: String,
        connectTimeout: Double = 10, readTimeout: Double = 60, allowsUnauthenticatedServer: Bool = false,
        applicationName: String = "dm-postgres-connector"
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.allowsUnauthenticatedServer = allowsUnauthenticatedServer
        self.applicationName = applicationName
    }

    /// `user@host:port/database`, password shown only as set/unset.
    package var description: String {
        "\(user)@\(host):\(port)/\(database) (password \(password.isEmpty ? "unset" : "set"))"
    }
}

extension PostgresConnectionConfiguration: CustomDebugStringConvertible, CustomReflectable {
    /// The same as `description`: debug output must not show the password either.
    package var debugDescription: String { description }

    /// `dump` and mirrors see the description only, never the stored password.
    package var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
