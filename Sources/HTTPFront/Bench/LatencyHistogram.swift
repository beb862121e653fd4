/// Request latencies in nanoseconds, bucketed with a relative error under 0.4% (256 sub-buckets per power of
/// two, as HdrHistogram does), so percentiles of millions of requests cost a few kilobytes and a merge is a sum.
package struct LatencyHistogram: Sendable, Equatable {
    /// Counts per bucket; grows on demand.
    private(set) var counts: [Int] = []
    /// Values recorded.
    package private(set) var count = 0
    /// The largest value recorded.
    package private(set) var maximum: UInt64 = 0

    /// An empty histogram.
    package init() {}

    /// Records one latency.
    package mutating func record(nanoseconds value: UInt64) {
        let index = Self.bucket(of: value)
        if index >= counts.count { counts += [Int](repeating: 0, count: index + 1 - counts.count) }
        counts[index] += 1
        count += 1
        maximum = Swift.max(maximum, value)
    }

    /// Adds another histogram's counts (one per load thread).
    package mutating func merge(_ other: LatencyHistogram) {
        if other.counts.count > counts.count { counts += [Int](repeating: 0, count: other.counts.count - counts.count) }
        for (index, value) in other.counts.enumerated() { counts[index] += value }
        count += other.count
        maximum = Swift.max(maximum, other.maximum)
    }

    /// The latency at `fraction` (0.5 for the median, 0.99 for p99), in nanoseconds; 0 when empty.
    package func percentile(_ fraction: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, Int((fraction * Double(count)).rounded(.up)))
        var seen = 0
        for (index, value) in counts.enumerated() {
            seen += value
            if seen >= rank { return Swift.min(Self.midpoint(of: index), maximum) }
        }
        return maximum
    }

    /// Values below 512 have their own bucket; above, 256 buckets per power of two.
    static func bucket(of value: UInt64) -> Int {
        guard value >= 512 else { return Int(value) }
        let shift = (63 - value.leadingZeroBitCount) - 8
        return shift * 256 + Int(value >> UInt64(shift))
    }

    /// The middle of a bucket's range.
    static func midpoint(of index: Int) -> UInt64 {
        guard index >= 512 else { return UInt64(index) }
        let shift = index / 256 - 1
        let low = UInt64(index % 256 + 256) << UInt64(shift)
        return low + (UInt64(1) << UInt64(shift)) / 2
    }
}
