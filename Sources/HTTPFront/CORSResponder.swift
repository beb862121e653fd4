/// Wraps a responder with CORS for the origins of a `CORSPolicy`.
///
/// - Policy empty (the default): requests pass straight through and responses are untouched.
/// - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an allowed origin is answered
///   here, 204 with `Access-Control-Allow-Origin` (the origin itself), `-Allow-Methods`, `-Allow-Headers` and
///   `-Max-Age`, without reaching the wrapped responder (which would refuse `OPTIONS` with 405 or 401).
/// - Any other request from an allowed origin is answered by the wrapped responder, with
///   `Access-Control-Allow-Origin` and `-Expose-Headers` added.
/// - A disallowed origin, or no `Origin`, gets no `Access-Control-*` header at all (a disallowed preflight goes
///   to the wrapped responder like any request), so the browser blocks the script from reading the answer.
/// - Whenever the policy is enabled every response carries `Vary: Origin`, since it depends on that field and
///   a shared cache must not serve one origin's answer to another.
///
/// No `Access-Control-Allow-Credentials`: the API authenticates with a bearer token the script sets itself,
/// never with cookies.
package struct CORSResponder<Wrapped: HTTPResponder>: HTTPResponder {
    /// The responder answering everything but allowed preflights.
    package let wrapped: Wrapped
    /// The allow-list and what preflights allow.
    package let policy: CORSPolicy

    /// `wrapped` with CORS for `policy`'s origins.
    package init(_ wrapped: Wrapped, policy: CORSPolicy) {
        self.wrapped = wrapped
        self.policy = policy
    }

    /// Answers preflights from allowed origins; otherwise asks `wrapped` and adds the CORS fields that apply.
    package func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        guard policy.isEnabled else { return wrapped.respond(to: request, context: context) }
        let origin = request.headers["Origin"].flatMap { policy.allows(origin: $0) ? $0 : nil }
        if let origin, request.method == .options, request.headers["Access-Control-Request-Method"] != nil {
            var response = HTTPResponse(status: .noContent)
            response.headers.add(name: "Access-Control-Allow-Origin", value: origin)
            response.headers.add(
                name: "Access-Control-Allow-Methods",
                value: policy.allowedMethods.map(\.rawValue).joined(separator: ", "))
            response.headers.add(
                name: "Access-Control-Allow-Headers", value: policy.allowedHeaders.joined(separator: ", "))
            response.headers.add(name: "Access-Control-Max-Age", value: String(policy.maxAgeSeconds))
            response.headers.add(
                name: "Vary", value: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
            return response
        }
        var response = wrapped.respond(to: request, context: context)
        response.headers.add(name: "Vary", value: "Origin")
        if let origin {
            response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: origin)
            if !policy.exposedHeaders.isEmpty {
                response.headers.replaceOrAdd(
                    name: "Access-Control-Expose-Headers", value: policy.exposedHeaders.joined(separator: ", "))
            }
        }
        return response
    }
}
