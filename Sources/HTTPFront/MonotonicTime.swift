import Glibc

/// Nanoseconds on the monotonic clock: the one time source of the event loops.
///
/// The connection state machine never reads a clock; the loop reads this once per wake-up and passes the value
/// in, which keeps deadlines testable with made-up instants.
enum MonotonicTime {
    /// The current instant in nanoseconds since an arbitrary origin.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
