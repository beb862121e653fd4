/// The `postgres` source's settings: where the PAS database is and which schema holds its tables.
///
/// The password is a secret: `description` and `publicValues` show it only as set/unset, and no error message
/// built from settings contains it.
package struct PostgresSourceSettings: Sendable, Equatable, CustomStringConvertible {
    /// One setting as a connector's `spec` lists it.
    package struct Field: Sendable, Equatable {
        /// The key in a settings dictionary.
        package var name: String
        /// Whether it must be given (no default).
        package var required: Bool
        /// Whether it is a secret (never shown, logged or recorded).
        package var secret: Bool
        /// The default when omitted, if any.
        package var defaultValue: String?
        /// What it is, in one line.
        package var help: String
        /// For a whole-number setting, the values allowed (others are text, checked by `init(values:)`).
        package var wholeNumbers: ClosedRange<Int>? = nil
    }

    /// Host name or address of the server.
    package var host: String
    /// TCP port.
    package var port: Int
    /// Database holding the PAS tables.
    package var database: String
    /// Role to log in as; it needs only CONNECT and SELECT.
    package var user: String
    /// The role's password (secret).
    package var password: String
    /// Schema holding the PAS tables.
    package var schema: String
    /// Seconds allowed to connect and authenticate.
    package var connectTimeout: Double
    /// Seconds the server may stay silent during a statement before it is cancelled.
    package var readTimeout: Double

    /// The settings a connector's `spec` lists, in display order.
    package static let fields: [Field] = [
        Field(
            name: "host", required: false, secret: false, defaultValue: "127.0.0.1", help: "server host name or address"
        ),
        Field(
            name: "port", required: false, secret: false, defaultValue: "5432", help: "server TCP port",
            wholeNumbers: 1...65535),
        Field(name: "database", required: true, secret: false, defaultValue: nil, help: "database holding the PAS"),
        Field(name: "user", required: true, secret: false, defaultValue: nil, help: "role to log in as (SELECT only)"),
        Field(name: "password", required: true, secret: true, defaultValue: nil, help: "the role's password"),
        Field(name: "schema", required: false, secret: false, defaultValue: "public", help: "schema of the PAS tables"),
        Field(
            name: "connect_timeout", required: false, secret: false, defaultValue: "10",
            help: "seconds to connect and authenticate"),
        Field(
            name: "read_timeout", required: false, secret: false, defaultValue: "60",
            help: "seconds of server silence before a statement is cancelled"),
    ]

    /// Settings from values; `validated()` checks them.
    package init(
        host: String = "127.0.0.1", port: Int = 5432, database: String, user: String, password: String,
        schema: String = "public", connectTimeout: Double = 10, readTimeout: Double = 60
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.schema = schema
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// Settings from a dictionary keyed by `fields` names, with defaults filled in and every value checked.
    package init(values: [String: String]) throws(PostgresError) {
        let unknown = values.keys.filter { key in !Self.fields.contains { $0.name == key } }.sorted()
        guard unknown.isEmpty else {
            throw PostgresError(
                .invalidSettings,
                "unknown setting(s) \(unknown.joined(separator: ", ")); the postgres connector takes "
                    + Self.fields.map(\.name).joined(separator: ", "))
        }
        func value(_ name: String) throws(PostgresError) -> String {
            if let given = values[name] { return given }
            if let fallback = Self.fields.first(where: { $0.name == name })?.defaultValue { return fallback }
            throw PostgresError(.invalidSettings, "the setting \"\(name)\" is required")
        }
        func number(_ name: String) throws(PostgresError) -> Double {
            let text = try value(name)
            guard let number = Double(text) else {
                throw PostgresError(.invalidSettings, "\(name) must be a number of seconds, not \"\(text)\"")
            }
            return number
        }
        let portText = try value("port")
        guard let port = Int(portText) else {
            throw PostgresError(.invalidSettings, "port must be a number from 1 to 65535, not \"\(portText)\"")
        }
        self.init(
            host: try value("host"), port: port, database: try value("database"), user: try value("user"),
            password: try value("password"), schema: try value("schema"),
            connectTimeout: try number("connect_timeout"), readTimeout: try number("read_timeout"))
        try validate()
    }

    /// Throws `invalidSettings` naming the first bad value; the password's value is never quoted.
    package func validate() throws(PostgresError) {
        for (name, text) in [("host", host), ("database", database), ("user", user), ("schema", schema)] {
            guard !text.isEmpty else { throw PostgresError(.invalidSettings, "\(name) must not be empty") }
            guard !text.utf8.contains(0) else {
                throw PostgresError(.invalidSettings, "\(name) must not contain a NUL character")
            }
        }
        guard !password.isEmpty else { throw PostgresError(.invalidSettings, "password must not be empty") }
        guard !password.utf8.contains(0) else {
            throw PostgresError(.invalidSettings, "password must not contain a NUL character")
        }
        guard (1...65535).contains(port) else {
            throw PostgresError(.invalidSettings, "port must be from 1 to 65535, not \(port)")
        }
        for (name, seconds) in [("connect_timeout", connectTimeout), ("read_timeout", readTimeout)] {
            guard seconds > 0, seconds <= 3600 else {
                throw PostgresError(.invalidSettings, "\(name) must be more than 0 and at most 3600 seconds")
            }
        }
    }

    /// Every setting as text, the password shown as `set`/`unset`: safe to log, return or record.
    package var publicValues: [String: String] {
        [
            "host": host, "port": String(port), "database": database, "user": user,
            "password": password.isEmpty ? "unset" : "set", "schema": schema,
            "connect_timeout": String(connectTimeout), "read_timeout": String(readTimeout),
        ]
    }

    /// `user@host:port/database schema=…`, no password.
    package var description: String {
        "\(user)@\(host):\(port)/\(database) schema=\(schema) (password \(password.isEmpty ? "unset" : "set"))"
    }

    /// What the client needs to connect.
    var connectionConfiguration: PostgresConnectionConfiguration {
        PostgresConnectionConfiguration(
            host: host, port: port, database: database, user: user, password: password,
            connectTimeout: connectTimeout, readTimeout: readTimeout)
    }
}

extension PostgresSourceSettings: CustomDebugStringConvertible, CustomReflectable {
    /// The same as `description`: debug output must not show the password either.
    package var debugDescription: String { description }

    /// `dump` and mirrors see the description only, never the stored password.
    package var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
