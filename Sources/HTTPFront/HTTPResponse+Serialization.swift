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
        let forbidsBody = status.forbidsBody
        serializeHead(into: &output, framing: forbidsBody ? nil : .contentLength(body.count), options: options)
        guard !options.headOnly, !forbidsBody else { return 0 }
        output.append(contentsOf: body)
        return body.count
    }

    /// How the end of a body is marked on the wire (RFC 9112 §6.3).
    package enum Framing: Sendable, Equatable {
        /// `Content-Length: n`.
        case contentLength(Int)
        /// `Transfer-Encoding: chunked`: a streamed body on HTTP/1.1, so the connection can stay open after it.
        case chunked
        /// No length: the body ends when the server closes the connection (a streamed body for HTTP/1.0).
        case untilClose
    }

    /// Appends the status line and header fields with `framing` (nil: none, for statuses that forbid a body).
    package func serializeHead(into output: inout [UInt8], framing: Framing?, options: WireOptions) {
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
        switch framing {
        case .contentLength(let length):
            output.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(length, to: &output)
            output.append(contentsOf: "\r\n".utf8)
        case .chunked:
            output.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .untilClose, nil:
            break
        }
        if options.close {
            output.append(contentsOf: "Connection: close\r\n".utf8)
        } else if options.confirmKeepAlive {
            output.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        output.append(contentsOf: "\r\n".utf8)
    }

    /// Appends `bytes` as one chunk of a chunked body (RFC 9112 §7.1); nothing for no bytes, since an empty
    /// chunk would end the body.
    package static func appendChunk(_ bytes: [UInt8], to output: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        let digits = Array("0123456789abcdef".utf8)
        var shift = (Int.bitWidth - bytes.count.leadingZeroBitCount - 1) / 4 * 4
        while shift >= 0 {
            output.append(digits[(bytes.count >> shift) & 0xF])
            shift -= 4
        }
        output.append(contentsOf: "\r\n".utf8)
        output.append(contentsOf: bytes)
        output.append(contentsOf: "\r\n".utf8)
    }

    /// The last chunk of a chunked body, with no trailer fields.
    package static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

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
