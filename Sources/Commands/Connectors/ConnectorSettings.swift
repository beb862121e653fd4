import Foundation

/// A connector's settings after validation against its `ConnectorTypeDescription`.
///
/// Construction is the only validation point: unknown keys, missing required settings, bad integers and missing
/// paths are rejected with an error naming the setting (never its value when it is secret). Secrets are held here
/// but `redacted` — what logs, events and API responses use — shows them only as `set`/`unset`.
package struct ConnectorSettings: Sendable, Equatable {
    /// The connector type these belong to.
    package let type: ConnectorTypeDescription
    private let values: [String: String]
    /// Where every file the connector opens must lie (the API's data root); nil: anywhere (the CLI).
    package var confinement: PathConfinement?

    /// Checks `given` against `type`'s settings and fills in defaults.
    package init(_ given: [String: String], for type: ConnectorTypeDescription) throws(ConnectorError) {
        let known = Dictionary(uniqueKeysWithValues: type.settings.map { ($0.name, $0) })
        for key in given.keys.sorted() where known[key] == nil {
            let names = type.settings.map(\.name).joined(separator: ", ")
            throw ConnectorError(
                .invalidSetting, "unknown setting '\(key)' for connector \(type.name); its settings: \(names)")
        }
        var values: [String: String] = [:]
        for setting in type.settings {
            guard let value = given[setting.name] ?? setting.defaultValue, !value.isEmpty else {
                if setting.required {
                    throw ConnectorError(
                        .invalidSetting,
                        "connector \(type.name) needs the setting '\(setting.name)' (\(setting.label)): "
                            + "--set \(setting.name)=VALUE")
                }
                continue
            }
            try Self.check(value, against: setting, connector: type.name)
            values[setting.name] = value
        }
        self.type = type
        self.values = values
    }

    /// The value of `name`, or nil when it is not set.
    package subscript(name: String) -> String? {
        values[name]
    }

    /// `path`, checked against the confinement when there is one (resolved then): call before opening a file.
    package func readable(_ path: String, what: String) throws(ConnectorError) -> String {
        guard let confinement else { return path }
        return try confinement.check(path, what: what)
    }

    /// An integer setting (validated at construction).
    package func integer(_ name: String) -> Int? {
        values[name].flatMap { Int($0) }
    }

    /// Every setting, secrets shown as `set`/`unset`: what may be logged, recorded in an event or returned.
    package var redacted: [String: String] {
        var shown: [String: String] = [:]
        for setting in type.settings {
            if setting.secret {
                shown[setting.name] = values[setting.name] == nil ? "unset" : "set"
            } else if let value = values[setting.name] {
                shown[setting.name] = value
            }
        }
        return shown
    }

    private static func check(_ value: String, against setting: ConnectorSetting, connector: String)
        throws(ConnectorError)
    {
        // A secret's value never appears in a message, even when it is the wrong shape.
        let shown = setting.secret ? "(secret)" : "'\(value)'"
        switch setting.kind {
        case .text:
            return
        case .integer:
            guard let number = Int(value) else {
                throw ConnectorError(
                    .invalidSetting, "setting '\(setting.name)' of \(connector) must be a whole number, got \(shown)")
            }
            if let minimum = setting.minimum, number < minimum {
                throw ConnectorError(
                    .invalidSetting,
                    "setting '\(setting.name)' of \(connector) must be at least \(minimum), got \(shown)")
            }
            if let maximum = setting.maximum, number > maximum {
                throw ConnectorError(
                    .invalidSetting,
                    "setting '\(setting.name)' of \(connector) must be at most \(maximum), got \(shown)")
            }
        case .folder, .file:
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: value, isDirectory: &isFolder)
            let wantFolder = setting.kind == .folder
            guard exists, isFolder.boolValue == wantFolder else {
                throw ConnectorError(
                    .invalidSetting,
                    "setting '\(setting.name)' of \(connector): \(value) is not \(wantFolder ? "a folder" : "a file")")
            }
        }
    }
}

// Interpolating, printing or dumping settings must never reveal a secret, so every textual form is the redacted one.
extension ConnectorSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The connector name and its redacted settings.
    package var description: String {
        let pairs = redacted.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "\(type.name)(\(pairs.joined(separator: ", ")))"
    }

    /// Same as `description`: secrets as set/unset.
    package var debugDescription: String { description }

    /// Mirrors show the redacted settings only.
    package var customMirror: Mirror {
        Mirror(self, children: ["connector": type.name, "settings": redacted], displayStyle: .struct)
    }
}
