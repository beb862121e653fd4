/// Deadlines a connection is held to; each one ends a stalled or hostile client without a thread waiting on it.
package struct HTTPTimeouts: Sendable, Equatable {
    /// From the first byte of a request (or from accept, for a connection's first request) until its head is
    /// complete. Past it: 408 and close — the slowloris defence.
    package var head: Duration
    /// From a complete head until the whole body has arrived. Past it: 408 and close.
    package var body: Duration
    /// How long a keep-alive connection may sit between requests before it is closed silently.
    package var idle: Duration
    /// How long queued response bytes may wait for a client that does not read them.
    package var write: Duration
    /// After an error response, how long input is read and discarded before closing, so the client receives the
    /// response instead of a reset (RFC 9112 §9.6).
    package var linger: Duration

    /// Defaults for a loopback control plane: generous for people, short enough to shed abandoned sockets.
    package init(
        head: Duration = .seconds(10), body: Duration = .seconds(30), idle: Duration = .seconds(30),
        write: Duration = .seconds(30), linger: Duration = .seconds(2)
    ) {
        self.head = head
        self.body = body
        self.idle = idle
        self.write = write
        self.linger = linger
    }

    /// The shortest deadline, which sets how often connections are swept.
    var shortest: Duration { Swift.min(head, body, idle, write, linger) }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped at zero, for arithmetic on `MonotonicTime` instants.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}
