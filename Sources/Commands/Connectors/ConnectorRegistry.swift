/// Every connector type this build knows: what `GET /api/connectors/types` and `dm connectors types` list, and
/// the one place that turns a type name and settings into a `SourceConnector`.
///
/// The HTTP layer serves `ConnectorRegistry.standard.types` as JSON directly (`ConnectorTypeDescription` is
/// `Codable`; encode with `JSONEncoder` and sorted keys) and calls `connector(named:settings:)` then `check`,
/// `discover` or `preview` for the other routes, mapping `ConnectorError.code` to a status (`unknown_connector`
/// 404, `invalid_setting` 422, `unknown_table` 404, `unavailable` 501, `unreachable` and `authentication_failed`
/// 502 — the source, not the API caller, failed — anything else 422/500). Settings must only ever be echoed as
/// `ConnectorSettings.redacted`.
package struct ConnectorRegistry: Sendable {
    /// One registered type.
    package struct Entry: Sendable {
        /// What it is and what it accepts.
        package var description: ConnectorTypeDescription
        /// Builds a connector from validated settings (no I/O); may refuse a value its own checks reject.
        package var make: @Sendable (ConnectorSettings) throws(ConnectorError) -> any SourceConnector
    }

    /// The registered types, in listing order.
    package let entries: [Entry]

    /// A registry of `entries`.
    package init(entries: [Entry]) {
        self.entries = entries
    }

    /// The types as the API renders them.
    package var types: [ConnectorTypeDescription] {
        entries.map(\.description)
    }

    /// Names of the types the lifecycle can extract through.
    package var availableNames: [String] {
        entries.filter(\.description.available).map(\.description.name)
    }

    /// The type called `name`.
    package func type(named name: String) throws(ConnectorError) -> ConnectorTypeDescription {
        guard let entry = entries.first(where: { $0.description.name == name }) else {
            throw ConnectorError(
                .unknownConnector,
                "unknown connector '\(name)'; known: \(entries.map(\.description.name).joined(separator: ", "))")
        }
        return entry.description
    }

    /// A connector of type `name` with `settings` checked against its spec; with `confinement`, every file it
    /// opens must lie inside that folder.
    package func connector(
        named name: String, settings: [String: String], confinedTo confinement: PathConfinement? = nil
    ) throws(ConnectorError) -> any SourceConnector {
        let type = try type(named: name)
        var validated = try ConnectorSettings(settings, for: type)
        validated.confinement = confinement
        guard let entry = entries.first(where: { $0.description.name == name }) else {
            throw ConnectorError(.unknownConnector, "unknown connector '\(name)'")
        }
        return try entry.make(validated)
    }

    /// The types of this build.
    package static let standard = ConnectorRegistry(entries: [
        Entry(description: CSVSourceConnector.type) { CSVSourceConnector(settings: $0) },
        Entry(description: CacheIRISEmulatorConnector.type) { CacheIRISEmulatorConnector(settings: $0) },
        Entry(description: PostgresEmulatorConnector.type) { PostgresEmulatorConnector(settings: $0) },
        Entry(description: PostgresSourceConnector.type) { settings throws(ConnectorError) in
            try PostgresSourceConnector(settings: settings)
        },
        Entry(description: .odbc) {
            UnavailableConnector(
                settings: $0,
                reason: "odbc is experimental: no ODBC driver manager (unixODBC) is available on this platform, "
                    + "so no data source can be opened; export to CSV or pg_dump and use csv or postgres_emulator")
        },
        Entry(description: .jdbc) {
            UnavailableConnector(
                settings: $0,
                reason: "jdbc is experimental: no Java runtime or JDBC driver manager is available on this platform; "
                    + "export to CSV, ZWRITE or pg_dump and use csv, cache_iris_emulator or postgres_emulator")
        },
    ])
}
