import Dispatch
import Foundation
import Glibc
import Synchronization

/// A dependency-free HTTP/1.1 server on POSIX sockets.
///
/// `start` binds, starts one acceptor thread and `eventLoopCount` event-loop threads (see `HTTPEventLoop` for
/// why loops call the responder themselves), and returns at once; `stop` shuts down gracefully. Every thread is
/// a plain `Thread`, never a Swift-concurrency task, so blocking system calls stay off the cooperative pool.
///
/// Binds 127.0.0.1 unless told otherwise; port 0 picks a free port, read back from `port`.
package final class HTTPServer: Sendable {
    /// The address bound.
    package let host: String
    /// The port bound (the chosen one when started on port 0).
    package let port: Int

    /// The accepting thread's state.
    private let acceptor: HTTPAcceptor
    /// The event loops.
    private let loops: [HTTPEventLoop]
    /// Connection counts.
    private let counters: HTTPServerCounters
    /// The configuration the server started with.
    private let configuration: HTTPServerConfiguration
    /// Entered by every server thread, left when it exits: `stop()` waits on it.
    private let threadsRunning = DispatchGroup()
    /// Left when the acceptor exits: loops are told to stop only after it, so no socket arrives after their stop.
    private let acceptorRunning = DispatchGroup()
    /// Running, stopping or stopped; the mutex makes `stop()` idempotent.
    private let lifecycle = Mutex(Lifecycle.running)
    /// The `TerminationSignals` token while the server listens for SIGTERM / SIGINT.
    let signalRegistration = Mutex<UInt64?>(nil)

    /// Where the server is in its life.
    private enum Lifecycle {
        /// Accepting and serving.
        case running
        /// `stop()` called; threads finishing.
        case stopping
        /// Every thread exited.
        case stopped
    }

    /// Wraps started parts; `start` is the way in.
    private init(
        host: String, port: Int, acceptor: HTTPAcceptor, loops: [HTTPEventLoop], counters: HTTPServerCounters,
        configuration: HTTPServerConfiguration
    ) {
        self.host = host
        self.port = port
        self.acceptor = acceptor
        self.loops = loops
        self.counters = counters
        self.configuration = configuration
    }

    /// Binds `host:port` and starts serving `responder`; returns once the socket is listening.
    package static func start(
        host: String = "127.0.0.1", port: Int = 0, responder: some HTTPResponder,
        configuration: HTTPServerConfiguration = HTTPServerConfiguration()
    ) throws(SocketError) -> HTTPServer {
        // A peer that vanishes must cost an EPIPE, never the process (sends also pass MSG_NOSIGNAL).
        signal(SIGPIPE, SIG_IGN)
        let counters = HTTPServerCounters()
        let loopCount = Swift.max(1, configuration.eventLoopCount)
        var loops: [HTTPEventLoop] = []
        for _ in 0..<loopCount {
            loops.append(try HTTPEventLoop(responder: responder, configuration: configuration, counters: counters))
        }
        let listener = try HTTPSocket.listen(host: host, port: port, backlog: configuration.listenBacklog)
        let acceptor: HTTPAcceptor
        do {
            acceptor = try HTTPAcceptor(
                listener: listener.fd, loops: loops, counters: counters,
                maxConnections: configuration.maxConnections)
        } catch {
            Glibc.close(listener.fd)
            throw error
        }
        let server = HTTPServer(
            host: host, port: listener.port, acceptor: acceptor, loops: loops, counters: counters,
            configuration: configuration)
        for (index, loop) in loops.enumerated() {
            server.spawn(name: "http-loop-\(index)") { loop.run() }
        }
        server.acceptorRunning.enter()
        let acceptorRunning = server.acceptorRunning
        server.spawn(name: "http-accept") {
            acceptor.run()
            acceptorRunning.leave()
        }
        if configuration.stopsOnTerminationSignals { server.stopOnTerminationSignals() }
        return server
    }

    /// Connections currently counted against the cap (accepted and not yet closed).
    package var openConnectionCount: Int { counters.open.load(ordering: .relaxed) }

    /// Stops gracefully and returns when every server thread has exited: no new connections are accepted, idle
    /// connections close at once, requests in progress finish (answered with `Connection: close`) within the
    /// grace period, and whatever remains after it is cut. Safe to call more than once and from any thread except
    /// a responder's.
    package func stop() {
        let first = lifecycle.withLock { state in
            guard case .running = state else { return false }
            state = .stopping
            return true
        }
        if first {
            acceptor.stop()
            acceptorRunning.wait()
            let deadline = MonotonicTime.now() &+ configuration.shutdownGracePeriod.nanoseconds
            for loop in loops { loop.stop(deadline: deadline) }
        }
        threadsRunning.wait()
        lifecycle.withLock { $0 = .stopped }
        releaseTerminationSignals()
    }

    /// Blocks until the server has stopped (by `stop()` or a termination signal); what `dm serve` waits on.
    package func waitUntilStopped() {
        threadsRunning.wait()
    }

    /// Runs `body` on a new thread counted in `threadsRunning`.
    private func spawn(name: String, _ body: @escaping @Sendable () -> Void) {
        threadsRunning.enter()
        let group = threadsRunning
        let thread = Thread {
            body()
            group.leave()
        }
        thread.name = name
        thread.start()
    }
}
