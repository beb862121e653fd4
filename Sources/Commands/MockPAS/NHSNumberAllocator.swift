/// Hands out distinct, checksum-valid NHS numbers from the test range 999 000 0000 – 999 999 9999, in a seeded order.
///
/// The range has one million nine-digit stems; about one in eleven has check digit 10 and is skipped, as is
/// 9999999999 (flagged as a repeated-digit dummy by `NHSNumber.validate`). That leaves ~909 000 numbers: past that
/// the allocator returns nil and the patient is written without a number (status 03, trace required) rather than
/// with a number from outside the test range.
struct NHSNumberAllocator {
    private static let stemCount = 1_000_000
    private var position = 0
    private let multiplier: Int
    private let offset: Int

    /// A seeded walk over the stems: `stem(k) = (multiplier · k + offset) mod 10^6` is a permutation because the
    /// multiplier shares no factor with 10^6.
    init(random: inout SeededRandom) {
        var candidate = 100_003 + 2 * random.below(400_000)
        while candidate % 5 == 0 { candidate += 2 }
        multiplier = candidate
        offset = random.below(Self.stemCount)
    }

    /// The next unused valid number as ten ASCII digits, or nil when the range is used up.
    mutating func next() -> String? {
        while position < Self.stemCount {
            let stem = (multiplier * position + offset) % Self.stemCount
            position += 1
            guard stem != Self.stemCount - 1, let digits = Self.digits(stem: stem, checkDigitOffset: 0) else {
                continue
            }
            return digits
        }
        return nil
    }

    /// A number from the next stem whose check digit is deliberately wrong by `1…9`.
    mutating func nextWithWrongCheckDigit(by wrongBy: Int) -> String? {
        while position < Self.stemCount {
            let stem = (multiplier * position + offset) % Self.stemCount
            position += 1
            if let digits = Self.digits(stem: stem, checkDigitOffset: 1 + (wrongBy - 1) % 9) {
                return digits
            }
        }
        return nil
    }

    /// `999` + six stem digits + check digit (shifted by `checkDigitOffset` mod 10), or nil when the check is 10.
    private static func digits(stem: Int, checkDigitOffset: Int) -> String? {
        var values = [9, 9, 9]
        var divisor = 100_000
        while divisor > 0 {
            values.append(stem / divisor % 10)
            divisor /= 10
        }
        guard let check = NHSNumber.checkDigit(forFirstNine: values) else { return nil }
        values.append((check + checkDigitOffset) % 10)
        return String(decoding: values.map { UInt8(0x30 + $0) }, as: UTF8.self)
    }
}
