import Glibc

/// An incremental HTTP/1.x request parser (RFC 9112): feed it bytes as they arrive, take complete requests out.
///
/// A pure value with no I/O: the connection owns one and hands it whatever `recv` returned, split anywhere —
/// one byte at a time or several pipelined requests at once. Scanning resumes where it stopped, so a head that
/// dribbles in costs linear time, and limits are checked as bytes arrive, not after buffering everything.
///
/// Request bodies must be framed by `Content-Length`. Chunked request bodies are refused with 411 (Length
/// Required): the control plane's clients send small JSON documents whose length they know, and not decoding
/// chunks removes the framing ambiguity behind request smuggling. Other transfer codings are answered 501.
///
/// After an error the parser stays failed: the connection answers with the error's status and closes, since the
/// boundary of the next request cannot be trusted.
package struct HTTPRequestParser: Sendable {
    /// The limits enforced.
    package let limits: HTTPRequestLimits
    /// Bytes received and not yet consumed start at `start`; consumed bytes are dropped lazily to avoid copying.
    private var buffer: [UInt8] = []
    /// Index in `buffer` of the first unconsumed byte.
    private var start = 0
    /// Progress of the head scan, in offsets from `start`.
    private var scan = HeadScan()
    /// A parsed head whose body has not fully arrived yet.
    private var pending: PendingHead?
    /// The error that stopped the parser, repeated on every later call.
    private var failure: HTTPParseError?

    /// A parser enforcing `limits`.
    package init(limits: HTTPRequestLimits = HTTPRequestLimits()) {
        self.limits = limits
    }

    /// Where the head scan stopped: offsets relative to the first unconsumed byte.
    struct HeadScan: Sendable {
        /// Where to resume looking for line feeds.
        var next = 0
        /// Start of the line being scanned.
        var lineStart = 0
        /// Start of the request line (after any leading empty lines).
        var requestLineStart = 0
        /// Offset of the line feed ending the request line, once seen.
        var requestLineEnd: Int?
        /// Field lines seen so far.
        var fieldCount = 0
        /// Empty lines before the request line, tolerated per RFC 9112 §2.2 up to a small number.
        var emptyLinesSkipped = 0
    }

    /// A head accepted and waiting for `bodyLength` bytes of content.
    struct PendingHead: Sendable {
        /// The request with an empty body.
        var request: HTTPRequest
        /// The declared `Content-Length`.
        var bodyLength: Int
        /// Whether the client waits for `100 Continue` before sending the body.
        var expectsContinue: Bool
    }

    /// Bytes received and not yet consumed by a returned request.
    package var bufferedByteCount: Int { buffer.count - start }

    /// Whether part of a request has arrived (a head in progress or a body being awaited).
    package var hasPartialRequest: Bool { pending != nil || bufferedByteCount > 0 }

    /// Whether a head was accepted and its body is still arriving.
    package var isAwaitingBody: Bool { pending != nil }

    /// Whether the accepted head asked for `100 Continue` and its body has not fully arrived.
    package var expectsContinue: Bool { pending?.expectsContinue ?? false }

    /// Appends received bytes.
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes from any byte sequence (tests and fixtures).
    package mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete request, or nil until more bytes arrive.
    package mutating func next() throws(HTTPParseError) -> HTTPRequest? {
        if let failure { throw failure }
        do {
            if pending == nil {
                guard let headLength = try scanHead() else { return nil }
                pending = try parseHead(length: headLength)
                start += headLength
                scan = HeadScan()
            }
            guard let head = pending, bufferedByteCount >= head.bodyLength else { return nil }
            var request = head.request
            if head.bodyLength > 0 {
                request.body = Array(buffer[start..<(start + head.bodyLength)])
                start += head.bodyLength
            }
            pending = nil
            return request
        } catch {
            failure = error
            throw error
        }
    }

    /// Drops consumed bytes: all of them for free when everything was consumed (the keep-alive common case),
    /// otherwise only once they dominate the buffer, so pipelined input is not shifted on every read.
    private mutating func compactIfWorthwhile() {
        guard start > 0 else { return }
        if start == buffer.count {
            // Keep a typical buffer for the next request, but hand back the memory of a large body.
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            start = 0
        } else if start >= 4096 && start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    /// Finds the end of the head (the offset just past its empty line), enforcing the line and section limits.
    private mutating func scanHead() throws(HTTPParseError) -> Int? {
        let end = buffer.count - start
        guard end > scan.next else { return nil }
        var state = scan
        let limits = self.limits
        let outcome: Result<Int?, HTTPParseError> = buffer.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress.map({ $0 + start }) else { return .success(nil) }
            while state.next < end {
                guard let found = memchr(base + state.next, 0x0A, end - state.next) else {
                    state.next = end
                    break
                }
                let lineFeed = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                var lineEnd = lineFeed
                if lineEnd > state.lineStart && base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let lineLength = lineEnd - state.lineStart
                state.next = lineFeed + 1
                if let requestLineEnd = state.requestLineEnd {
                    if lineLength == 0 { return .success(lineFeed + 1) }
                    state.fieldCount += 1
                    if state.fieldCount > limits.maxHeaderFields {
                        return .failure(.tooManyHeaderFields(limit: limits.maxHeaderFields))
                    }
                    if lineFeed - requestLineEnd > limits.maxHeaderBytes {
                        return .failure(.headerSectionTooLarge(limit: limits.maxHeaderBytes))
                    }
                } else if lineLength == 0 {
                    state.emptyLinesSkipped += 1
                    if state.emptyLinesSkipped > 4 { return .failure(.malformedRequestLine) }
                    state.requestLineStart = lineFeed + 1
                } else {
                    if lineLength > limits.maxRequestLineBytes {
                        return .failure(.requestLineTooLong(limit: limits.maxRequestLineBytes))
                    }
                    state.requestLineEnd = lineFeed
                }
                state.lineStart = lineFeed + 1
            }
            // The line in progress already breaks a limit: refuse now instead of buffering the rest of it.
            if let requestLineEnd = state.requestLineEnd {
                if end - requestLineEnd - 1 > limits.maxHeaderBytes + 2 {
                    return .failure(.headerSectionTooLarge(limit: limits.maxHeaderBytes))
                }
            } else if end - state.lineStart > limits.maxRequestLineBytes + 1 {
                return .failure(.requestLineTooLong(limit: limits.maxRequestLineBytes))
            }
            return .success(nil)
        }
        scan = state
        return try outcome.get()
    }

    /// Parses the head occupying the first `length` unconsumed bytes.
    private func parseHead(length: Int) throws(HTTPParseError) -> PendingHead {
        let scan = self.scan
        let result: Result<PendingHead, HTTPParseError> = buffer.withUnsafeBufferPointer { all in
            let head = UnsafeBufferPointer(rebasing: all[start..<(start + length)])
            return Result { () throws(HTTPParseError) -> PendingHead in
                try HTTPHeadParser(limits: limits).parse(
                    head, requestLineStart: scan.requestLineStart, requestLineEnd: scan.requestLineEnd ?? 0)
            }
        }
        return try result.get()
    }
}
