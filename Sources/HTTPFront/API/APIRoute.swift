import Commands
import EventStore

/// One operation of the control-plane API: method, path, who may call it, what it takes and answers, and the
/// handler. The router, the authorization check, the input validation and `/openapi.json` all read this one value.
package struct APIRoute: Sendable {
    /// What a handler returns: a status and a JSON body.
    package struct Reply: Sendable {
        /// The status (the route's documented success status unless a handler says otherwise).
        package var status: HTTPStatus
        /// The body.
        package var body: JSONValue
        /// A body produced over time instead (server-sent events); `body` is then ignored.
        package var stream: HTTPResponseStream?
        /// The body already rendered as JSON bytes (from a cache); `body` is then ignored.
        package var rendered: [UInt8]?

        /// A reply with `body` and `status` (default 200).
        package init(_ body: JSONValue, status: HTTPStatus = .ok) {
            self.status = status
            self.body = body
        }

        /// A reply whose JSON body is already rendered.
        package init(rendered bytes: [UInt8], status: HTTPStatus = .ok) {
            self.status = status
            self.body = .null
            self.rendered = bytes
        }

        /// A `text/event-stream` reply fed by `stream`'s producer.
        package init(eventStream stream: HTTPResponseStream) {
            self.status = .ok
            self.body = .null
            self.stream = stream
        }
    }

    /// The handler: runs on an event-loop thread, so it must return promptly.
    package typealias Handler = @Sendable (APIRequest, ControlPlaneState) throws -> Reply

    /// The method.
    package var method: HTTPMethod
    /// The path pattern, `/api/runs/:id`.
    package var path: String
    /// A unique, stable operation name for the OpenAPI document.
    package var operationID: String
    /// The group it is listed under (`mappings`, `runs`…).
    package var tag: String
    /// One line saying what it does.
    package var summary: String
    /// The permission needed; nil for a public route (no token needed).
    package var permission: Permission?
    /// Path and query parameters.
    package var parameters: [APIParameter]
    /// The request body's schema; nil when the route takes no body.
    package var body: APISchema?
    /// The success status.
    package var successStatus: HTTPStatus
    /// The success body's schema.
    package var response: APISchema
    /// The success body's media type: JSON, or `text/event-stream` for a route replying with a stream.
    package var contentType = "application/json"
    /// Error statuses the handler itself may answer besides the ones every route shares (e.g. 404, 409).
    package var errors: [HTTPStatus]
    /// The handler.
    package var handler: Handler

    /// A route; `errors` lists the statuses the handler may answer beyond those implied by its declaration.
    package init(
        _ method: HTTPMethod, _ path: String, id operationID: String, tag: String, summary: String,
        permission: Permission?, parameters: [APIParameter] = [], body: APISchema? = nil,
        success: HTTPStatus = .ok, response: APISchema, errors: [HTTPStatus] = [], handler: @escaping Handler
    ) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.tag = tag
        self.summary = summary
        self.permission = permission
        self.parameters =
            RoutePattern(path).segments.compactMap { segment in
                guard case .parameter(let name) = segment else { return nil }
                return parameters.first { $0.name == name && $0.location == .path } ?? .path(name, "the \(name)")
            } + parameters.filter { $0.location == .query }
        self.body = body
        self.successStatus = success
        self.response = response
        self.errors = errors
        self.handler = handler
    }

    /// Every error status the route can answer, for the document: from its declaration and its handler.
    package var errorStatuses: [HTTPStatus] {
        var statuses: Set<Int> = Set(errors.map(\.code))
        statuses.insert(500)
        if permission != nil { statuses.formUnion([401, 403]) }
        // 413: the server core refuses a body past its configured limit before any route sees it.
        if body != nil { statuses.formUnion([400, 413, 422]) }
        // Every command appends; another append in between (by anyone) can make it a conflict.
        if method != .get { statuses.insert(409) }
        if parameters.contains(where: { $0.location == .query }) { statuses.formUnion([400, 422]) }
        if parameters.contains(where: { $0.location == .path }) { statuses.insert(404) }
        // 414: the server core refuses a request line past 8 KiB, whatever the parameters hold.
        if !parameters.isEmpty { statuses.insert(414) }
        return statuses.sorted().map { HTTPStatus(code: $0) }
    }
}
