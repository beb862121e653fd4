import Commands
import Foundation

/// `dm connectors …`: list the connector types, and check, discover or preview a source through one.
///
/// Settings come as `--set key=value` (repeatable) or the convenience flags; a secret is better given as
/// `--password-env VAR` (the value of an environment variable), so it does not show in the process list. Output
/// shows settings only as `ConnectorSettings.redacted`: secrets as set/unset.
enum ConnectorCommands {
    static let sourceOptions = [
        OptionSpec(name: "--connector", value: "NAME", help: "connector type (see `dm connectors types`)"),
        OptionSpec(name: "--set", value: "KEY=VALUE", help: "a setting of the connector (repeatable)"),
        OptionSpec(name: "--directory", value: "DIR", help: "same as --set directory=DIR (csv, cache_iris_emulator)"),
        OptionSpec(name: "--dump-file", value: "FILE", help: "same as --set dump_file=FILE (postgres_emulator)"),
        OptionSpec(name: "--password-env", value: "VAR", help: "take the password setting from environment VAR"),
        OptionSpec(name: "--json", value: nil, help: "print JSON on stdout"),
    ]

    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["connectors", "types"], summary: "list the connector types with their settings",
            options: [OptionSpec(name: "--json", value: nil, help: "print JSON on stdout (as /api/connectors/types)")],
            run: types),
        CommandSpec(
            path: ["connectors", "check"], summary: "connect to a source and report what was found",
            options: sourceOptions, run: check),
        CommandSpec(
            path: ["connectors", "discover"], summary: "list a source's tables, columns, types, keys and row counts",
            options: sourceOptions, run: discover),
        CommandSpec(
            path: ["connectors", "preview"], summary: "show the first rows of one table of a source",
            positionals: ["TABLE"], positionalCount: 1...1,
            options: sourceOptions + [OptionSpec(name: "--limit", value: "N", help: "rows to show (default 10)")],
            run: preview),
    ]

    static func types(_ arguments: ParsedArguments) throws -> Int32 {
        let types = ConnectorRegistry.standard.types
        if arguments.flags.contains("--json") {
            print(try json(types))
            return 0
        }
        for type in types {
            let flags = [
                type.experimental ? "experimental" : nil, type.available ? nil : "not available in this build",
            ]
            .compactMap { $0 }
            print("\(type.name) — \(type.label)\(flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))")")
            print("    \(type.summary)")
            for setting in type.settings {
                var notes: [String] = []
                if setting.required { notes.append("required") }
                if setting.secret { notes.append("secret") }
                if let value = setting.defaultValue { notes.append("default \(value)") }
                let suffix = notes.isEmpty ? "" : " [\(notes.joined(separator: ", "))]"
                print("    --set \(setting.name)=…  \(setting.label)\(suffix)")
            }
        }
        return 0
    }

    static func check(_ arguments: ParsedArguments) throws -> Int32 {
        let connector = try open(arguments)
        let report = try connector.check()
        if arguments.flags.contains("--json") {
            print(try json(CheckOutput(check: report, settings: connector.settings.redacted)))
        } else {
            print("\(report.connector): \(report.ok ? "OK" : "NOT OK") — \(report.message)")
        }
        return report.ok ? 0 : 1
    }

    static func discover(_ arguments: ParsedArguments) throws -> Int32 {
        let connector = try open(arguments)
        let tables = try connector.discover()
        if arguments.flags.contains("--json") {
            print(try json(tables))
            return 0
        }
        for table in tables {
            let key = table.primaryKey.isEmpty ? "" : ", key \(table.primaryKey.joined(separator: ", "))"
            print("\(table.name): \(table.rows) rows, \(table.columns.count) columns\(key)")
            print("    " + table.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", "))
        }
        return 0
    }

    static func preview(_ arguments: ParsedArguments) throws -> Int32 {
        let connector = try open(arguments)
        let limit = try arguments.integer("--limit", default: 10, range: 0...10_000)
        let preview = try connector.preview(table: arguments.positionals[0], limit: limit)
        if arguments.flags.contains("--json") {
            print(try json(preview))
            return 0
        }
        print(preview.columns.joined(separator: "\t"))
        for row in preview.rows { print(row.joined(separator: "\t")) }
        return 0
    }

    /// The connector named by `--connector` with the settings given; usage errors name what to type.
    static func open(_ arguments: ParsedArguments) throws -> any SourceConnector {
        guard let name = arguments.options["--connector"] else {
            throw UsageError(message: "--connector NAME is needed; see `dm connectors types`")
        }
        let settings = try settings(arguments)
        do {
            return try ConnectorRegistry.standard.connector(named: name, settings: settings)
        } catch {
            throw UsageError(message: error.message)
        }
    }

    /// Settings from `--set KEY=VALUE`, the convenience flags and `--password-env`.
    static func settings(_ arguments: ParsedArguments) throws -> [String: String] {
        var settings: [String: String] = [:]
        for pair in arguments.repeated["--set"] ?? [] {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw UsageError(message: "--set takes KEY=VALUE, got '\(pair.prefix { $0 != "=" })…'")
            }
            settings[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        if let value = arguments.options["--directory"] { settings["directory"] = value }
        if let value = arguments.options["--dump-file"] { settings["dump_file"] = value }
        if let variable = arguments.options["--password-env"] {
            guard let value = ProcessInfo.processInfo.environment[variable] else {
                throw UsageError(message: "--password-env \(variable): the environment variable is not set")
            }
            settings["password"] = value
        }
        return settings
    }

    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct CheckOutput: Encodable {
        var check: ConnectorCheck
        var settings: [String: String]
    }
}
