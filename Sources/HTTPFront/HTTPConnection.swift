/// The life of one connection as a pure state machine: bytes and instants in, requests and bytes to send out.
///
/// The event loop owns the socket and does every system call; this value decides what the bytes mean, what to
/// send, when to stop reading, which deadline applies and when to close. Time is passed in (`now`, nanoseconds on
/// the monotonic clock), so every timeout can be tested without waiting.
///
/// Requests are handed out one at a time and answered in order (`nextEvent` returns nothing while one is in
/// flight), which is what keeps pipelined responses in request order. Response bytes queue in `output`; past
/// `maxQueuedOutput` no further request is taken and nothing more is read until the client reads.
///
/// A streamed response (`HTTPResponse.stream`) puts the connection in a streaming state: the head goes out at
/// once, the loop appends body bytes as the producer sends them (`appendStreamData`) and ends the body with
/// `endStream`. Meanwhile no request is read or answered, no idle or head deadline runs (only the write deadline
/// while bytes wait), and the loop watches the socket only for the client hanging up.
package struct HTTPConnection: Sendable {
    /// Where the connection is in its life.
    package enum Phase: Sendable, Equatable {
        /// Reading and answering requests.
        case open
        /// Sending the last queued bytes; then the write side is shut down.
        case closingAfterWrite
        /// Write side shut down; input is read and discarded until end of input or the linger deadline.
        case lingering
        /// Done: the loop closes the socket.
        case closed
    }

    /// What the loop should do next for this connection.
    package enum Event: Sendable {
        /// A complete request to answer with `respond(_:now:)`.
        case request(HTTPRequest)
        /// The request was refused; the error response is queued and the connection will close.
        case rejected(HTTPParseError)
    }

    /// What the loop should do after sending bytes.
    package enum WriteOutcome: Sendable, Equatable {
        /// Nothing special.
        case keepOpen
        /// Shut down the write side (`shutdown(SHUT_WR)`) and keep reading to linger.
        case shutdownWrite
        /// Close the socket.
        case close
    }

    /// Which deadline is running.
    private enum DeadlineKind: Sendable {
        /// Waiting for a head to complete (from accept, or from a request's first byte).
        case head
        /// Waiting for the body of an accepted head.
        case body
        /// Keep-alive connection with nothing in progress.
        case idle
        /// Response bytes waiting for the client to read them.
        case write
        /// Discarding input after the final response.
        case linger
        /// A streamed body open with nothing waiting to be written: no deadline.
        case stream
    }

    /// A streamed body in progress.
    private struct Streaming: Sendable {
        /// Chunked (HTTP/1.1) rather than delimited by closing the connection (HTTP/1.0).
        var chunked: Bool
        /// Whether the connection stays open after the body.
        var keepAlive: Bool
    }

    /// A request handed out and not yet answered.
    private struct InFlight: Sendable {
        /// Its method (HEAD responses carry no body).
        var method: HTTPMethod
        /// Its version (HTTP/1.0 keep-alive is confirmed explicitly).
        var version: HTTPVersion
        /// Whether the connection stays open after the response.
        var keepAlive: Bool
    }

    /// Beyond this many queued response bytes, pipelined requests wait until the client reads.
    package static let maxQueuedOutput = 256 * 1024
    /// A streamed body is taken from its producer only while fewer unsent bytes than this are queued, so a slow
    /// client leaves the backlog in the stream's bounded buffer, where it counts against the stream's capacity.
    package static let streamPullThreshold = 64 * 1024

    /// The current phase.
    package private(set) var phase: Phase = .open
    /// Requests answered so far.
    package private(set) var requestsAnswered = 0
    /// Turns received bytes into requests.
    private var parser: HTTPRequestParser
    /// The deadlines applied.
    private let timeouts: HTTPTimeouts
    /// Serialised responses; `output[outputSent...]` is still to be sent.
    private var output: [UInt8] = []
    /// How much of `output` the socket has taken.
    private var outputSent = 0
    /// When the running deadline expires (monotonic nanoseconds).
    private var deadline: UInt64 = 0
    /// Which deadline is running.
    private var deadlineKind = DeadlineKind.head
    /// The request handed out and not yet answered.
    private var inFlight: InFlight?
    /// Whether `100 Continue` went out for the request whose body is arriving.
    private var continueSent = false
    /// Whether the client shut down its sending side.
    private var inputEnded = false
    /// Whether the server is stopping: the next response closes the connection.
    private var shuttingDown = false
    /// The streamed body in progress, if any.
    private var streaming: Streaming?

    /// A new connection accepted at `now`; its first head must arrive within the head timeout.
    package init(limits: HTTPRequestLimits, timeouts: HTTPTimeouts, now: UInt64) {
        parser = HTTPRequestParser(limits: limits)
        self.timeouts = timeouts
        lastActivity = now
        deadline = now &+ timeouts.head.nanoseconds
        output.reserveCapacity(1024)
    }

    /// A connection refused on arrival (over the connection cap): it sends `response`, then closes.
    package init(rejecting response: HTTPResponse, timeouts: HTTPTimeouts, now: UInt64) {
        self.init(limits: HTTPRequestLimits(), timeouts: timeouts, now: now)
        response.serialize(into: &output, options: .init(close: true))
        phase = .closingAfterWrite
        rearm(now: now)
    }

    /// Whether the loop should poll for input.
    package var wantsRead: Bool {
        switch phase {
        case .open:
            return !inputEnded && inFlight == nil && streaming == nil && queuedOutputCount < Self.maxQueuedOutput
        case .lingering: return true
        case .closingAfterWrite, .closed: return false
        }
    }

    /// Whether bytes are waiting to be sent (never after the socket failed).
    package var wantsWrite: Bool { phase != .closed && queuedOutputCount > 0 }

    /// Response bytes queued and not yet sent.
    package var queuedOutputCount: Int { output.count - outputSent }

    /// Whether nothing is in progress: no partial request, nothing in flight, nothing queued.
    package var isIdle: Bool {
        inFlight == nil && streaming == nil && !parser.hasPartialRequest && queuedOutputCount == 0
    }

    /// Whether a streamed body is in progress.
    package var isStreaming: Bool { streaming != nil }

    /// Whether a streamed body is in progress and has room for more bytes (`streamPullThreshold`).
    package var wantsStreamData: Bool {
        streaming != nil && phase == .open && queuedOutputCount < Self.streamPullThreshold
    }

    /// Whether the loop should watch for the client hanging up (`POLLRDHUP`): while streaming, input is not read,
    /// so this is how a client that leaves is noticed before the next write. Not after the client already shut
    /// down its sending side, which a level-triggered poll would report again and again.
    package var watchesForHangUp: Bool { streaming != nil && phase == .open && !inputEnded }

    /// Feeds bytes the socket delivered.
    package mutating func receive(_ bytes: UnsafeRawBufferPointer, now: UInt64) {
        guard phase == .open, !bytes.isEmpty else { return }
        lastActivity = now
        parser.append(bytes)
        rearm(now: now)
    }

    /// When the client last sent a byte (or connected): the longest-silent idle connection is closed first when the
    /// server is at its connection cap.
    package private(set) var lastActivity: UInt64

    /// Whether the connection can be closed to make room without losing anything: open, idle (nothing partial,
    /// nothing in flight or queued), so the client is between requests or has sent nothing at all.
    package var isEvictable: Bool { phase == .open && isIdle }

    /// Closes an evictable connection silently (as an idle timeout would).
    package mutating func evict() {
        guard isEvictable else { return }
        phase = .closed
    }

    /// The client shut down its sending side (`recv` returned 0).
    package mutating func receiveEndOfInput(now: UInt64) {
        inputEnded = true
        if phase == .lingering { phase = .closed }
        rearm(now: now)
    }

    /// The socket failed (reset, broken pipe): nothing more can be sent.
    package mutating func abort() {
        phase = .closed
        streaming = nil
        output = []
        outputSent = 0
    }

    /// The next request to answer, or a refusal; nil when waiting for bytes, for the client to read, or for the
    /// request in flight to be answered.
    package mutating func nextEvent(now: UInt64) -> Event? {
        guard phase == .open, inFlight == nil, streaming == nil, queuedOutputCount < Self.maxQueuedOutput else {
            return nil
        }
        do {
            if let request = try parser.next() {
                inFlight = InFlight(
                    method: request.method, version: request.version,
                    keepAlive: request.wantsKeepAlive && !shuttingDown)
                return .request(request)
            }
        } catch {
            reject(error, now: now)
            return .rejected(error)
        }
        if parser.expectsContinue && !continueSent {
            output.append(contentsOf: HTTPResponse.continueBytes)
            continueSent = true
        }
        if inputEnded {
            if parser.hasPartialRequest {
                reject(.truncatedRequest, now: now)
                return .rejected(.truncatedRequest)
            }
            phase = queuedOutputCount > 0 ? .closingAfterWrite : .closed
        }
        rearm(now: now)
        return nil
    }

    /// Queues the response to the request in flight; returns the content bytes queued (for the access log).
    @discardableResult
    package mutating func respond(_ response: HTTPResponse, now: UInt64) -> Int {
        guard let request = inFlight else { return 0 }
        inFlight = nil
        continueSent = false
        requestsAnswered += 1
        let close = !request.keepAlive || shuttingDown
        if response.stream != nil {
            return respondStreaming(response, request: request, close: close, now: now)
        }
        let options = HTTPResponse.WireOptions(
            headOnly: request.method == .head, close: close, confirmKeepAlive: request.version == .http1_0)
        let sent = response.serialize(into: &output, options: options)
        if close && phase == .open { phase = .closingAfterWrite }
        rearm(now: now)
        return sent
    }

    /// Queues the head of a streamed response; the body follows through `appendStreamData` unless the request
    /// was HEAD or the status forbids content, in which case the head is all (and `isStreaming` stays false).
    private mutating func respondStreaming(_ response: HTTPResponse, request: InFlight, close: Bool, now: UInt64)
        -> Int
    {
        // HTTP/1.1 streams are chunked so the connection can outlive them; HTTP/1.0 knows no chunks, so its body
        // ends with the connection (RFC 9112 §6.3, rule 8).
        let chunked = request.version == .http1_1
        let close = close || !chunked
        let bodiless = request.method == .head || response.status.forbidsBody
        let framing: HTTPResponse.Framing? = response.status.forbidsBody ? nil : chunked ? .chunked : .untilClose
        response.serializeHead(into: &output, framing: framing, options: .init(close: close))
        if bodiless {
            if close && phase == .open { phase = .closingAfterWrite }
        } else {
            streaming = Streaming(chunked: chunked, keepAlive: !close)
        }
        rearm(now: now)
        return 0
    }

    /// Queues body bytes of the streamed response in progress (one chunk when chunked).
    package mutating func appendStreamData(_ bytes: [UInt8], now: UInt64) {
        guard let streaming, phase == .open, !bytes.isEmpty else { return }
        if streaming.chunked {
            HTTPResponse.appendChunk(bytes, to: &output)
        } else {
            output.append(contentsOf: bytes)
        }
        rearm(now: now)
    }

    /// Ends the streamed body: the last chunk, then back to reading requests, or closing when the connection
    /// does not stay open (HTTP/1.0, `Connection: close`, server stopping).
    package mutating func endStream(now: UInt64) {
        guard let ended = streaming else { return }
        streaming = nil
        guard phase == .open else { return }
        if ended.chunked { output.append(contentsOf: HTTPResponse.lastChunk) }
        if !ended.keepAlive || shuttingDown {
            phase = queuedOutputCount > 0 ? .closingAfterWrite : .closed
        }
        rearm(now: now)
    }

    /// Calls `body` with the queued bytes so the loop can send them.
    package func withQueuedOutput<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        output.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[outputSent...])) }
    }

    /// Records that `count` queued bytes were sent.
    package mutating func didSend(_ count: Int, now: UInt64) -> WriteOutcome {
        outputSent += count
        guard queuedOutputCount == 0 else {
            // Progress restarts the write deadline: only a client that stops reading entirely is cut off.
            deadline = now &+ timeouts.write.nanoseconds
            return .keepOpen
        }
        // Idle keep-alive connections keep a small buffer, not the peak of their largest response.
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputSent = 0
        guard phase == .closingAfterWrite else {
            rearm(now: now)
            return .keepOpen
        }
        if inputEnded {
            phase = .closed
            return .close
        }
        phase = .lingering
        rearm(now: now)
        return .shutdownWrite
    }

    /// Applies the running deadline: queues a 408 for a stalled request or closes an idle or stuck connection.
    package mutating func tick(now: UInt64) {
        guard phase != .closed, inFlight == nil, now >= deadline else { return }
        switch deadlineKind {
        case .head where parser.hasPartialRequest && phase == .open:
            reject(.headTimeout, now: now)
        case .body where phase == .open:
            reject(.bodyTimeout, now: now)
        default:
            phase = .closed
        }
    }

    /// The server is stopping: close now if idle, otherwise finish the request in progress and then close.
    package mutating func beginShutdown(now: UInt64) {
        shuttingDown = true
        // A stream is ended by the loop (which closes its producer first), then the connection closes after it.
        if streaming != nil { return }
        if phase == .lingering {
            // Its final response is already delivered; lingering would only delay the stop.
            phase = .closed
            return
        }
        guard phase == .open, inFlight == nil, !parser.hasPartialRequest else { return }
        phase = queuedOutputCount > 0 ? .closingAfterWrite : .closed
        rearm(now: now)
    }

    /// Queues the error response for `error` and stops taking requests.
    private mutating func reject(_ error: HTTPParseError, now: UInt64) {
        guard phase == .open else { return }
        HTTPResponse.error(error).serialize(into: &output, options: .init(close: true))
        phase = .closingAfterWrite
        rearm(now: now)
    }

    /// Picks the deadline for the current state, starting it afresh only when the kind of wait changes.
    private mutating func rearm(now: UInt64) {
        let kind: DeadlineKind
        let timeout: Duration
        if phase == .lingering {
            (kind, timeout) = (.linger, timeouts.linger)
        } else if queuedOutputCount > 0 {
            (kind, timeout) = (.write, timeouts.write)
        } else if streaming != nil {
            // A quiet stream is not an idle connection: it stays open until the producer or the client ends it.
            deadlineKind = .stream
            deadline = .max
            return
        } else if parser.isAwaitingBody {
            (kind, timeout) = (.body, timeouts.body)
        } else if parser.hasPartialRequest || requestsAnswered == 0 {
            (kind, timeout) = (.head, timeouts.head)
        } else {
            (kind, timeout) = (.idle, timeouts.idle)
        }
        guard kind != deadlineKind else { return }
        deadlineKind = kind
        deadline = now &+ timeout.nanoseconds
    }
}
