/// Dispatches requests by method and path pattern; the responder the API routes plug into.
///
/// Unknown paths get 404 and known paths with another method get 405 with `Allow`, both with the JSON error
/// body. A GET route also answers HEAD (the server drops the body). Path segments are percent-decoded before
/// matching, after splitting, so an encoded `/` (`%2F`) stays inside its segment.
package struct Router: HTTPResponder {
    /// What a route runs: the request and its context, with `parameters` filled from the pattern.
    package typealias Handler = @Sendable (HTTPRequest, RequestContext) -> HTTPResponse

    /// One registered route.
    package struct Route: Sendable {
        /// The method it answers.
        package let method: HTTPMethod
        /// The path pattern it matches.
        package let pattern: RoutePattern
        /// The handler.
        let handler: Handler
    }

    /// The routes in registration order (the table an OpenAPI document can be checked against).
    package private(set) var routes: [Route] = []

    /// An empty router: every request is a 404.
    package init() {}

    /// Registers `handler` for `method` on `pattern` (`/api/runs/:id`).
    package mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: RoutePattern(pattern), handler: handler))
    }

    /// Finds the route and runs it, or answers 400 / 404 / 405.
    package func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        var segments: [String] = []
        for part in request.path.split(separator: "/") {
            guard let decoded = PercentDecoding.decode(part, plusAsSpace: false) else {
                return .error(.badRequest, code: "invalid_path", message: "The path has a malformed %-escape.")
            }
            segments.append(decoded)
        }
        // A path belongs to its most literal patterns, whatever their methods (`/api/runs/execute` is not a run id).
        let matching = routes.compactMap { route in route.pattern.match(segments).map { (route, $0) } }
        let literals = matching.map(\.0.pattern.literalCount).max() ?? 0
        var best: (route: Route, parameters: [String: String])?
        var allowed: Set<HTTPMethod> = []
        for (route, parameters) in matching where route.pattern.literalCount == literals {
            allowed.insert(route.method)
            let answers = route.method == request.method || (request.method == .head && route.method == .get)
            if answers && best == nil { best = (route, parameters) }
        }
        if let best {
            var context = context
            context.parameters = best.parameters
            return best.route.handler(request, context)
        }
        guard !allowed.isEmpty else {
            return .error(.notFound, code: "not_found", message: "No resource at \(request.path).")
        }
        if allowed.contains(.get) { allowed.insert(.head) }
        let allow = HTTPMethod.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
        var response = HTTPResponse.error(
            .methodNotAllowed, code: "method_not_allowed",
            message: "\(request.method.rawValue) is not allowed here; use \(allow).")
        response.headers.add(name: "Allow", value: allow)
        return response
    }
}
