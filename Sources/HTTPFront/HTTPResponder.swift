/// Answers requests: the one thing the server needs from the application.
///
/// Implementation requirements:
/// - `respond` is called on an event-loop thread, synchronously, one request per connection at a time. It must
///   return promptly: while it runs, the other connections of that loop wait. Work that takes long (a migration
///   run) belongs on its own thread, answered with 202 and a resource to poll. A body produced over time (server-
///   sent events) is returned at once as `HTTPResponse(stream:)` and fed from another thread; see
///   `HTTPResponseStream`.
/// - It must not call `HTTPServer.stop()` (which waits for the loops, including the caller's).
/// - It must be safe to call from several loops at once (hence `Sendable`).
package protocol HTTPResponder: Sendable {
    /// The response to `request`.
    func respond(to request: HTTPRequest, context: RequestContext) -> HTTPResponse
}

/// What a responder knows about a request beyond its bytes.
package struct RequestContext: Sendable {
    /// The peer as `address:port`.
    package var remoteAddress: String
    /// A number unique to the connection within this server, for correlating log lines.
    package var connectionID: UInt64
    /// Path parameters captured by the router (`/api/runs/:id` gives `id`), percent-decoded.
    package var parameters: [String: String]

    /// A context for a request on connection `connectionID` from `remoteAddress`.
    package init(remoteAddress: String = "local", connectionID: UInt64 = 0, parameters: [String: String] = [:]) {
        self.remoteAddress = remoteAddress
        self.connectionID = connectionID
        self.parameters = parameters
    }
}
