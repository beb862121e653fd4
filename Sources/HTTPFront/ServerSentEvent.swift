/// One server-sent event (HTML Living Standard §9.2, "Server-sent events"), encoded for a `text/event-stream`.
///
/// Every field is optional. `data` may hold several lines (split on CRLF, CR or LF, each sent as its own
/// `data:` line, which the client joins with LF); `id` and `event` are single-line by definition, so line breaks
/// and NUL in them are dropped rather than allowed to start a field of their own. A value with only `comment` is
/// a heartbeat: clients ignore it, proxies and the server's write path see traffic.
package struct ServerSentEvent: Sendable, Equatable {
    /// The event id the client echoes in `Last-Event-ID` when it reconnects (e.g. the ledger sequence number).
    package var id: String?
    /// The event type (`message` when absent), which picks the client's listener.
    package var event: String?
    /// The payload; nil sends no `data:` line (and the client dispatches nothing).
    package var data: String?
    /// How long the client waits before reconnecting, in milliseconds.
    package var retry: Int?
    /// A comment line (`: text`), ignored by clients.
    package var comment: String?

    /// An event with the given fields.
    package init(
        id: String? = nil, event: String? = nil, data: String? = nil, retry: Int? = nil, comment: String? = nil
    ) {
        self.id = id
        self.event = event
        self.data = data
        self.retry = retry
        self.comment = comment
    }

    /// A comment-only heartbeat, `: keep-alive`.
    package static let heartbeat = ServerSentEvent(comment: "keep-alive")

    /// The event as bytes, ending with the blank line that dispatches it.
    package var encoded: [UInt8] {
        var output: [UInt8] = []
        append(to: &output)
        return output
    }

    /// Appends the event to `output`.
    package func append(to output: inout [UInt8]) {
        if let comment {
            for line in Self.lines(comment) { Self.field(":", line, to: &output) }
        }
        if let retry, retry >= 0 { Self.field("retry:", String(retry).utf8[...], to: &output) }
        if let id { Self.field("id:", Self.singleLine(id), to: &output) }
        if let event { Self.field("event:", Self.singleLine(event), to: &output) }
        if let data {
            for line in Self.lines(data) { Self.field("data:", line, to: &output) }
        }
        output.append(0x0A)
    }

    /// `name value LF`, with one space after the colon (which the client strips) when there is a value.
    private static func field(_ name: StaticString, _ value: Substring.UTF8View, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        if !value.isEmpty {
            output.append(0x20)
            output.append(contentsOf: value)
        }
        output.append(0x0A)
    }

    /// The lines of `text`, split on CRLF, CR or LF as the event-stream grammar does; one empty line for "".
    private static func lines(_ text: String) -> [Substring.UTF8View] {
        var lines: [Substring.UTF8View] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D else {
                index = utf8.index(after: index)
                continue
            }
            lines.append(text[start..<index].utf8)
            var next = utf8.index(after: index)
            if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
            start = next
            index = next
        }
        lines.append(text[start...].utf8)
        return lines
    }

    /// `text` without CR, LF or NUL, which cannot appear inside a single field.
    private static func singleLine(_ text: String) -> Substring.UTF8View {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else { return text[...].utf8 }
        let kept = text.utf8.filter { $0 != 0x0A && $0 != 0x0D && $0 != 0 }
        return String(decoding: kept, as: UTF8.self)[...].utf8
    }
}

extension HTTPResponseStream {
    /// Queues one encoded event; false when the stream has ended (stop producing).
    @discardableResult
    package func send(_ event: ServerSentEvent) -> Bool {
        send(event.encoded)
    }
}

extension HTTPResponse {
    /// A `text/event-stream` response fed by `stream` (`Cache-Control: no-cache`, as the standard advises).
    package static func serverSentEvents(_ stream: HTTPResponseStream, headers: HTTPHeaders = HTTPHeaders())
        -> HTTPResponse
    {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "text/event-stream")
        if headers["Cache-Control"] == nil { headers.add(name: "Cache-Control", value: "no-cache") }
        return HTTPResponse(status: .ok, headers: headers, stream: stream)
    }
}

extension HTTPRequest {
    /// The `Last-Event-ID` a reconnecting event-stream client sends (the id of the last event it received), or
    /// nil when absent or empty.
    package var lastEventID: String? {
        guard let value = headers["Last-Event-ID"], !value.isEmpty else { return nil }
        return value
    }

    /// `Last-Event-ID` as a sequence number, for streams whose ids are ledger sequence numbers; nil when absent.
    ///
    /// Throws when the header is present but not a whole number, so a route can answer 400 instead of silently
    /// replaying from the start.
    package func lastEventSequence() throws(LastEventIDError) -> UInt64? {
        guard let text = lastEventID else { return nil }
        guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = UInt64(text) else {
            throw LastEventIDError(value: text)
        }
        return value
    }
}

/// A `Last-Event-ID` that is not the whole number a sequence-numbered stream expects.
package struct LastEventIDError: Error, Equatable, CustomStringConvertible {
    /// The header's value.
    package var value: String
    /// A message a client can act on.
    package var description: String {
        "Last-Event-ID must be the sequence number of an event (a whole number); got '\(value)'."
    }
}
