import Dispatch
import Synchronization

/// A response body produced over time by another thread: server-sent events, a tail of the ledger.
///
/// A responder creates a stream, hands it to a producer (a thread of its own, a ledger tailer), and returns
/// `HTTPResponse(status:headers:stream:)` at once, keeping the `HTTPResponder` contract. The event loop then
/// writes whatever the producer sends as it arrives: `Transfer-Encoding: chunked` on HTTP/1.1 (the connection
/// stays open for further requests once the stream finishes), or a body delimited by closing the connection on
/// HTTP/1.0 (RFC 9112 §6.3). A `send` wakes the owning loop through its wake pipe; nothing polls or spins.
///
/// A route and its producer:
///
///     router.add(.get, "/api/events/stream") { request, _ in
///         let stream = HTTPResponseStream()
///         let after = (try? request.lastEventSequence()) ?? nil
///         Thread { tail(after: after, into: stream) }.start()   // returns at once
///         return .serverSentEvents(stream)
///     }
///     // tail: while !stream.waitUntilClosed(timeout: .seconds(1)) { send new events, or a heartbeat }
///
/// Implementation requirements (for producers):
/// - `send` and `finish` may be called from any thread. They never block: each takes a lock, appends, and at most
///   writes one byte to the loop's wake pipe.
/// - Stop producing when `send` returns false, when `isOpen` turns false, or when the `onClose` handler runs. The
///   stream then ended for good: the producer finished it, the client went away, the server is stopping, or the
///   client read too slowly (see backpressure). `closeReason` says which.
/// - Backpressure: at most `capacity` bytes wait between the producer and the event loop, and the loop takes more
///   only while the connection has less than `HTTPConnection.streamPullThreshold` bytes unsent. A `send` that
///   would exceed `capacity` ends the stream with `.slowConsumer` and drops the connection; it never blocks the
///   producer, because one producer typically feeds many streams (a ledger tail fanned out to every open
///   console) and one stalled client must not stall the others. A server-sent-events client that is dropped
///   reconnects with `Last-Event-ID` and resumes where it stopped. A client that stops reading altogether is
///   also cut after the write timeout, with `.slowConsumer`.
/// - A client that closes or resets the connection, or shuts down its sending side while the stream is open,
///   counts as gone (`.clientDisconnected`), noticed without waiting for a write: while a stream is open the
///   server reads no further requests and watches only for the hang-up (`POLLRDHUP`, `POLLHUP`, `POLLERR`).
/// - The idle keep-alive and head deadlines do not apply while a stream is open, so a quiet stream stays open as
///   long as the producer wants. Send a heartbeat now and then (a server-sent-events comment every 15–30 s):
///   proxies keep the connection, and a client that vanished without closing is noticed at the next write.
/// - The `onClose` handler runs exactly once, on whichever thread ended the stream (an event loop, or the
///   producer's own inside `send`/`finish`). It must be quick and must not call `HTTPServer.stop()`.
/// - A stream belongs to one response. Answering HEAD, or with a status that has no content (204, 304), sends the
///   head alone and closes the stream with `.notSent`.
package final class HTTPResponseStream: Sendable {
    /// Why a stream ended.
    package enum CloseReason: Sendable, Equatable {
        /// The producer called `finish()` and every byte was handed to the connection.
        case finished
        /// The client closed or reset the connection.
        case clientDisconnected
        /// The client read too slowly: `capacity` overflowed, or written bytes waited past the write timeout.
        case slowConsumer
        /// The server is stopping; the stream was ended cleanly (last chunk sent) before the connection closed.
        case serverStopping
        /// The response went out without a body (HEAD, 204, 304), so nothing is streamed.
        case notSent
    }

    /// What the event loop finds when it takes from the stream.
    enum Pending: Sendable {
        /// Nothing new; the loop is woken by the next `send` or `finish`.
        case idle
        /// Bytes to write; more may follow.
        case data([UInt8])
        /// The last bytes (possibly none); the stream is over.
        case finished([UInt8])
        /// The stream already ended (overflow, or closed elsewhere): drop the connection.
        case closed
    }

    /// State shared by the producer and the loop, guarded by `state`'s mutex.
    private struct State: Sendable {
        /// Sent and not yet taken by the loop.
        var buffer: [UInt8] = []
        /// `finish()` was called.
        var finished = false
        /// Set once, when the stream ends.
        var closeReason: CloseReason?
        /// The loop that writes this stream, once the response reached it.
        var target: HTTPStreamWakeTarget?
        /// The loop asked to be woken by the next `send`/`finish` (it took everything and found nothing).
        var armed = false
        /// Called once when the stream ends.
        var onClose: (@Sendable (CloseReason) -> Void)?
    }

    /// Most bytes that may wait for the loop before the stream is dropped as a slow consumer.
    package let capacity: Int
    /// The shared state.
    private let state = Mutex(State())
    /// Signalled once when the stream ends, for `waitUntilClosed`.
    private let closedSignal = DispatchSemaphore(value: 0)

    /// A stream holding at most `capacity` unsent bytes (default 1 MiB) before it drops a slow client.
    package init(capacity: Int = 1 << 20) {
        self.capacity = Swift.max(1, capacity)
    }

    /// Whether the stream still accepts bytes.
    package var isOpen: Bool { state.withLock { $0.closeReason == nil && !$0.finished } }

    /// Why the stream ended, or nil while it is open (or finished and not yet fully handed to the connection).
    package var closeReason: CloseReason? { state.withLock { $0.closeReason } }

    /// Queues `bytes` for the client; false when the stream has ended (stop producing) or just overflowed.
    @discardableResult
    package func send(_ bytes: some Collection<UInt8>) -> Bool {
        let (accepted, wake, closed) = state.withLock { state -> (Bool, HTTPStreamWakeTarget?, Closing?) in
            guard state.closeReason == nil, !state.finished else { return (false, nil, nil) }
            guard state.buffer.count + bytes.count <= capacity else {
                let target = state.target
                return (false, target, Self.end(&state, .slowConsumer))
            }
            state.buffer.append(contentsOf: bytes)
            return (true, Self.disarm(&state), nil)
        }
        wake?.streamReady(self)
        if let closed { announce(closed) }
        return accepted
    }

    /// Queues UTF-8 text for the client; false when the stream has ended.
    @discardableResult
    package func send(_ text: String) -> Bool {
        send(Array(text.utf8))
    }

    /// Ends the body once the bytes already sent are written; later sends return false.
    package func finish() {
        let wake = state.withLock { state -> HTTPStreamWakeTarget? in
            guard state.closeReason == nil, !state.finished else { return nil }
            state.finished = true
            return Self.disarm(&state)
        }
        wake?.streamReady(self)
    }

    /// Runs `handler` once when the stream ends (at once, on this thread, if it already has).
    package func onClose(_ handler: @escaping @Sendable (CloseReason) -> Void) {
        let reason = state.withLock { state -> CloseReason? in
            guard let reason = state.closeReason else {
                state.onClose = handler
                return nil
            }
            return reason
        }
        if let reason { handler(reason) }
    }

    /// Blocks the calling thread until the stream ends or `timeout` passes; true if it ended (and the `onClose`
    /// handler, if any, has run).
    ///
    /// For a producer that sleeps between polls of its source (a ledger tail), so that it wakes at once when the
    /// client leaves. Never call it on an event-loop thread or from Swift concurrency.
    package func waitUntilClosed(timeout: Duration) -> Bool {
        let milliseconds = Int(timeout.nanoseconds / 1_000_000)
        guard closedSignal.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return false }
        closedSignal.signal()  // Leave it signalled for any later wait.
        return true
    }

    // MARK: Event-loop side

    /// Binds the stream to the loop that writes it (its connection received the head).
    func attach(to target: HTTPStreamWakeTarget) {
        state.withLock { $0.target = target }
    }

    /// Takes everything pending; when there is nothing, arms the wake-up for the next `send`/`finish`.
    func take() -> Pending {
        let (pending, closed) = state.withLock { state -> (Pending, Closing?) in
            if state.closeReason != nil { return (.closed, nil) }
            if state.buffer.isEmpty && !state.finished {
                state.armed = true
                return (.idle, nil)
            }
            let bytes = state.buffer
            state.buffer = []
            state.armed = false
            guard state.finished else { return (.data(bytes), nil) }
            return (.finished(bytes), Self.end(&state, .finished))
        }
        if let closed { announce(closed) }
        return pending
    }

    /// Ends the stream for `reason` unless it already ended (the loop's side: disconnect, stop, no body).
    func close(_ reason: CloseReason) {
        let closed = state.withLock { state -> Closing? in
            guard state.closeReason == nil else { return nil }
            return Self.end(&state, reason)
        }
        if let closed { announce(closed) }
    }

    /// What to announce after a stream ended, outside the lock.
    private struct Closing {
        /// The reason.
        var reason: CloseReason
        /// The producer's handler, taken out of the state so it runs once.
        var handler: (@Sendable (CloseReason) -> Void)?
    }

    /// Marks the stream ended and drops what was waiting; returns what to announce.
    private static func end(_ state: inout State, _ reason: CloseReason) -> Closing {
        state.closeReason = reason
        state.buffer = []
        state.target = nil
        let handler = state.onClose
        state.onClose = nil
        return Closing(reason: reason, handler: handler)
    }

    /// The loop to wake if it asked for a wake-up, clearing the request.
    private static func disarm(_ state: inout State) -> HTTPStreamWakeTarget? {
        guard state.armed, let target = state.target else { return nil }
        state.armed = false
        return target
    }

    /// Runs the handler, then wakes waiters (so a waiter sees the handler's effects).
    private func announce(_ closing: Closing) {
        closing.handler?(closing.reason)
        closedSignal.signal()
    }
}

