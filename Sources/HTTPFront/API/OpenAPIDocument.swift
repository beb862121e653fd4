import EventStore

/// The OpenAPI 3.1 document of a route table, built from the same `APIRoute` values the server dispatches on, so
/// the document cannot describe a route, parameter or body the server does not have (and vice versa).
package enum OpenAPIDocument {
    /// The operation id of `GET /openapi.json` itself.
    package static let operationID = "getOpenAPIDocument"

    /// `GET /openapi.json`: public, like `/health`, so clients can discover the API before they hold a token.
    package static var route: APIRoute {
        APIRoute(
            .get, "/openapi.json", id: operationID, tag: "system", summary: "this API's OpenAPI 3.1 document",
            permission: nil, response: .map(.any(), description: "an OpenAPI 3.1 document")
        ) { _, _ in
            APIRoute.Reply(.null)
        }
    }

    /// The document for `routes`.
    package static func build(_ routes: [APIRoute]) -> JSONValue {
        var components: [String: JSONValue] = ["Error": errorSchema]
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[openAPIPath(route.path), default: [:]][route.method.rawValue.lowercased()] = operation(
                route, components: &components)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "dm control plane",
                "version": "1",
                "description": .string(
                    "The PAS→EPR migration control plane. Every endpoint except /health and /openapi.json needs "
                        + "`Authorization: Bearer <token>`; errors are {\"error\": {\"code\", \"message\"}}."),
            ],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "schemas": .object(components),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            ],
            "security": [["bearer": []]],
        ]
    }

    /// `/api/runs/:id` as OpenAPI writes it, `/api/runs/{id}`.
    package static func openAPIPath(_ pattern: String) -> String {
        "/"
            + RoutePattern(pattern).segments.map { segment in
                switch segment {
                case .literal(let literal): return literal
                case .parameter(let name): return "{\(name)}"
                }
            }.joined(separator: "/")
    }

    private static func operation(_ route: APIRoute, components: inout [String: JSONValue]) -> JSONValue {
        var operation: [String: JSONValue] = [
            "operationId": .string(route.operationID), "summary": .string(route.summary),
            "tags": [.string(route.tag)],
        ]
        if let permission = route.permission {
            operation["description"] = .string("Needs permission `\(permission.rawValue)`.")
        } else {
            operation["security"] = []
        }
        if !route.parameters.isEmpty {
            operation["parameters"] = .array(
                route.parameters.map { parameter in
                    var rendered: [String: JSONValue] = [
                        "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                        "required": .bool(parameter.required), "description": .string(parameter.description),
                        "schema": render(parameter.schema, components: &components),
                    ]
                    // The server reads `?name=` as not given, so an optional query parameter may be empty.
                    if parameter.location == .query, !parameter.required { rendered["allowEmptyValue"] = true }
                    return .object(rendered)
                })
        }
        if let body = route.body {
            operation["requestBody"] = [
                "required": .bool(requiresBody(body)),
                "content": ["application/json": ["schema": render(body, components: &components)]],
            ]
        }
        var responses: [String: JSONValue] = [
            String(route.successStatus.code): [
                "description": .string(route.successStatus.reason.isEmpty ? "success" : route.successStatus.reason),
                "content": [route.contentType: ["schema": render(route.response, components: &components)]],
            ]
        ]
        for status in route.errorStatuses {
            responses[String(status.code)] = [
                "description": .string(status.reason),
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ]
        }
        operation["responses"] = .object(responses)
        return .object(operation)
    }

    /// A body is required when its schema requires members (an empty body counts as `{}`).
    private static func requiresBody(_ schema: APISchema) -> Bool {
        if case .object(_, let required, _, _, _) = schema { return !required.isEmpty }
        return true
    }

    /// The error shape every error response shares.
    static let errorSchema: JSONValue = [
        "type": "object", "required": ["error"],
        "properties": [
            "error": [
                "type": "object", "required": ["code", "message"],
                "properties": ["code": ["type": "string"], "message": ["type": "string"]],
            ]
        ],
    ]

    /// `schema` as JSON Schema (2020-12, as OpenAPI 3.1 uses it); named schemas go to `components`.
    package static func render(_ schema: APISchema, components: inout [String: JSONValue]) -> JSONValue {
        var object: [String: JSONValue]
        switch schema {
        case .string(let enumeration, let maxLength, let description, let minLength, let pattern):
            object = ["type": "string"]
            if let enumeration { object["enum"] = .array(enumeration.map(JSONValue.string)) }
            if let maxLength { object["maxLength"] = .int(maxLength) }
            if let minLength { object["minLength"] = .int(minLength) }
            if let pattern { object["pattern"] = .string(pattern.regex) }
            if let description { object["description"] = .string(description) }
        case .integer(let minimum, let maximum, let description):
            object = ["type": "integer"]
            if let minimum { object["minimum"] = .int(minimum) }
            if let maximum { object["maximum"] = .int(maximum) }
            if let description { object["description"] = .string(description) }
        case .number(let description, let minimum, let maximum):
            object = ["type": "number"]
            if let minimum { object["minimum"] = .number(minimum) }
            if let maximum { object["maximum"] = .number(maximum) }
            if let description { object["description"] = .string(description) }
        case .boolean(let description):
            object = ["type": "boolean"]
            if let description { object["description"] = .string(description) }
        case .array(let item, let maxItems, let description):
            object = ["type": "array", "items": render(item, components: &components)]
            if let maxItems { object["maxItems"] = .int(maxItems) }
            if let description { object["description"] = .string(description) }
        case .object(let properties, let required, let closed, let description, let minProperties):
            var rendered: [String: JSONValue] = [:]
            for (name, property) in properties { rendered[name] = render(property, components: &components) }
            object = ["type": "object", "properties": .object(rendered)]
            if !required.isEmpty { object["required"] = .array(required.sorted().map(JSONValue.string)) }
            if closed { object["additionalProperties"] = false }
            if let minProperties { object["minProperties"] = .int(minProperties) }
            if let description { object["description"] = .string(description) }
        case .map(let value, let description):
            object = ["type": "object", "additionalProperties": render(value, components: &components)]
            if let description { object["description"] = .string(description) }
        case .any(let description):
            object = [:]
            if let description { object["description"] = .string(description) }
        case .nullable(let inner):
            return ["anyOf": [render(inner, components: &components), ["type": "null"]]]
        case .reference(let name, let inner):
            if components[name] == nil {
                components[name] = .null
                components[name] = render(inner, components: &components)
            }
            return ["$ref": .string("#/components/schemas/\(name)")]
        }
        return .object(object)
    }
}
