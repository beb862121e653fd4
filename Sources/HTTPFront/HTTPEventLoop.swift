import Glibc
import Synchronization

/// One event-loop thread: `poll(2)` over its connections, the HTTP work for them, and the responder calls.
///
/// Threading model (why not a thread per connection, why not a separate worker pool): a loop per core, each the
/// sole owner of its connections, reads, parses, calls the responder and writes on the same thread. A request
/// therefore costs two system calls and no hand-off between threads, which is what lets the server keep pace
/// with SwiftNIO on two cores; a thread per connection pays a context switch per request and a thread per idle
/// keep-alive client, and a worker pool pays two hand-offs. The price is that a slow responder delays the other
/// connections of its loop, which `HTTPResponder` documents. `poll` rather than `epoll` because Swift's Glibc
/// module does not export epoll and the package allows no C target; with connections spread over the loops and
/// the 1,024 cap, a scan of a few hundred descriptors per wake-up is cheap next to the requests it finds ready.
///
/// Streamed responses (`HTTPResponseStream`) are fed by producer threads: a `send` appends to the stream's own
/// bounded buffer and, when the loop asked for it, reports the stream to `streamTarget` and writes a byte to the
/// wake pipe. The loop then takes the bytes on its own thread; see `HTTPEventLoop+Streaming.swift`.
///
/// Mutable state: `inbox` is shared with the acceptor and `stop()` and guarded by its `Mutex`; `streamTarget`
/// guards its own list; everything else is touched only by the loop's own thread after `run()` starts, which is
/// why the class is `@unchecked Sendable`.
final class HTTPEventLoop: @unchecked Sendable {
    /// A socket handed over by the acceptor.
    struct Arrival: Sendable {
        /// The connected socket, non-blocking.
        var fd: Int32
        /// The peer as `address:port`.
        var remoteAddress: String
        /// Over the connection cap: answer 503 and close.
        var refused: Bool
        /// Arrived at or over the cap: the loop makes room before adopting it.
        var overCap = false
    }

    /// Messages for the loop, written by other threads.
    private struct Inbox: Sendable {
        /// Sockets to adopt.
        var arrivals: [Arrival] = []
        /// Set once by `stop(deadline:)`.
        var stopDeadline: UInt64?
    }

    /// A connection and what the loop keeps beside it.
    struct Slot {
        /// The socket.
        var fd: Int32
        /// Its state machine.
        var connection: HTTPConnection
        /// Handed to the responder with each request.
        var context: RequestContext
        /// Counted under `refusing` rather than `open`.
        var refused: Bool
        /// The streamed response being written, if any.
        var session: StreamSession?
        /// Already taken off the `open` count (evicted to make room): closing it must not count it again.
        var released = false
    }

    /// A streamed response in progress on a connection, and what its access-log entry needs.
    struct StreamSession {
        /// The producer's stream.
        var stream: HTTPResponseStream
        /// The request method, for the log.
        var method: String
        /// The request path, for the log.
        var path: String
        /// The response status, for the log.
        var status: HTTPStatus
        /// When the request was taken.
        var started: UInt64
        /// Body bytes handed to the connection so far.
        var bytes = 0
    }

    /// Arrivals and the stop request, written by other threads.
    private let inbox = Mutex(Inbox())
    /// Set by `stop(deadline:)` before the loop reads its inbox, so a response finished meanwhile says `close`.
    private let stopRequested = Atomic<Bool>(false)
    /// Wakes the loop's `poll` when the inbox changes.
    private let wake: (read: Int32, write: Int32)
    /// Where streams report new bytes; wakes through `wake.write`.
    let streamTarget: HTTPStreamWakeTarget
    /// Answers requests, on this loop's thread.
    private let responder: any HTTPResponder
    /// Limits, timeouts and the access-log hook.
    let configuration: HTTPServerConfiguration
    /// Open and refusing connection counts, shared with the acceptor.
    private let counters: HTTPServerCounters
    /// How often deadlines are checked.
    private let sweepInterval: UInt64
    /// Where `recv` writes; one per loop, since the parser copies what it keeps.
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    // Loop-thread state: `pollSet[0]` is the wake pipe and `pollSet[i + 1]` belongs to `slots[i]`.
    /// The descriptors `poll` watches.
    private var pollSet: [pollfd] = []
    /// The connections, parallel to `pollSet[1...]`.
    var slots: [Slot] = []
    /// When the loop must exit whatever remains (set on stop).
    var stopDeadline: UInt64?

