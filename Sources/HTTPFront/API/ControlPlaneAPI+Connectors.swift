import Commands
import EventStore
import Foundation

extension ControlPlaneAPI {
    /// Source connectors, as `dm connectors types|check|discover|preview`: rendered from `ConnectorRegistry`, never a
    /// literal list. Secrets are only ever echoed as `set`/`unset`.
    ///
    /// Over the API, folder and file settings resolve against the server's data root and may not leave it: a
    /// caller can preview the extracts the operator placed there, not any file the server process can read. (The
    /// CLI, run by the operator on the machine, has no such limit.)
    static var connectorRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/api/connectors/types", id: "listConnectorTypes", tag: "connectors",
                summary:
                    "the source connector types with their settings (public, as the brief's health check reads it)",
                permission: nil, parameters: APIParameter.pagination,
                response: APIPage.schema(connectorTypeSchema)
            ) { request, _ in
                APIRoute.Reply(APIPage(request).wrap(try ConnectorRegistry.standard.types.map(json)))
            },
            APIRoute(
                .post, "/api/connectors/check", id: "checkConnector", tag: "connectors",
                summary: "connect with the given settings and report (ok false with the reason when it cannot)",
                permission: .runLifecycle, body: connectorBody(table: false), response: connectorCheckSchema,
                errors: [.notFound]
            ) { request, state in
                let connector = try connector(for: request, state: state)
                do {
                    // A bad setting (a path outside the data root among them) is the client's error: 422.
                    return APIRoute.Reply(
                        try json(try mapConnectorErrors(invalidSettingOnly: true) { try connector.check() }))
                } catch let error as ConnectorError {
                    return APIRoute.Reply(
                        try json(
                            ConnectorCheck(connector: connector.name, ok: false, message: error.message, tables: 0)))
                }
            },
            APIRoute(
                .post, "/api/connectors/discover", id: "discoverConnector", tag: "connectors",
                summary: "the source's tables with columns, types, primary keys and row counts, paginated",
                permission: .runLifecycle, parameters: APIParameter.pagination, body: connectorBody(table: false),
                response: APIPage.schema(sourceTableSchema), errors: [.notFound]
            ) { request, state in
                let tables = try mapConnectorErrors { try connector(for: request, state: state).discover() }
                return APIRoute.Reply(APIPage(request).wrap(try tables.map(json)))
            },
            APIRoute(
                .post, "/api/connectors/preview", id: "previewConnector", tag: "connectors",
                summary: "the first rows of one source table (read-only)", permission: .runLifecycle,
                body: connectorBody(table: true), response: sourcePreviewSchema, errors: [.notFound]
            ) { request, state in
                let table = request.member("table")?.stringValue ?? ""
                let limit = request.member("limit")?.intValue ?? 20
                let preview = try mapConnectorErrors {
                    try connector(for: request, state: state).preview(table: table, limit: limit)
                }
                return APIRoute.Reply(try json(preview))
            },
        ]
    }

    /// Most rows a preview returns.
    static let maximumPreviewRows = 500

    /// The body of check/discover/preview: the connector, its settings, and for preview the table and limit.
    private static func connectorBody(table: Bool) -> APISchema {
        var properties: [String: APISchema] = [
            "connector": .string(
                enumeration: ConnectorRegistry.standard.types.map(\.name), description: "connector type name"),
            "settings": .map(.string(maxLength: 4096), description: "setting name → value (see the type's settings)"),
        ]
        var required = ["connector"]
        if table {
            properties["table"] = .string(
                maxLength: SourceTableName.maximumLength, description: "source table name", minLength: 1,
                pattern: .sourceTable)
            properties["limit"] = .integer(minimum: 1, maximum: maximumPreviewRows, description: "rows (default 20)")
            required.append("table")
        }
        return .object(properties, required: required, closed: true)
    }

    /// The connector the body names, its folder and file settings resolved inside the data root.
    private static func connector(for request: APIRequest, state: ControlPlaneState) throws -> any SourceConnector {
        let name = request.member("connector")?.stringValue ?? ""
        var settings: [String: String] = [:]
        if case .object(let members) = request.member("settings") ?? .object([:]) {
            for (key, value) in members { settings[key] = value.stringValue ?? "" }
        }
        // Fail closed: a root that cannot be resolved confines nothing, so nothing is opened.
        guard let confinement = PathConfinement(root: state.root.url.path) else {
            throw APIError(.internalServerError, "data_root_unavailable", "The server's data root cannot be resolved.")
        }
        return try mapConnectorErrors {
            let type = try ConnectorRegistry.standard.type(named: name)
            // A server connector reaches only the hosts the operator allowed: otherwise the API would let any
            // engineer probe the network (and its errors tell an open port from a closed one).
            if let host = type.settings.first(where: { $0.name == "host" }) {
                let port = type.settings.first { $0.name == "port" }
                let target =
                    "\((settings["host"] ?? host.defaultValue ?? "").lowercased()):"
                    + (settings["port"] ?? port?.defaultValue ?? "")
                guard state.sourceHosts.contains(target) else {
                    throw APIError(
                        .forbidden, "source_host_not_allowed",
                        "\(target) is not a source host this server allows; the operator lists them with dm serve "
                            + "--source-hosts HOST:PORT")
                }
            }
            // Folder and file settings go through the same confinement as every file the connector opens.
            for setting in type.settings where setting.kind == .folder || setting.kind == .file {
                guard let given = settings[setting.name], !given.isEmpty else { continue }
                let path = given.hasPrefix("/") ? given : state.root.file(given).path
                settings[setting.name] = try confinement.check(path, what: "setting \(setting.name)")
            }
            return try ConnectorRegistry.standard.connector(
                named: name, settings: settings, confinedTo: confinement)
        }
    }

    /// Runs `body`, mapping a connector's refusal onto the API's errors (messages never hold a secret); with
    /// `invalidSettingOnly`, other connector errors pass through as they are.
    private static func mapConnectorErrors<T>(invalidSettingOnly: Bool = false, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ConnectorError {
            if invalidSettingOnly, error.code != .invalidSetting { throw error }
            switch error.code {
            case .unknownConnector: throw APIError(.notFound, "unknown_connector", error.description)
            case .unknownTable: throw APIError(.notFound, "unknown_table", error.description)
            case .invalidSetting: throw APIError(.unprocessableContent, "invalid_setting", error.description)
            case .unavailable: throw APIError(.unprocessableContent, "connector_unavailable", error.description)
            case .unreachable, .authenticationFailed, .malformed, .schemaMismatch, .io:
                throw APIError(.unprocessableContent, "source_\(error.code.rawValue)", error.description)
            }
        }
    }

    /// A Codable value as JSON.
    private static func json(_ value: some Encodable) throws -> JSONValue {
        try JSONValue(parsing: Array(JSONEncoder().encode(value)))
    }

    static let connectorTypeSchema = APISchema.reference(
        "ConnectorType",
        .object(
            [
                "name": .string(), "label": .string(), "summary": .string(), "experimental": .boolean(),
                "available": .boolean(),
                "settings": .array(
                    .object(
                        [
                            "name": .string(), "label": .string(),
                            "kind": .string(enumeration: ["text", "integer", "folder", "file"]),
                            "required": .boolean(), "secret": .boolean(), "default": .string(),
                            "minimum": .integer(), "maximum": .integer(),
                        ], required: ["name", "label", "kind", "required", "secret"])),
            ], required: ["name", "label", "summary", "experimental", "available", "settings"]))

    static let connectorCheckSchema = APISchema.reference(
        "ConnectorCheck",
        .object(
            ["connector": .string(), "ok": .boolean(), "message": .string(), "tables": .integer(minimum: 0)],
            required: ["connector", "ok", "message", "tables"]))

    static let sourceTableSchema = APISchema.reference(
        "SourceTable",
        .object(
            [
                "name": .string(), "rows": .integer(minimum: 0),
                "columns": .array(
                    .object(
                        ["name": .string(), "type": .string(), "primary_key": .boolean()],
                        required: ["name", "type", "primary_key"])),
            ], required: ["name", "rows", "columns"]))

    static let sourcePreviewSchema = APISchema.reference(
        "SourcePreview",
        .object(
            ["table": .string(), "columns": .array(.string()), "rows": .array(.array(.string()))],
            required: ["table", "columns", "rows"]))
}
