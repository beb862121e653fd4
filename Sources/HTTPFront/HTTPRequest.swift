/// A complete request as the parser hands it to a responder: head fields and the whole body.
package struct HTTPRequest: Sendable {
    /// The request method.
    package var method: HTTPMethod
    /// The request target in origin form (`/path?query`), as sent; absolute-form targets are reduced to it.
    package var target: String
    /// The protocol version of the request line.
    package var version: HTTPVersion
    /// The header fields.
    package var headers: HTTPHeaders
    /// The content, exactly `Content-Length` bytes (empty when there is none).
    package var body: [UInt8]

    /// A request built in code (tests, router harnesses).
    package init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The path part of the target, still percent-encoded (never includes the query, so it is safe to log).
    package var path: Substring {
        guard let mark = target.firstIndex(of: "?") else { return target[...] }
        return target[..<mark]
    }

    /// The raw query string after `?`, empty when there is none.
    package var rawQuery: Substring {
        guard let mark = target.firstIndex(of: "?") else { return target[target.endIndex...] }
        return target[target.index(after: mark)...]
    }

    /// The query parameters, percent-decoded.
    package var query: QueryParameters { QueryParameters(parsing: rawQuery) }

    /// Whether the client asked to keep the connection open after this exchange (RFC 9112 §9.3).
    package var wantsKeepAlive: Bool {
        switch version {
        case .http1_1: return !headers.contains(token: "close", in: "Connection")
        case .http1_0: return headers.contains(token: "keep-alive", in: "Connection")
        }
    }
}
