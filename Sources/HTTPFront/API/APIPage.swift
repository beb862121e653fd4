import EventStore

/// One page of a list: every list the API returns is paginated and says its total.
package struct APIPage: Sendable, Equatable {
    /// Items per page unless the client asks otherwise.
    package static let defaultSize = 50
    /// The most items a page may hold.
    package static let maximumSize = 500

    /// Page number from 1.
    package var page: Int
    /// Items per page.
    package var size: Int

    /// The page a request asks for (its `page` and `page_size`, already range-checked by the route).
    package init(_ request: APIRequest) {
        // Routes declare `pagination`, so these are range-checked already; clamping keeps a route that forgot to
        // declare them from ever slicing out of bounds.
        page = min(max(request.integer("page") ?? 1, 1), 1_000_000)
        size = min(max(request.integer("page_size") ?? Self.defaultSize, 1), Self.maximumSize)
    }

    /// The items of this page out of `all`, wrapped as `{"items", "page", "page_size", "total", "pages"}`.
    package func wrap(_ all: [JSONValue], extra: [String: JSONValue] = [:]) -> JSONValue {
        wrap(all, extra: extra) { $0 }
    }

    /// The same, encoding only the items of this page with `encode` (a list's other items cost nothing).
    package func wrap<Item>(
        _ all: [Item], extra: [String: JSONValue] = [:], encode: (Item) -> JSONValue
    ) -> JSONValue {
        let start = min(all.count, (page - 1) * size)
        let items = all[start..<min(all.count, start + size)].map(encode)
        var object = extra
        object["items"] = .array(items)
        object["page"] = .int(page)
        object["page_size"] = .int(size)
        object["total"] = .int(all.count)
        object["pages"] = .int(max(1, (all.count + size - 1) / size))
        return .object(object)
    }

    /// The response schema of a page whose items follow `item`.
    package static func schema(_ item: APISchema, extra: [String: APISchema] = [:]) -> APISchema {
        var properties = extra
        properties["items"] = .array(item)
        properties["page"] = .integer(minimum: 1)
        properties["page_size"] = .integer(minimum: 1)
        properties["total"] = .integer(minimum: 0)
        properties["pages"] = .integer(minimum: 1)
        return .object(properties, required: ["items", "page", "page_size", "total", "pages"])
    }
}
