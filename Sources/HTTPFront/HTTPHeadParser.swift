/// Parses one complete request head (request line and field lines) and decides how the body is framed.
///
/// Stateless: `HTTPRequestParser` finds where a head ends and hands the bytes here. Strict where RFC 9112 lets
/// a server choose, because leniency in framing is where request smuggling lives: single spaces in the request
/// line, no whitespace before a colon, no obs-fold, one consistent `Content-Length`, never `Transfer-Encoding`
/// with `Content-Length`.
struct HTTPHeadParser {
    /// The limits (the body limit is the one checked here).
    let limits: HTTPRequestLimits

    /// What the field lines said about framing, gathered in one pass.
    private struct Framing {
        /// The agreed `Content-Length`, if any.
        var contentLength: Int?
        /// Whether any `Transfer-Encoding` line was present.
        var hasTransferEncoding = false
        /// How many `Host` lines.
        var hostCount = 0
        /// The `Expect` value, if any.
        var expect: String?
    }

    /// Parses `head`, whose request line spans `requestLineStart..<requestLineEnd` (the offset of its line feed).
    func parse(
        _ head: UnsafeBufferPointer<UInt8>, requestLineStart: Int, requestLineEnd: Int
    ) throws(HTTPParseError) -> HTTPRequestParser.PendingHead {
        let line = UnsafeBufferPointer(rebasing: head[requestLineStart..<Self.trimCR(head, requestLineEnd)])
        let (method, target, version) = try parseRequestLine(line)
        var headers = HTTPHeaders()
        var framing = Framing()
        var lineStart = requestLineEnd + 1
        while lineStart < head.count {
            var lineFeed = lineStart
            while head[lineFeed] != 0x0A { lineFeed += 1 }
            let lineEnd = Self.trimCR(head, lineFeed)
            if lineEnd > lineStart {
                let field = try parseField(UnsafeBufferPointer(rebasing: head[lineStart..<lineEnd]))
                try note(field, in: &framing)
                headers.add(name: field.name, value: field.value)
            }
            lineStart = lineFeed + 1
        }
        let request = HTTPRequest(method: method, target: target, version: version, headers: headers)
        let bodyLength = try bodyLength(framing, headers: headers, version: version)
        var expectsContinue = false
        if let expect = framing.expect {
            guard HTTPHeaders.asciiCaseInsensitiveEqual(expect.utf8, "100-continue".utf8) else {
                throw .expectationFailed
            }
            // RFC 9110 §10.1.1: a 100-continue from an HTTP/1.0 client is ignored.
            expectsContinue = version == .http1_1 && bodyLength > 0
        }
        if version == .http1_1 && framing.hostCount != 1 || framing.hostCount > 1 { throw .invalidHost }
        return .init(request: request, bodyLength: bodyLength, expectsContinue: expectsContinue)
    }

    /// The end of a line without its optional CR before the line feed at `lineFeed`.
    private static func trimCR(_ bytes: UnsafeBufferPointer<UInt8>, _ lineFeed: Int) -> Int {
        lineFeed > 0 && bytes[lineFeed - 1] == 0x0D ? lineFeed - 1 : lineFeed
    }

