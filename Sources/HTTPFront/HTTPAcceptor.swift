import Glibc
import Synchronization

/// The accepting thread: takes connections off the listener, applies the connection cap and deals them out to
/// the loops round-robin, so load spreads evenly whatever order clients connect in.
///
/// Mutable state (`nextLoop`) is touched only by the acceptor's own thread; the listener and wake pipe are
/// immutable descriptors, so the class is `@unchecked Sendable` with no lock.
final class HTTPAcceptor: @unchecked Sendable {
    /// The listening socket (non-blocking), closed when the acceptor exits.
    private let listener: Int32
    /// Wakes the acceptor's `poll` when the server stops.
    private let wake: (read: Int32, write: Int32)
    /// The loops connections are dealt to.
    private let loops: [HTTPEventLoop]
    /// Open and refusing connection counts, shared with the loops.
    private let counters: HTTPServerCounters
    /// The connection cap.
    private let maxConnections: Int
    /// The loop that gets the next connection (acceptor thread only).
    private var nextLoop = 0

    /// An acceptor for `listener` (already listening, non-blocking), feeding `loops`.
    init(listener: Int32, loops: [HTTPEventLoop], counters: HTTPServerCounters, maxConnections: Int)
        throws(SocketError)
    {
        self.wake = try HTTPSocket.wakePipe()
        self.listener = listener
        self.loops = loops
        self.counters = counters
        self.maxConnections = maxConnections
    }

    /// Stops accepting and closes the listener (any thread); connections already handed out are unaffected.
    func stop() {
        HTTPSocket.wake(wake.write)
    }

    /// Accepts until stopped.
    func run() {
        defer {
            Glibc.close(listener)
            Glibc.close(wake.read)
            Glibc.close(wake.write)
        }
        var pollSet = [
            pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&pollSet, nfds_t(pollSet.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if pollSet[1].revents != 0 { return }
            if pollSet[0].revents != 0 { acceptPending() }
        }
    }

    /// How far below the cap the loops make room once over it (slack for the next burst).
    static func headroom(_ maxConnections: Int) -> Int {
        Swift.max(8, maxConnections / 16)
    }

    /// How many connections may be open at once while the loops make room: past it, 503.
    static func hardBound(_ maxConnections: Int) -> Int {
        maxConnections + 4 * headroom(maxConnections)
    }

    /// Accepts a bounded batch, so a flood of connections cannot keep a stop request waiting.
    private func acceptPending() {
        for _ in 0..<256 {
            let accepted: (fd: Int32, remote: String)?
            do {
                accepted = try HTTPSocket.accept(listener)
            } catch {
                // Out of descriptors or memory: back off briefly instead of spinning on a listener that stays
                // readable; the kernel keeps the connection queued meanwhile.
                usleep(10_000)
                return
            }
            guard let (fd, remote) = accepted else { return }
            let open = counters.open.load(ordering: .relaxed)
            // At the cap, a new client is still handed to a loop, and the loops close their longest-silent idle
            // connections to make room (sockets that connect and send nothing cannot keep the API down). Refused
            // (503) only past a hard bound, a few headrooms over the cap: every place then holds a real request, or
            // the loops cannot keep up, and descriptors must stay bounded.
            let refused = open >= Self.hardBound(maxConnections)
            if refused {
                // Refusals linger briefly to deliver their 503; beyond a bound, drop them outright.
                guard counters.refusing.load(ordering: .relaxed) < Swift.max(64, maxConnections / 4) else {
                    Glibc.close(fd)
                    continue
                }
                counters.refusing.add(1, ordering: .relaxed)
            } else {
                counters.open.add(1, ordering: .relaxed)
                if open >= maxConnections {
                    for loop in loops { loop.nudge() }
                }
            }
            loops[nextLoop].adopt(
                .init(fd: fd, remoteAddress: remote, refused: refused, overCap: open >= maxConnections))
            nextLoop = (nextLoop + 1) % loops.count
        }
    }
}
