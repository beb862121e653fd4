import Glibc

/// A point in monotonic time after which waiting stops.
struct PostgresDeadline {
    /// Nanoseconds on `CLOCK_MONOTONIC`.
    let nanoseconds: UInt64

    /// The moment `seconds` from now.
    init(seconds: Double) {
        nanoseconds = Self.now() &+ UInt64(max(0, seconds) * 1_000_000_000)
    }

    /// Milliseconds left, rounded up, 0 when passed.
    var remainingMilliseconds: Int {
        let now = Self.now()
        return now >= nanoseconds ? 0 : Int((nanoseconds - now + 999_999) / 1_000_000)
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
