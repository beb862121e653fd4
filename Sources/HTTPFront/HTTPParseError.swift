/// Why a request could not be accepted, each case knowing the status the server answers with.
///
/// Every one of these ends the connection: after a framing error the server cannot tell where the next request
/// would start (RFC 9112 §2.2), and after a limit is hit the rest of the message is not worth reading.
package enum HTTPParseError: Error, Sendable, Equatable {
    /// The request line is longer than the configured limit (414).
    case requestLineTooLong(limit: Int)
    /// The header section is larger than the configured limit (431).
    case headerSectionTooLarge(limit: Int)
    /// More header field lines than the configured limit (431).
    case tooManyHeaderFields(limit: Int)
    /// `Content-Length` above the configured body limit (413).
    case bodyTooLarge(limit: Int)
    /// The request line is not `method SP target SP version` (400).
    case malformedRequestLine
    /// The method is a valid token but not one this server implements (501).
    case methodNotImplemented
    /// The request target has characters a URI cannot have, or is not origin/absolute/asterisk form (400).
    case invalidTarget
    /// `HTTP/x.y` other than 1.0 and 1.1 (505).
    case unsupportedVersion
    /// A field line that is not `name: value` with a token name and visible-character value (400).
    case invalidHeaderField
    /// Whitespace between a field name and the colon, forbidden by RFC 9112 §5.1 (400).
    case whitespaceBeforeColon
    /// A field line continued on the next line (obs-fold), refused per RFC 9112 §5.2 (400).
    case obsoleteLineFolding
    /// A `Content-Length` that is not a single non-negative decimal number (400).
    case invalidContentLength
    /// Both `Content-Length` and `Transfer-Encoding`: a request-smuggling signal (400, RFC 9112 §6.1).
    case contentLengthWithTransferEncoding
    /// Chunked request bodies are refused: clients must send `Content-Length` (411).
    case lengthRequired
    /// A transfer coding this server does not implement (501).
    case unsupportedTransferEncoding
    /// `Transfer-Encoding` whose final coding is not `chunked`, or on an HTTP/1.0 request (400, RFC 9112 §6.3).
    case invalidTransferEncoding
    /// An HTTP/1.1 request without exactly one valid `Host` (400, RFC 9112 §3.2).
    case invalidHost
    /// An `Expect` other than `100-continue` (417).
    case expectationFailed
    /// The client closed its side before the request was complete (400).
    case truncatedRequest
    /// The head was not complete within the deadline (408).
    case headTimeout
    /// The body was not complete within the deadline (408).
    case bodyTimeout

    /// The status the server answers with.
    package var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: return .uriTooLong
        case .headerSectionTooLarge, .tooManyHeaderFields: return .requestHeaderFieldsTooLarge
        case .bodyTooLarge: return .contentTooLarge
        case .methodNotImplemented, .unsupportedTransferEncoding: return .notImplemented
        case .unsupportedVersion: return .httpVersionNotSupported
        case .lengthRequired: return .lengthRequired
        case .expectationFailed: return .expectationFailed
        case .headTimeout, .bodyTimeout: return .requestTimeout
        case .malformedRequestLine, .invalidTarget, .invalidHeaderField, .whitespaceBeforeColon,
            .obsoleteLineFolding, .invalidContentLength, .contentLengthWithTransferEncoding,
            .invalidTransferEncoding, .invalidHost, .truncatedRequest:
            return .badRequest
        }
    }

    /// A stable machine-readable code for the JSON error body.
    package var code: String {
        switch self {
        case .requestLineTooLong: return "request_line_too_long"
        case .headerSectionTooLarge: return "header_section_too_large"
        case .tooManyHeaderFields: return "too_many_header_fields"
        case .bodyTooLarge: return "body_too_large"
        case .malformedRequestLine: return "malformed_request_line"
        case .methodNotImplemented: return "method_not_implemented"
        case .invalidTarget: return "invalid_target"
        case .unsupportedVersion: return "http_version_not_supported"
        case .invalidHeaderField: return "invalid_header_field"
        case .whitespaceBeforeColon: return "whitespace_before_colon"
        case .obsoleteLineFolding: return "obsolete_line_folding"
        case .invalidContentLength: return "invalid_content_length"
        case .contentLengthWithTransferEncoding: return "content_length_with_transfer_encoding"
        case .lengthRequired: return "length_required"
        case .unsupportedTransferEncoding: return "unsupported_transfer_encoding"
        case .invalidTransferEncoding: return "invalid_transfer_encoding"
        case .invalidHost: return "invalid_host"
        case .expectationFailed: return "expectation_failed"
        case .truncatedRequest: return "truncated_request"
        case .headTimeout, .bodyTimeout: return "request_timeout"
        }
    }

    /// A message that tells the client what to change.
    package var message: String {
        switch self {
        case .requestLineTooLong(let limit): return "The request line exceeds \(limit) bytes; shorten the URL."
        case .headerSectionTooLarge(let limit): return "The header section exceeds \(limit) bytes."
        case .tooManyHeaderFields(let limit): return "The request has more than \(limit) header fields."
        case .bodyTooLarge(let limit): return "The request body exceeds \(limit) bytes."
        case .malformedRequestLine: return "The request line must be 'METHOD /path HTTP/1.1'."
        case .methodNotImplemented: return "The method is not implemented by this server."
        case .invalidTarget: return "The request target must be a path starting with '/'."
        case .unsupportedVersion: return "Only HTTP/1.1 and HTTP/1.0 are supported."
        case .invalidHeaderField: return "A header field line is not 'Name: value'."
        case .whitespaceBeforeColon: return "A header field name is followed by whitespace before the colon."
        case .obsoleteLineFolding: return "Header values folded over several lines are not accepted."
        case .invalidContentLength: return "Content-Length must be one non-negative decimal number."
        case .contentLengthWithTransferEncoding:
            return "A request must not carry both Content-Length and Transfer-Encoding."
        case .lengthRequired: return "Chunked request bodies are not accepted; send Content-Length instead."
        case .unsupportedTransferEncoding: return "The transfer coding is not implemented; send Content-Length."
        case .invalidTransferEncoding: return "Transfer-Encoding must end with chunked and needs HTTP/1.1."
        case .invalidHost: return "An HTTP/1.1 request needs exactly one valid Host header."
        case .expectationFailed: return "Only 'Expect: 100-continue' is supported."
        case .truncatedRequest: return "The connection closed before the request was complete."
        case .headTimeout: return "The request head was not received in time."
        case .bodyTimeout: return "The request body was not received in time."
        }
    }
}
