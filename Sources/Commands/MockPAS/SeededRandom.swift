/// xoshiro256** (Blackman & Vigna, 2018), seeded through SplitMix64: a small, fast generator whose output depends
/// only on the seed.
///
/// The mock PAS uses it instead of `SystemRandomNumberGenerator` so that a seed reproduces an extract byte for byte,
/// and instead of the standard library's `random(in:using:)` helpers, whose sampling algorithm is not promised to
/// stay the same across Swift releases.
package struct SeededRandom: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four state words from SplitMix64 (which never yields an all-zero state for xoshiro).
    package init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// A value in `0..<bound` (Lemire's multiply-high; the bias for our bounds, at most a few million, is below 2^-40).
    /// A bound of zero or less yields 0, so an empty range never traps.
    package mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A value in `range`, both ends included.
    package mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `probability` (53-bit resolution).
    package mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1.0p-53 < probability
    }

    /// One element of a non-empty array, uniformly.
    package mutating func pick<Element>(_ items: [Element]) -> Element {
        items[below(items.count)]
    }

    /// A generator for a separate purpose, derived from this seed and `stream`, so that drawing from one purpose
    /// (say, where defects go) never shifts the values of another.
    package static func stream(_ stream: UInt64, of seed: UInt64) -> SeededRandom {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        return SeededRandom(seed: mixer.next())
    }
}

/// SplitMix64 (Steele, Lea & Flood): expands one 64-bit seed into well-mixed state words.
struct SplitMix64 {
    /// Current state; advanced by the golden-ratio increment on every call.
    var state: UInt64

    /// The next mixed value.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
