/// A path or query parameter a route declares: it is checked before the handler runs and documented in the
/// OpenAPI document from this same value.
package struct APIParameter: Sendable {
    /// Where the parameter travels.
    package enum Location: String, Sendable {
        case path, query
    }

    /// The name (`id`, `page`).
    package var name: String
    /// Path or query.
    package var location: Location
    /// Its schema (only `string`, `integer` and `boolean` are meaningful here).
    package var schema: APISchema
    /// Whether it must be present.
    package var required: Bool
    /// One line for the document.
    package var description: String

    /// A path parameter (always required).
    package static func path(_ name: String, _ description: String) -> APIParameter {
        APIParameter(name: name, location: .path, schema: .string(), required: true, description: description)
    }

    /// A query parameter.
    package static func query(
        _ name: String, _ schema: APISchema, required: Bool = false, _ description: String
    ) -> APIParameter {
        APIParameter(name: name, location: .query, schema: schema, required: required, description: description)
    }

    /// `page` and `page_size`, the pagination every list takes.
    package static let pagination: [APIParameter] = [
        .query("page", .integer(minimum: 1, maximum: 1_000_000), "page number from 1 (default 1)"),
        .query(
            "page_size", .integer(minimum: 1, maximum: APIPage.maximumSize),
            "items per page (default \(APIPage.defaultSize), at most \(APIPage.maximumSize))"),
    ]
}
