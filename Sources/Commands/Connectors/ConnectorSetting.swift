/// One setting a connector type accepts, as `GET /api/connectors/types` lists it.
package struct ConnectorSetting: Sendable, Equatable, Codable {
    /// How a setting's text is checked.
    package enum Kind: String, Sendable, Codable {
        /// Any text.
        case text
        /// A whole number within `minimum...maximum`.
        case integer
        /// A path to a folder that must exist.
        case folder
        /// A path to a file that must exist.
        case file
    }

    /// Key as given on the command line (`--set key=value`) or in an API body.
    package var name: String
    /// What it is, in a few words, for forms.
    package var label: String
    /// How its value is checked.
    package var kind: Kind
    /// Whether the connector cannot work without it.
    package var required: Bool
    /// A secret is never logged, never put in an event and never returned: only whether it is set.
    package var secret: Bool
    /// The value used when it is not given.
    package var defaultValue: String?
    /// Bounds for `.integer`.
    package var minimum: Int?
    /// Bounds for `.integer`.
    package var maximum: Int?

    /// Creates a setting description.
    package init(
        _ name: String, label: String, kind: Kind = .text, required: Bool = false, secret: Bool = false,
        defaultValue: String? = nil, minimum: Int? = nil, maximum: Int? = nil
    ) {
        self.name = name
        self.label = label
        self.kind = kind
        self.required = required
        self.secret = secret
        self.defaultValue = defaultValue
        self.minimum = minimum
        self.maximum = maximum
    }

    enum CodingKeys: String, CodingKey {
        case name, label, kind, required, secret, minimum, maximum
        case defaultValue = "default"
    }
}

/// What a connector type is, as `GET /api/connectors/types` renders it (JSON via `Codable`).
package struct ConnectorTypeDescription: Sendable, Equatable, Codable {
    /// Registry name, e.g. `cache_iris_emulator`; what `--connector` takes.
    package var name: String
    /// Human-readable name.
    package var label: String
    /// One sentence on what it reads.
    package var summary: String
    /// Experimental types are listed but not relied on (ODBC/JDBC have no driver manager here).
    package var experimental: Bool
    /// Whether this build can actually read through it (false for placeholders).
    package var available: Bool
    /// The settings it accepts, in form order.
    package var settings: [ConnectorSetting]

    /// Creates a description.
    package init(
        name: String, label: String, summary: String, experimental: Bool = false, available: Bool = true,
        settings: [ConnectorSetting]
    ) {
        self.name = name
        self.label = label
        self.summary = summary
        self.experimental = experimental
        self.available = available
        self.settings = settings
    }
}
