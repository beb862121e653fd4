/// A response status code with its reason phrase (RFC 9110 §15).
package struct HTTPStatus: Sendable, Hashable {
    /// The three-digit code.
    package let code: Int
    /// The reason phrase sent on the status line; clients must not rely on it, people reading logs do.
    package let reason: String

    /// A status with an explicit reason phrase.
    package init(code: Int, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// A status with the standard reason phrase for `code` (an empty phrase if the code is unusual).
    package init(code: Int) {
        self.init(code: code, reason: Self.standardReasons[code] ?? "")
    }

    /// Whether a response with this status must not carry content or `Content-Length` (RFC 9110 §8.6, §15.3.5).
    package var forbidsBody: Bool { (100..<200).contains(code) || code == 204 || code == 304 }

    /// `100 Continue`.
    package static let `continue` = HTTPStatus(code: 100)
    /// `200 OK`.
    package static let ok = HTTPStatus(code: 200)
    /// `201 Created`.
    package static let created = HTTPStatus(code: 201)
    /// `202 Accepted`.
    package static let accepted = HTTPStatus(code: 202)
    /// `204 No Content`.
    package static let noContent = HTTPStatus(code: 204)
    /// `400 Bad Request`.
    package static let badRequest = HTTPStatus(code: 400)
    /// `401 Unauthorized`.
    package static let unauthorized = HTTPStatus(code: 401)
    /// `403 Forbidden`.
    package static let forbidden = HTTPStatus(code: 403)
    /// `404 Not Found`.
    package static let notFound = HTTPStatus(code: 404)
    /// `405 Method Not Allowed`.
    package static let methodNotAllowed = HTTPStatus(code: 405)
    /// `408 Request Timeout`.
    package static let requestTimeout = HTTPStatus(code: 408)
    /// `409 Conflict`.
    package static let conflict = HTTPStatus(code: 409)
    /// `411 Length Required`.
    package static let lengthRequired = HTTPStatus(code: 411)
    /// `413 Content Too Large`.
    package static let contentTooLarge = HTTPStatus(code: 413)
    /// `414 URI Too Long`.
    package static let uriTooLong = HTTPStatus(code: 414)
    /// `417 Expectation Failed`.
    package static let expectationFailed = HTTPStatus(code: 417)
    /// `422 Unprocessable Content`.
    package static let unprocessableContent = HTTPStatus(code: 422)
    /// `431 Request Header Fields Too Large`.
    package static let requestHeaderFieldsTooLarge = HTTPStatus(code: 431)
    /// `500 Internal Server Error`.
    package static let internalServerError = HTTPStatus(code: 500)
    /// `501 Not Implemented`.
    package static let notImplemented = HTTPStatus(code: 501)
    /// `503 Service Unavailable`.
    package static let serviceUnavailable = HTTPStatus(code: 503)
    /// `505 HTTP Version Not Supported`.
    package static let httpVersionNotSupported = HTTPStatus(code: 505)

    /// Reason phrases of the codes this server and its routes use.
    private static let standardReasons: [Int: String] = [
        100: "Continue", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
        301: "Moved Permanently", 302: "Found", 304: "Not Modified", 307: "Temporary Redirect",
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
        406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required",
        412: "Precondition Failed", 413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
        417: "Expectation Failed", 422: "Unprocessable Content", 428: "Precondition Required",
        429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
        501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        505: "HTTP Version Not Supported",
    ]
}