/// Where streams report new bytes: one per event loop, owning the loop's list of ready streams and the write end
/// of its wake pipe. The mutex guards both, and the loop clears `fd` before closing the pipe, so a producer that
/// outlives the server can never write into a descriptor number that has since been reused.
final class HTTPStreamWakeTarget: Sendable {
    /// The wake pipe's write end (nil once the loop exited) and the streams with news.
    private let state: Mutex<(fd: Int32?, ready: [HTTPResponseStream])>

    /// A target writing to `fd`.
    init(fd: Int32) {
        state = Mutex((fd: fd, ready: []))
    }

    /// Records that `stream` has news and wakes the loop if it is not already due to wake.
    func streamReady(_ stream: HTTPResponseStream) {
        state.withLock { state in
            guard let fd = state.fd else { return }
            state.ready.append(stream)
            if state.ready.count == 1 { HTTPSocket.wake(fd) }
        }
    }

    /// The streams with news since the last call (loop thread).
    func takeReady() -> [HTTPResponseStream] {
        state.withLock { state in
            defer { state.ready.removeAll(keepingCapacity: true) }
            return state.ready
        }
    }

    /// The loop is exiting: no more wake-ups.
    func invalidate() {
        state.withLock { state in
            state.fd = nil
            state.ready = []
        }
    }
}