    /// A loop that will serve `responder`; call `run()` on its own thread.
    init(responder: any HTTPResponder, configuration: HTTPServerConfiguration, counters: HTTPServerCounters)
        throws(SocketError)
    {
        self.wake = try HTTPSocket.wakePipe()
        self.streamTarget = HTTPStreamWakeTarget(fd: wake.write)
        self.responder = responder
        self.configuration = configuration
        self.counters = counters
        // A quarter of the shortest timeout keeps every deadline within 25% of its value, 5 ms to 250 ms.
        let quarter = configuration.timeouts.shortest.nanoseconds / 4
        self.sweepInterval = Swift.min(Swift.max(quarter, 5_000_000), 250_000_000)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Hands an accepted socket to this loop (any thread).
    func adopt(_ arrival: Arrival) {
        let shouldWake = inbox.withLock { inbox in
            inbox.arrivals.append(arrival)
            return inbox.arrivals.count == 1
        }
        if shouldWake { HTTPSocket.wake(wake.write) }
    }

    /// Asks the loop to finish its requests and exit, cutting what remains at `deadline` (any thread).
    func stop(deadline: UInt64) {
        stopRequested.store(true, ordering: .relaxed)
        inbox.withLock { $0.stopDeadline = deadline }
        HTTPSocket.wake(wake.write)
    }

    /// Runs until stopped and drained; closes every descriptor it owns on the way out.
    func run() {
        defer {
            // Producers must stop writing into the pipe before it closes, and learn that their streams ended.
            streamTarget.invalidate()
            for slot in slots {
                slot.session?.stream.close(.serverStopping)
                if slot.released { Glibc.close(slot.fd) } else { closeSocket(slot.fd, refused: slot.refused) }
            }
            slots.removeAll()
            // Sockets handed over but never adopted (none once the acceptor has exited first, but be sure).
            for arrival in inbox.withLock({ $0.arrivals }) {
                closeSocket(arrival.fd, refused: arrival.refused)
            }
            Glibc.close(wake.read)
            Glibc.close(wake.write)
        }
        pollSet = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        var now = MonotonicTime.now()
        var nextSweep = now &+ sweepInterval
        while true {
            let waitUntil = Swift.min(nextSweep, stopDeadline ?? .max)
            let timeout = waitUntil > now ? Int32(Swift.min((waitUntil - now) / 1_000_000 + 1, 1000)) : 0
            let ready = poll(&pollSet, nfds_t(pollSet.count), timeout)
            now = MonotonicTime.now()
            if ready > 0 {
                if pollSet[0].revents != 0 { takeInbox(now: now) }
                for index in slots.indices where pollSet[index + 1].revents != 0 {
                    now = handle(index, events: pollSet[index + 1].revents, now: now)
                }
            }
            if now >= nextSweep {
                sweep(now: now)
                nextSweep = now &+ sweepInterval
            }
            removeClosed()
            if let stopDeadline, slots.isEmpty || now >= stopDeadline { return }
        }
    }

    /// Adopts new sockets and notices a stop request.
    private func takeInbox(now: UInt64) {
        HTTPSocket.drain(wake.read)
        let (arrivals, deadline) = inbox.withLock { inbox in
            defer { inbox.arrivals.removeAll(keepingCapacity: true) }
            return (inbox.arrivals, inbox.stopDeadline)
        }
        // Over the cap, room is made first (this loop's longest-silent connections; the acceptor nudged the others
        // too), and the arrival is served: only the acceptor's hard bound refuses.
        if arrivals.contains(where: \.overCap) { evictOverCap(now: now) }
        for arrival in arrivals {
            let connection: HTTPConnection
            if arrival.refused {
                let response = HTTPResponse.error(
                    .serviceUnavailable, code: "too_many_connections",
                    message: "The server has too many open connections; retry shortly.")
                connection = HTTPConnection(rejecting: response, timeouts: configuration.timeouts, now: now)
            } else {
                connection = HTTPConnection(limits: configuration.limits, timeouts: configuration.timeouts, now: now)
            }
            let id = counters.nextConnectionID.add(1, ordering: .relaxed).oldValue
            let context = RequestContext(remoteAddress: arrival.remoteAddress, connectionID: id)
            slots.append(Slot(fd: arrival.fd, connection: connection, context: context, refused: arrival.refused))
            pollSet.append(pollfd(fd: arrival.fd, events: 0, revents: 0))
            // A refused connection's 503 goes out at once; a stopping loop still answers then closes arrivals.
            if stopDeadline != nil { slots[slots.count - 1].connection.beginShutdown(now: now) }
            flush(slots.count - 1, now: now)
        }
        evictOverCap(now: now)
        if let deadline, stopDeadline == nil {
            stopDeadline = deadline
            for index in slots.indices {
                slots[index].connection.beginShutdown(now: now)
                endStreamForShutdown(index, now: now)
                flush(index, now: now)
            }
        }
        var now = now
        let ready = streamTarget.takeReady()
        guard !ready.isEmpty else { return }
        let identities = Set(ready.map(ObjectIdentifier.init))
        for index in slots.indices {
            guard let stream = slots[index].session?.stream, identities.contains(ObjectIdentifier(stream)) else {
                continue
            }
            // Writes what arrived; if the stream finished on a kept-alive connection, answers what is pipelined.
            now = handle(index, events: 0, now: now)
        }
    }

    /// Reads, answers and writes for one ready connection; returns the time after any responder calls.
    private func handle(_ index: Int, events: Int16, now: UInt64) -> UInt64 {
        var now = now
        if events & Int16(POLLNVAL) != 0 {
            slots[index].connection.abort()
            return now
        }
        if slots[index].connection.isStreaming {
            // POLLHUP and POLLERR are reported whatever was asked for, and nothing is read while streaming, so
            // they must end the stream here or poll would return at once forever; `removeClosed` tells the producer.
            let watchesForHangUp = slots[index].connection.watchesForHangUp
            let hangUp = Int16(POLLHUP | POLLERR) | (watchesForHangUp ? Self.pollReadHangUp : 0)
            if events & hangUp != 0 {
                slots[index].connection.abort()
                return now
            }
        }
        if events & Int16(POLLIN | POLLHUP | POLLERR) != 0 && slots[index].connection.wantsRead {
            readAvailable(index, now: now)
        }
        now = serve(index, now: now)
        flush(index, now: now)
        // Answers were held back while the client was not reading; now that it has, serve what is buffered.
        while slots[index].connection.phase == .open && slots[index].connection.queuedOutputCount == 0 {
            let before = slots[index].connection.requestsAnswered
            now = serve(index, now: now)
            guard slots[index].connection.requestsAnswered != before else { break }
            flush(index, now: now)
        }
        return now
    }

    /// One `recv` into the loop's buffer, fed to the connection.
    private func readAvailable(_ index: Int, now: UInt64) {
        let fd = slots[index].fd
        var received: Int
        repeat {
            received = recv(fd, readBuffer.baseAddress, readBuffer.count, 0)
        } while received < 0 && errno == EINTR
        if received > 0 {
            slots[index].connection.receive(UnsafeRawBufferPointer(rebasing: readBuffer[..<received]), now: now)
        } else if received == 0 {
            slots[index].connection.receiveEndOfInput(now: now)
        } else if errno != EAGAIN && errno != EWOULDBLOCK {
            slots[index].connection.abort()
        }
    }

    /// Answers every complete request buffered on the connection, in order.
    private func serve(_ index: Int, now: UInt64) -> UInt64 {
        var now = now
        while let event = slots[index].connection.nextEvent(now: now) {
            switch event {
            case .request(let request):
                let started = now
                let response = responder.respond(to: request, context: slots[index].context)
                now = MonotonicTime.now()
                if stopRequested.load(ordering: .relaxed) { slots[index].connection.beginShutdown(now: now) }
                let bytes = slots[index].connection.respond(response, now: now)
                if let stream = response.stream {
                    guard slots[index].connection.isStreaming else {
                        stream.close(.notSent)
                        logRequest(request, response.status, 0, started, now, index)
                        continue
                    }
                    // Logged when the stream ends, with its length and duration.
                    slots[index].session = StreamSession(
                        stream: stream, method: request.method.rawValue, path: String(request.path),
                        status: response.status, started: started)
                    stream.attach(to: streamTarget)
                    if stopDeadline != nil { endStreamForShutdown(index, now: now) }
                    return now
                }
                logRequest(request, response.status, bytes, started, now, index)
                // Stop after a burst so one pipelining client cannot starve the loop's other connections.
                if slots[index].connection.queuedOutputCount >= HTTPConnection.maxQueuedOutput { return now }
            case .rejected(let error):
                log("-", "-", error.status, 0, now, now, remoteAddress: slots[index].context.remoteAddress)
            }
        }
        return now
    }

    /// Reports a request to the access log, if any.
    private func logRequest(
        _ request: HTTPRequest, _ status: HTTPStatus, _ bytes: Int, _ started: UInt64, _ now: UInt64, _ index: Int
    ) {
        guard configuration.accessLog != nil else { return }
        log(
            request.method.rawValue, String(request.path), status, bytes, started, now,
            remoteAddress: slots[index].context.remoteAddress)
    }

    /// Sends queued bytes (and streamed bytes as they are taken) until done or the socket is full, then sets what
    /// to poll for.
    private func flush(_ index: Int, now: UInt64) {
        let fd = slots[index].fd
        if slots[index].session != nil { pump(index, now: now) }
        while slots[index].connection.wantsWrite {
            let sent = slots[index].connection.withQueuedOutput { bytes in
                send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                switch slots[index].connection.didSend(sent, now: now) {
                case .keepOpen: break
                case .shutdownWrite: Glibc.shutdown(fd, Int32(SHUT_WR))
                case .close: break
                }
                if slots[index].session != nil { pump(index, now: now) }
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                // EPIPE or ECONNRESET: the client left mid-response. Its loss; the loop goes on.
                slots[index].connection.abort()
            }
        }
        let connection = slots[index].connection
        var events: Int32 = 0
        if connection.wantsRead { events |= Int32(POLLIN) }
        if connection.wantsWrite { events |= Int32(POLLOUT) }
        pollSet[index + 1].events = Int16(events) | (connection.watchesForHangUp ? Self.pollReadHangUp : 0)
    }

    /// Asks the loop to make room if the server is over its cap (any thread; the acceptor calls it).
    func nudge() {
        HTTPSocket.wake(wake.write)
    }

    /// Over the cap (the acceptor let a connection in above it), closes this loop's longest-silent idle
    /// connections — clients that connected and sent nothing, or keep-alive connections between requests — so a client that sends a request is served instead of refused while idle sockets hold every
    /// place. Each eviction takes its place off `open` at once (a compare-and-swap), so loops never evict twice
    /// for one arrival.
    /// A connection younger than this is never evicted: a client that connected this instant has had no time to
    /// send its request yet.
    static let evictionGrace: UInt64 = 25_000_000

    private func evictOverCap(now: UInt64) {
        // Once over the cap, make room down to one headroom below it: a flood arrives in bursts, and the slack is
        // what lets the next real client in before the loops have run again.
        guard counters.open.load(ordering: .relaxed) > configuration.maxConnections else { return }
        let cap = configuration.maxConnections - HTTPAcceptor.headroom(configuration.maxConnections)
        let candidates = slots.indices.filter {
            !slots[$0].refused && !slots[$0].released && slots[$0].connection.isEvictable
                && now &- slots[$0].connection.lastActivity >= Self.evictionGrace
        }.sorted { slots[$0].connection.lastActivity < slots[$1].connection.lastActivity }
        for index in candidates where Self.isSilent(slots[index].fd) {
            var current = counters.open.load(ordering: .relaxed)
            var claimed = false
            while current > cap {
                let (exchanged, original) = counters.open.compareExchange(
                    expected: current, desired: current - 1, ordering: .relaxed)
                if exchanged {
                    claimed = true
                    break
                }
                current = original
            }
            guard claimed else { return }
            slots[index].released = true
            slots[index].connection.evict()
        }
    }

    /// True when nothing has arrived on `fd` that the loop has not read yet (a request already on its way makes a
    /// connection busy, not silent).
    private static func isSilent(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// Applies deadlines to every connection.
    private func sweep(now: UInt64) {
        evictOverCap(now: now)
        for index in slots.indices where slots[index].connection.phase != .closed {
            slots[index].connection.tick(now: now)
            if slots[index].connection.phase == .closed, let session = slots[index].session {
                // Only the write deadline runs while streaming: the client stopped reading.
                session.stream.close(.slowConsumer)
            }
            if slots[index].connection.wantsWrite { flush(index, now: now) }
        }
    }

    /// Closes and forgets connections that reached `.closed`, swapping the last slot into each hole.
    private func removeClosed() {
        var index = 0
        while index < slots.count {
            guard slots[index].connection.phase == .closed else {
                index += 1
                continue
            }
            if slots[index].session != nil {
                endSession(index, reason: stopDeadline == nil ? .clientDisconnected : .serverStopping)
            }
            if slots[index].released {
                Glibc.close(slots[index].fd)
            } else {
                closeSocket(slots[index].fd, refused: slots[index].refused)
            }
            slots.swapAt(index, slots.count - 1)
            pollSet.swapAt(index + 1, pollSet.count - 1)
            slots.removeLast()
            pollSet.removeLast()
        }
    }

    /// Closes the socket and releases its place under the cap.
    private func closeSocket(_ fd: Int32, refused: Bool) {
        Glibc.close(fd)
        if refused {
            counters.refusing.subtract(1, ordering: .relaxed)
        } else {
            counters.open.subtract(1, ordering: .relaxed)
        }
    }
}
