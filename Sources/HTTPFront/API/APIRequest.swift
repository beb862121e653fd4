import Commands
import EventStore
import Projections

/// What a route handler gets: the authenticated user, the checked parameters and the parsed body.
package struct APIRequest: Sendable {
    /// The HTTP request.
    package var http: HTTPRequest
    /// Path parameters by name, percent-decoded.
    package var pathParameters: [String: String]
    /// Query parameters, already checked against the route's declaration.
    package var query: QueryParameters
    /// The parsed body, already checked against the route's schema (nil when the route takes none).
    package var body: JSONValue?
    /// The authenticated user (nil only on public routes).
    package var user: UsersProjection.User?

    /// The user's name, which the Commands services check against the permission matrix again.
    package var actorName: String? { user?.name }

    /// A path parameter the route pattern guarantees.
    package func path(_ name: String) -> String { pathParameters[name] ?? "" }

    /// A query value, if given and not empty.
    package func string(_ name: String) -> String? {
        guard let value = query[name], !value.isEmpty else { return nil }
        return value
    }

    /// A whole-number query value (the route checked it parses).
    package func integer(_ name: String) -> Int? { string(name).flatMap { Int($0) } }

    /// A yes/no query value (the route checked it parses).
    package func flag(_ name: String) -> Bool? { string(name).map { $0 == "true" } }

    /// A body member.
    package func member(_ name: String) -> JSONValue? {
        guard let value = body?[name], value != .null else { return nil }
        return value
    }
}
