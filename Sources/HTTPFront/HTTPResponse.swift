import Foundation

/// A response a responder returns: status, header fields and the whole body, or a stream producing it.
///
/// The server adds the framing fields itself (`Content-Length` or `Transfer-Encoding: chunked`, and `Connection`
/// when it closes or keeps an HTTP/1.0 connection open), so a responder never has to get them right; any such
/// fields it sets are replaced.
package struct HTTPResponse: Sendable {
    /// The status.
    package var status: HTTPStatus
    /// Header fields other than framing ones.
    package var headers: HTTPHeaders
    /// The content; omitted on the wire for HEAD requests and for statuses that forbid it.
    package var body: [UInt8]
    /// A body produced over time instead of `body` (which is then ignored); see `HTTPResponseStream`.
    package var stream: HTTPResponseStream?

    /// A response with the given parts.
    package init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body `stream` produces over time, written as the producer sends it.
    package init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), stream: HTTPResponseStream) {
        self.init(status: status, headers: headers)
        self.stream = stream
    }

    /// A JSON response whose body is already encoded (UTF-8).
    package static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        // Every JSON answer, the core's refusals (400, 408, 413, 431, 503…) too, says its type is not to be guessed.
        HTTPResponse(
            status: status, headers: ["Content-Type": "application/json", "X-Content-Type-Options": "nosniff"],
            body: body)
    }

    /// A JSON response encoding `value` with sorted keys, so equal values give byte-identical bodies.
    ///
    /// Labelled so that a `[UInt8]` (itself `Encodable`) can never pick this overload by accident.
    ///
    /// An encoding failure is a server bug, answered as a 500 whose body names no internals.
    package static func json(encoding value: some Encodable, status: HTTPStatus = .ok) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            return error(.internalServerError, code: "internal_error", message: "The response could not be encoded.")
        }
        return json(Array(data), status: status)
    }

    /// The error shape every error response shares: `{"error": {"code": "...", "message": "..."}}`.
    package static func error(_ status: HTTPStatus, code: String, message: String) -> HTTPResponse {
        var body: [UInt8] = []
        body.reserveCapacity(40 + code.utf8.count + message.utf8.count)
        body.append(contentsOf: #"{"error":{"code":"#.utf8)
        JSONString.append(code, to: &body)
        body.append(contentsOf: #","message":"#.utf8)
        JSONString.append(message, to: &body)
        body.append(contentsOf: "}}".utf8)
        return json(body, status: status)
    }

    /// The error response for a request the parser refused.
    package static func error(_ error: HTTPParseError) -> HTTPResponse {
        self.error(error.status, code: error.code, message: error.message)
    }
}