    /// `method SP request-target SP HTTP-version`, single spaces only (RFC 9112 §3).
    private func parseRequestLine(
        _ line: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        guard let firstSpace = line.firstIndex(of: 0x20),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: 0x20)
        else { throw .malformedRequestLine }
        let methodToken = UnsafeBufferPointer(rebasing: line[..<firstSpace])
        let targetBytes = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace])
        let versionBytes = UnsafeBufferPointer(rebasing: line[(secondSpace + 1)...])
        guard !methodToken.isEmpty, methodToken.allSatisfy(HTTPTokenBytes.isTokenByte), !targetBytes.isEmpty
        else { throw .malformedRequestLine }
        let version = try parseVersion(versionBytes)
        guard let method = HTTPMethod(token: methodToken) else { throw .methodNotImplemented }
        return (method, try parseTarget(targetBytes, method: method), version)
    }

    /// `HTTP/1.1` or `HTTP/1.0`; any other `HTTP/<digits>` version is 505, anything else is not a request line.
    private func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard bytes.count > prefix.count, bytes.prefix(prefix.count).elementsEqual(prefix) else {
            throw .malformedRequestLine
        }
        let number = bytes.dropFirst(prefix.count)
        if number.elementsEqual("1.1".utf8) { return .http1_1 }
        if number.elementsEqual("1.0".utf8) { return .http1_0 }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        guard number.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") }), let first = number.first, isDigit(first)
        else { throw .malformedRequestLine }
        throw .unsupportedVersion
    }

    /// Origin form (`/path?q`), absolute form (reduced to origin form, RFC 9112 §3.2.2) or `*` for OPTIONS.
    private func parseTarget(
        _ bytes: UnsafeBufferPointer<UInt8>, method: HTTPMethod
    ) throws(HTTPParseError) -> String {
        // Visible ASCII only: no controls, spaces, bare CRs or raw UTF-8 (which must arrive percent-encoded).
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }) else { throw .invalidTarget }
        if bytes[0] == UInt8(ascii: "/") { return String(decoding: bytes, as: UTF8.self) }
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "*") && method == .options { return "*" }
        let text = String(decoding: bytes, as: UTF8.self)
        for scheme in ["http://", "https://"] where text.utf8.count > scheme.utf8.count {
            let head = text.utf8.prefix(scheme.utf8.count)
            guard HTTPHeaders.asciiCaseInsensitiveEqual(head, scheme.utf8) else { continue }
            let rest = text.utf8.dropFirst(scheme.utf8.count)
            guard let pathStart = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) else {
                return "/"
            }
            let origin = String(text[pathStart...])
            return origin.hasPrefix("/") ? origin : "/" + origin
        }
        throw .invalidTarget
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    private func parseField(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPHeaders.Field {
        if line[0] == 0x20 || line[0] == 0x09 { throw .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { throw .invalidHeaderField }
        if line[colon - 1] == 0x20 || line[colon - 1] == 0x09 { throw .whitespaceBeforeColon }
        let name = UnsafeBufferPointer(rebasing: line[..<colon])
        guard name.allSatisfy(HTTPTokenBytes.isTokenByte) else { throw .invalidHeaderField }
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd && (line[valueStart] == 0x20 || line[valueStart] == 0x09) { valueStart += 1 }
        while valueEnd > valueStart && (line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09) { valueEnd -= 1 }
        let value = UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])
        // Field values are visible characters, spaces, tabs and obs-text; CR, LF, NUL and other controls are not.
        guard value.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }) else { throw .invalidHeaderField }
        return (name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }

    /// Records the fields that decide framing; the header list itself keeps every field.
    private func note(_ field: HTTPHeaders.Field, in framing: inout Framing) throws(HTTPParseError) {
        switch field.name.utf8.count {
        case 4 where HTTPHeaders.namesEqual(field.name, "Host"):
            framing.hostCount += 1
            if field.value.contains(where: { $0 == " " || $0 == "/" || $0 == "\t" }) { throw .invalidHost }
        case 6 where HTTPHeaders.namesEqual(field.name, "Expect"):
            framing.expect = field.value
        case 14 where HTTPHeaders.namesEqual(field.name, "Content-Length"):
            // Repeated or listed values are accepted only when identical (RFC 9112 §6.3 item 5).
            for item in field.value.split(separator: ",", omittingEmptySubsequences: false) {
                let length = try parseContentLength(HTTPHeaders.trimmed(item))
                if let earlier = framing.contentLength, earlier != length { throw .invalidContentLength }
                framing.contentLength = length
            }
        case 17 where HTTPHeaders.namesEqual(field.name, "Transfer-Encoding"):
            framing.hasTransferEncoding = true
        default:
            break
        }
    }

    /// `1*DIGIT`; a number too large for the body limit is 413 whatever its size, without overflowing.
    private func parseContentLength(_ text: Substring) throws(HTTPParseError) -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .invalidContentLength }
        guard text.utf8.count <= 18, let value = Int(text) else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
        return value
    }

    /// The body length from the gathered framing fields (RFC 9112 §6.3).
    private func bodyLength(
        _ framing: Framing, headers: HTTPHeaders, version: HTTPVersion
    ) throws(HTTPParseError) -> Int {
        if framing.hasTransferEncoding {
            if framing.contentLength != nil { throw .contentLengthWithTransferEncoding }
            if version == .http1_0 { throw .invalidTransferEncoding }
            if headers.lastToken(in: "Transfer-Encoding") == "chunked" { throw .lengthRequired }
            if headers.contains(token: "chunked", in: "Transfer-Encoding") { throw .invalidTransferEncoding }
            throw .unsupportedTransferEncoding
        }
        let length = framing.contentLength ?? 0
        if length > limits.maxBodyBytes { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
        return length
    }
}
