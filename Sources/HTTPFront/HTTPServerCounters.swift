import Synchronization

/// Counters shared by the acceptor (which increments) and the loops (which decrement), lock-free.
final class HTTPServerCounters: Sendable {
    /// Connections counted against the cap: accepted and not yet closed.
    let open = Atomic<Int>(0)
    /// Connections refused with 503 and still lingering; bounded so refusals cannot exhaust descriptors.
    let refusing = Atomic<Int>(0)
    /// The id of the next connection.
    let nextConnectionID = Atomic<UInt64>(1)
}
