extension HTTPResponse {
    /// How the connection frames this response on the wire.
    package struct WireOptions: Sendable {
        /// The request was HEAD: same header fields, no content (RFC 9110 §9.3.2).
        package var headOnly = false
        /// The connection closes after this response, so say `Connection: close`.
        package var close = false
        /// An HTTP/1.0 client asked for keep-alive and gets it, so confirm with `Connection: keep-alive`.
        package var confirmKeepAlive = false

        /// Options for a plain keep-alive response.
        package init(headOnly: Bool = false, close: Bool = false, confirmKeepAlive: Bool = false) {
            self.headOnly = headOnly
            self.close = close
            self.confirmKeepAlive = confirmKeepAlive
        }
    }

    /// Appends the response as HTTP/1.1 bytes to `output`; returns the number of content bytes written.
    ///
    /// Framing fields a responder set are dropped and written by the server, and any field containing a CR, LF or
    /// NUL is dropped rather than written, so a value taken from a request can never split the response.
    @discardableResult
    package func serialize(into output: inout [UInt8], options: WireOptions) -> Int {
        output.append(contentsOf: "HTTP/1.1 ".utf8)
        Self.appendDecimal(status.code, to: &output)
        output.append(0x20)
        output.append(contentsOf: status.reason.utf8)
        output.append(contentsOf: "\r\n".utf8)
        for field in headers where Self.isWritable(field) {
            output.append(contentsOf: field.name.utf8)
            output.append(contentsOf: ": ".utf8)
            output.append(contentsOf: field.value.utf8)
            output.append(contentsOf: "\r\n".utf8)
        }
        let forbidsBody = status.forbidsBody
        if !forbidsBody {
            output.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(body.count, to: &output)
            output.append(contentsOf: "\r\n".utf8)
        }
        if options.close {
            output.append(contentsOf: "Connection: close\r\n".utf8)
        } else if options.confirmKeepAlive {
            output.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        output.append(contentsOf: "\r\n".utf8)
        guard !options.headOnly, !forbidsBody else { return 0 }
        output.append(contentsOf: body)
        return body.count
    }

    /// The interim `100 Continue` response sent before reading an expected body.
    package static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Whether a responder's field may be written as it is.
    private static func isWritable(_ field: HTTPHeaders.Field) -> Bool {
        switch field.name.utf8.count {
        case 10 where HTTPHeaders.namesEqual(field.name, "Connection"): return false
        case 14 where HTTPHeaders.namesEqual(field.name, "Content-Length"): return false
        case 17 where HTTPHeaders.namesEqual(field.name, "Transfer-Encoding"): return false
        default: break
        }
        guard !field.name.isEmpty, field.name.utf8.allSatisfy(HTTPTokenBytes.isTokenByte) else { return false }
        return field.value.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }
    }

    /// Writes a non-negative integer in decimal without going through `String` (this runs once per response).
    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
