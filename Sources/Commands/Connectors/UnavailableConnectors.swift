/// Connector types this build lists with their settings but cannot read through: `odbc`/`jdbc`, which need a driver
/// manager this platform does not have.
///
/// Every operation fails with `unavailable` and a message saying why, instead of pretending. Settings are still
/// validated, so a form can be checked and saved (`connector.configured`) before the client exists.
package struct UnavailableConnector: SourceConnector {
    package let settings: ConnectorSettings
    /// Why reading is impossible, in words an operator can act on.
    package let reason: String

    /// A placeholder with validated settings.
    package init(settings: ConnectorSettings, reason: String) {
        self.settings = settings
        self.reason = reason
    }

    package func check() throws(ConnectorError) -> ConnectorCheck {
        ConnectorCheck(connector: name, ok: false, message: reason, tables: 0)
    }

    package func discover() throws(ConnectorError) -> [SourceTableDescription] {
        throw ConnectorError(.unavailable, reason)
    }

    package func columns(of table: String) throws(ConnectorError) -> [SourceTableDescription.Column] {
        throw ConnectorError(.unavailable, reason)
    }

    package func location(of table: String) -> String {
        "\(name) table \(table)"
    }

    @discardableResult
    package func read(table: String, _ body: ([String]) throws -> Void) throws -> Int {
        throw ConnectorError(.unavailable, reason)
    }
}

extension ConnectorTypeDescription {
    /// `odbc`: experimental, listed for the brief's connector modes.
    package static let odbc = ConnectorTypeDescription(
        name: "odbc", label: "ODBC data source (experimental)",
        summary: "An ODBC data source through a driver manager (unixODBC); not available on this platform",
        experimental: true, available: false,
        settings: [
            ConnectorSetting("dsn", label: "data source name", required: true),
            ConnectorSetting("user", label: "user name"),
            ConnectorSetting("password", label: "password", secret: true),
        ])

    /// `jdbc`: experimental, listed for the brief's connector modes.
    package static let jdbc = ConnectorTypeDescription(
        name: "jdbc", label: "JDBC data source (experimental)",
        summary: "A JDBC URL through a Java driver manager; not available on this platform",
        experimental: true, available: false,
        settings: [
            ConnectorSetting("url", label: "JDBC URL, e.g. jdbc:cache://host:1972/NAMESPACE", required: true),
            ConnectorSetting("driver_class", label: "driver class name"),
            ConnectorSetting("user", label: "user name"),
            ConnectorSetting("password", label: "password", secret: true),
        ])
}
