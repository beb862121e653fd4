import Commands
import EventStore
import Foundation
import Projections

/// The control-plane API as an `HTTPResponder`: finds the `APIRoute`, authenticates the bearer token, checks the
/// permission (the CLI's `PermissionMatrix`), checks parameters and body, runs the handler, and writes one access
/// line. Unknown paths and methods fall through to a `Router` built from the same table (404 / 405 with `Allow`).
///
/// To add routes, pass more `APIRoute`s to `init`: they are dispatched, authorized, validated and documented like
/// the rest. A route whose reply is produced over time (the event stream) answers `APIRoute.Reply(eventStream:)`
/// and declares its `contentType`.
package struct ControlPlaneAPI: HTTPResponder {
    /// The route table: what the server answers and what `/openapi.json` documents.
    package let routes: [APIRoute]
    /// The same table as a `Router` (404 / 405 for everything not in it); extra non-JSON routes may be added.
    package var router: Router
    /// The shared state handlers read and append through.
    package let state: ControlPlaneState
    /// `routes`' path patterns, parsed once.
    private let patterns: [RoutePattern]

    /// An API over `state` serving `routes` (default: every built-in route).
    package init(state: ControlPlaneState, routes: [APIRoute] = ControlPlaneAPI.builtInRoutes) {
        self.state = state
        var all = routes
        if !all.contains(where: { $0.operationID == OpenAPIDocument.operationID }) {
            all.append(OpenAPIDocument.route)
        }
        // The document describes the final table; built once, since the table never changes after start.
        let document = OpenAPIDocument.build(all)
        for index in all.indices where all[index].operationID == OpenAPIDocument.operationID {
            all[index].handler = { _, _ in APIRoute.Reply(document) }
        }
        self.routes = all
        patterns = all.map { RoutePattern($0.path) }
        var router = Router()
        for route in all {
            router.add(route.method, route.path) { [state] request, context in
                Self.handle(request, route: route, parameters: context.parameters, state: state).response
            }
        }
        self.router = router
    }

    /// Every route of this scope, grouped by resource.
    package static var builtInRoutes: [APIRoute] {
        systemRoutes + connectorRoutes + lifecycleRoutes + runRoutes + mappingRoutes + crosswalkRoutes + snapshotRoutes
            + schemaRoutes + qualityRoutes + userRoutes + ledgerRoutes + eventStreamRoutes
    }

    package func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        let started = MonotonicTime.now()
        var segments: [String] = []
        var decodable = true
        for part in request.path.split(separator: "/") {
            guard let decoded = PercentDecoding.decode(part, plusAsSpace: false) else {
                decodable = false
                break
            }
            segments.append(decoded)
        }
        var outcome: (response: HTTPResponse, user: String?)
        if decodable, let (route, parameters) = match(request.method, segments) {
            outcome = Self.handle(request, route: route, parameters: parameters, state: state)
        } else {
            outcome = (router.respond(to: request, context: context), nil)
        }
        // The API's bodies are JSON (`HTTPResponse.json` says so already) or event streams: neither is to be guessed.
        outcome.response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        let elapsed = Double(MonotonicTime.now() &- started) / 1_000_000
        state.logger.access(
            method: request.method.rawValue, path: String(request.path), status: outcome.response.status.code,
            bytes: request.method == .head ? 0 : outcome.response.body.count, milliseconds: elapsed,
            user: outcome.user)
        return outcome.response
    }

    /// The route answering `method` on `segments` (GET routes answer HEAD). A path belongs to its most literal
    /// patterns, whatever their methods: `/api/runs/execute` is the POST route's, so GET there is a 405 (as the
    /// router says), not a look-up of a run called "execute".
    private func match(_ method: HTTPMethod, _ segments: [String]) -> (APIRoute, [String: String])? {
        let matching = zip(routes, patterns).compactMap { route, pattern in
            pattern.match(segments).map { (route, $0, pattern.literalCount) }
        }
        guard let literals = matching.map(\.2).max() else { return nil }
        return matching.first { route, _, count in
            count == literals && (route.method == method || (method == .head && route.method == .get))
        }.map { ($0.0, $0.1) }
    }

    /// Runs one request through authentication, authorization, validation and the handler.
    static func handle(
        _ http: HTTPRequest, route: APIRoute, parameters: [String: String], state: ControlPlaneState
    ) -> (response: HTTPResponse, user: String?) {
        var user: UsersProjection.User?
        do {
            if let permission = route.permission {
                let authenticated = try authenticate(http, state: state)
                user = authenticated
                _ = try AccessControl.actor(authenticated, for: permission)
            }
            let reply = try invoke(route, http, parameters: parameters, user: user, state: state)
            if let stream = reply.stream {
                return (.serverSentEvents(stream), user?.name)
            }
            if let rendered = reply.rendered {
                return (.json(rendered, status: reply.status), user?.name)
            }
            guard let bytes = try? reply.body.canonicalBytes() else {
                throw APIError(
                    .internalServerError, "internal_error", "The response could not be encoded.",
                    internalDetail: "\(route.operationID): a reply held a value JSON cannot encode")
            }
            return (.json(bytes, status: reply.status), user?.name)
        } catch {
            let mapped = APIError(mapping: error)
            if let detail = mapped.internalDetail {
                state.logger.log(.error, event: "internal_error", "\(route.operationID): \(detail)")
            }
            return (mapped.response, user?.name)
        }
    }

    /// Checks the query and body against the route's declaration and runs its handler for `user` (already
    /// authorized): what a request over HTTP and a local caller (`answer`) share.
    static func invoke(
        _ route: APIRoute, _ http: HTTPRequest, parameters: [String: String], user: UsersProjection.User?,
        state: ControlPlaneState
    ) throws -> APIRoute.Reply {
        let query = http.query
        try validate(query, for: route)
        let body = try parseBody(http, for: route)
        let request = APIRequest(http: http, pathParameters: parameters, query: query, body: body, user: user)
        return try route.handler(request, state)
    }

    /// The active user whose token the `Authorization: Bearer` field carries.
    package static func authenticate(_ request: HTTPRequest, state: ControlPlaneState) throws -> UsersProjection.User {
        let fields = request.headers.values(of: "Authorization")
        guard fields.count <= 1 else {
            throw APIError(
                .badRequest, "duplicate_authorization",
                "The request has \(fields.count) Authorization fields; send exactly one `Authorization: Bearer <token>`."
            )
        }
        guard let field = fields.first else {
            throw APIError(
                .unauthorized, "unauthenticated",
                "This endpoint needs a bearer token: send `Authorization: Bearer <token>` (the admin's is in "
                    + "events/admin.token; `dm users add` issues others).")
        }
        let parts = field.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(
                .unauthorized, "unauthenticated", "The Authorization field must be `Bearer <token>`.")
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard let user = try state.projections().users.user(tokenSHA256: SHA256.hash(token).hex) else {
            throw APIError(
                .unauthorized, "unauthenticated",
                "The bearer token is not valid (unknown, rotated or its user was revoked); ask an admin for one.")
        }
        return user
    }

    /// Checks the declared query parameters: present when required, of the declared type and range.
    static func validate(_ query: QueryParameters, for route: APIRoute) throws(APIError) {
        for parameter in route.parameters where parameter.location == .query {
            guard let text = query[parameter.name], !text.isEmpty else {
                if parameter.required {
                    throw .badRequest("query parameter \(parameter.name) is required: \(parameter.description)")
                }
                continue
            }
            let value: JSONValue
            switch parameter.schema {
            case .integer:
                guard let number = Int(text) else {
                    throw .badRequest("query parameter \(parameter.name) must be a whole number, got '\(text)'")
                }
                value = .int(number)
            case .boolean:
                guard text == "true" || text == "false" else {
                    throw .badRequest("query parameter \(parameter.name) must be true or false, got '\(text)'")
                }
                value = .bool(text == "true")
            default:
                value = .string(text)
            }
            try parameter.schema.validate(value, at: "query parameter \(parameter.name)")
        }
    }

    /// Parses and checks the body against the route's schema; an empty body counts as `{}`.
    static func parseBody(_ request: HTTPRequest, for route: APIRoute) throws(APIError) -> JSONValue? {
        guard let schema = route.body else { return nil }
        let value: JSONValue
        if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            value = .object([:])
        } else {
            do {
                value = try JSONValue(parsing: request.body)
            } catch {
                throw .badRequest("The body is not valid JSON (\(error)); send a JSON object.")
            }
        }
        try schema.validate(value)
        return value
    }
}
