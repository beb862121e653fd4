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

    /// The ledger command id for what this request does: derived from its `Idempotency-Key` field, the user and
    /// the request itself (method, path, body), so a client retrying the request gets the recorded result instead
    /// of a second command — and the same key on a different request is a different command; random without one.
    package func commandID() throws(APIError) -> String {
        guard let key = http.headers["Idempotency-Key"] else { return EventID.random() }
        let printable = key.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
        guard !key.isEmpty, key.utf8.count <= 200, printable else {
            throw .badRequest("Idempotency-Key must be 1–200 visible ASCII characters (a UUID is a good one)")
        }
        var fingerprint = Array(
            ((actorName ?? "") + "\n" + key + "\n" + http.method.rawValue + " " + http.path + "\n").utf8)
        fingerprint += http.body
        return "idem-" + SHA256.hash(fingerprint).hex.prefix(40)
    }

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
