/// `postgres`: a PAS held in a live PostgreSQL server, read through `PostgresSourceReader` — read-only sessions,
/// only statements the reader built itself, and a table read only after its name matched one the catalog listed.
///
/// The adapter between the reader and the `SourceConnector` protocol:
/// - settings: `PostgresSourceSettings.fields` is the one list (`type` is built from it); a `ConnectorSettings` is
///   turned into `PostgresSourceSettings` at construction, so a bad value is an `invalid_setting` before any I/O;
/// - table names are matched case-insensitively (the model's `PATIENT_MASTER` reads the server's
///   `patient_master`); a name that matches nothing is `unknown_table` and no SQL ever mentions it;
/// - NULL is delivered as `""` (the NULL rule, see `SourceConnector`);
/// - rows come as stored (`PostgresRowOrder.storage`), the order pg_dump writes, so a server loaded from a dump
///   stages the same bytes as `postgres_emulator` over that dump and `csv` over the CSV it was written from;
/// - every `PostgresError` becomes a `ConnectorError` (see `translate`) whose message names the server and never
///   holds the password.
package struct PostgresSourceConnector: SourceConnector {
    /// Its registry entry, built from `PostgresSourceSettings.fields`.
    package static let type = ConnectorTypeDescription(
        name: "postgres", label: "PostgreSQL server",
        summary: "A live PostgreSQL server over protocol 3.0 with SCRAM-SHA-256, read in READ ONLY transactions",
        settings: PostgresSourceSettings.fields.map(\.connectorSetting))

    package let settings: ConnectorSettings
    /// The client doing the reading.
    package let reader: PostgresSourceReader

    /// A connector over validated settings (no I/O); throws `invalid_setting` naming the setting at fault.
    package init(settings: ConnectorSettings) throws(ConnectorError) {
        var values: [String: String] = [:]
        for setting in settings.type.settings {
            if let value = settings[setting.name] { values[setting.name] = value }
        }
        do throws(PostgresError) {
            var reader = try PostgresSourceReader(settings: try PostgresSourceSettings(values: values))
            reader.matchesTableNamesIgnoringCase = true
            reader.rowOrder = .storage
            self.reader = reader
        } catch {
            throw ConnectorError(.invalidSetting, "connector postgres: \(Self.scrubbed(error.message, values))")
        }
        self.settings = settings
    }

    /// The same connector over another reader (one on a shared snapshot).
    private init(settings: ConnectorSettings, reader: PostgresSourceReader) {
        self.settings = settings
        self.reader = reader
    }

    /// Every read inside `body` sees one exported snapshot of the database (`PostgresSourceReader.withSharedSnapshot`).
    package func readingOneSnapshot<Result>(_ body: (any SourceConnector) throws -> Result) throws -> Result {
        do {
            return try reader.withSharedSnapshot { shared in
                try body(PostgresSourceConnector(settings: settings, reader: shared))
            }
        } catch let error as PostgresError {
            throw translate(error)
        }
    }

    /// The server and database, for messages: no password.
    private var server: String {
        "postgres \(reader.settings.user)@\(reader.settings.host):\(reader.settings.port)/\(reader.settings.database)"
    }

    package func location(of table: String) -> String {
        "\(server) table \(reader.settings.schema).\(table)"
    }

    package func check() throws(ConnectorError) -> ConnectorCheck {
        let found: PostgresSourceCheck
        do throws(PostgresError) {
            found = try reader.check()
        } catch {
            throw translate(error)
        }
        let schema = reader.settings.schema
        let message =
            "\(server): PostgreSQL \(found.serverVersion), \(found.tableCount) tables in schema \(schema), "
            + (found.readOnly ? "session read-only" : "session NOT read-only")
        return ConnectorCheck(
            connector: name, ok: found.readOnly && found.tableCount > 0,
            message: found.tableCount > 0 ? message : message + " (the schema has no tables the role can see)",
            tables: found.tableCount)
    }

    package func discover() throws(ConnectorError) -> [SourceTableDescription] {
        do throws(PostgresError) {
            return try reader.discover().map { Self.description(of: $0) }
        } catch {
            throw translate(error)
        }
    }

    package func columns(of table: String) throws(ConnectorError) -> [SourceTableDescription.Column] {
        do throws(PostgresError) {
            return Self.description(of: try reader.table(named: table)).columns
        } catch {
            throw translate(error)
        }
    }

    @discardableResult
    package func read(table: String, _ body: ([String]) throws -> Void) throws -> Int {
        var row: [String] = []
        do {
            return try reader.read(table: table) { values in
                row.removeAll(keepingCapacity: true)
                for value in values { row.append(value ?? "") }
                try body(row)
            }
        } catch let error as PostgresError {
            throw translate(error)
        }
    }

    /// A table as `discover` reports it.
    private static func description(of table: PostgresSourceTable) -> SourceTableDescription {
        SourceTableDescription(
            name: table.name,
            columns: table.columns.map {
                SourceTableDescription.Column(
                    name: $0.name, type: $0.dataType, primaryKey: table.primaryKey.contains($0.name))
            },
            rows: table.rowCount ?? 0)
    }

    /// The client's error as a connector error: a stable code for the API and a message naming the server.
    ///
    /// `invalid_settings` → `invalid_setting` (and SQLSTATE 3D000, no such database); the server rejecting the
    /// credentials (class 28) or asking for a method this client lacks → `authentication_failed`; an unknown
    /// table → `unknown_table`; text that is not UTF-8 → `malformed`; everything else (refused, timed out, closed,
    /// not speaking the protocol, a server error) → `unreachable`. The SQLSTATE is appended when there is one.
    package func translate(_ error: PostgresError) -> ConnectorError {
        let code: ConnectorError.Code
        switch error.code {
        case .invalidSettings: code = .invalidSetting
        case .authenticationFailed, .unsupportedAuthentication: code = .authenticationFailed
        case .unknownTable: code = .unknownTable
        case .invalidData: code = .malformed
        default:
            switch error.sqlState {
            case let state? where state.hasPrefix("28"): code = .authenticationFailed
            case "3D000"?: code = .invalidSetting
            default: code = .unreachable
            }
        }
        var message = "\(server): \(error.message)"
        if let state = error.sqlState, !message.contains(state) { message += " (SQLSTATE \(state))" }
        return ConnectorError(code, Self.scrubbed(message, ["password": reader.settings.password]))
    }

    /// `message` with the password replaced, should any layer ever have echoed it (belt and braces).
    private static func scrubbed(_ message: String, _ values: [String: String]) -> String {
        guard let password = values["password"], password.count >= 4 else { return message }
        return message.replacingOccurrences(of: password, with: "(secret)")
    }
}

extension PostgresSourceConnector: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The connector and its redacted settings.
    package var description: String { "PostgresSourceConnector(\(settings))" }

    /// Same as `description`: no password.
    package var debugDescription: String { description }

    /// Mirrors show the redacted settings only.
    package var customMirror: Mirror { Mirror(self, children: ["settings": settings], displayStyle: .struct) }
}

extension PostgresSourceSettings.Field {
    /// The field as `GET /api/connectors/types` lists a setting.
    package var connectorSetting: ConnectorSetting {
        ConnectorSetting(
            name, label: help, kind: wholeNumbers == nil ? .text : .integer, required: required, secret: secret,
            defaultValue: defaultValue, minimum: wholeNumbers?.lowerBound, maximum: wholeNumbers?.upperBound)
    }
}
