import Foundation

/// Everything tunable about a server; the defaults suit `dm serve` on loopback.
package struct HTTPServerConfiguration: Sendable {
    /// Request size limits.
    package var limits: HTTPRequestLimits
    /// Connection deadlines.
    package var timeouts: HTTPTimeouts
    /// Most connections open at once; past it a new connection gets 503 and is closed.
    package var maxConnections: Int
    /// Event-loop threads; each owns its connections and calls the responder for them.
    package var eventLoopCount: Int
    /// The `listen` backlog: connections the kernel queues before the acceptor takes them.
    package var listenBacklog: Int32
    /// On `stop()`, how long requests in progress may take to finish before their connections are cut.
    package var shutdownGracePeriod: Duration
    /// Stop gracefully on SIGTERM and SIGINT (what `dm serve` wants; tests leave it off).
    package var stopsOnTerminationSignals: Bool
    /// Receives one entry per request; called on the loop thread, so it should hand off rather than block.
    package var accessLog: (@Sendable (HTTPAccessLogEntry) -> Void)?

    /// A configuration; every default is a production value.
    package init(
        limits: HTTPRequestLimits = HTTPRequestLimits(), timeouts: HTTPTimeouts = HTTPTimeouts(),
        maxConnections: Int = 1024, eventLoopCount: Int = ProcessInfo.processInfo.activeProcessorCount,
        listenBacklog: Int32 = 1024, shutdownGracePeriod: Duration = .seconds(10),
        stopsOnTerminationSignals: Bool = false, accessLog: (@Sendable (HTTPAccessLogEntry) -> Void)? = nil
    ) {
        self.limits = limits
        self.timeouts = timeouts
        self.maxConnections = maxConnections
        self.eventLoopCount = eventLoopCount
        self.listenBacklog = listenBacklog
        self.shutdownGracePeriod = shutdownGracePeriod
        self.stopsOnTerminationSignals = stopsOnTerminationSignals
        self.accessLog = accessLog
    }
}
