import EventStore

/// Deterministic random JSON values for property tests (SplitMix64, so failures reproduce from the seed).
struct RandomJSON {
    private var state: UInt64
    /// Nesting limit of generated values; stays far below `JCSValidator.maxDepth`.
    var maxDepth = 4

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n.
    mutating func below(_ n: Int) -> Int {
        Int(next() % UInt64(n))
    }

    mutating func value(depth: Int = 0) -> JSONValue {
        switch below(depth >= maxDepth ? 4 : 7) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .number(number())
        case 3: return .string(string(maxLength: 12))
        case 4, 5:
            var members: [String: JSONValue] = [:]
            for _ in 0..<below(6) { members[key()] = value(depth: depth + 1) }
            return .object(members)
        default:
            return .array((0..<below(5)).map { _ in value(depth: depth + 1) })
        }
    }

    /// Finite doubles from every region that the ES6 layout treats differently.
    mutating func number() -> Double {
        switch below(9) {
        case 0: return Double(below(2001) - 1000)
        case 1: return Double(Int64(bitPattern: next()) >> Int64(below(64)))
        case 2: return Double(below(2_000_001) - 1_000_000) / 100
        case 3:
            let d = Double(bitPattern: next())
            return d.isFinite ? d : 0.5
        case 4: return Double(bitPattern: next() >> 12)  // subnormals
        case 5:
            let powers: [Double] = [1e-7, 1e-6, 0.000001234, 1e20, 1e21, 1.5e21, 9007199254740992, 9007199254740994]
            return powers[below(powers.count)] * (below(2) == 0 ? 1 : -1)
        case 6: return Double(below(1000)) / Double(below(999) + 1)
        case 7: return -0.0
        default: return Double(next() >> 11) * 0x1p-53 * Double(sign: .plus, exponent: below(120) - 60, significand: 1)
        }
    }

    /// Code points chosen to exercise escaping, UTF-8 widths and the UTF-16 sort fix-up.
    private static let pool: [UInt32] = [
        0x00, 0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, 0x22, 0x2F, 0x5C, 0x7F, 0x41, 0x61, 0x7A, 0x30,
        0x80, 0xE9, 0x301, 0x30A, 0x212A, 0x2028, 0x20AC, 0xD7FF, 0xE000, 0xFB33, 0xFFFD, 0xFFFF, 0x10000,
        0x1F602, 0x10FFFF,
    ]

    mutating func string(maxLength: Int) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<below(maxLength + 1) {
            let v: UInt32
            if below(3) == 0 {
                v = Self.pool[below(Self.pool.count)]
            } else if below(4) == 0 {
                v = UInt32(below(0x11_0000))
            } else {
                v = UInt32(0x20 + below(0x5F))
            }
            s.append(Unicode.Scalar(v) ?? "?")
        }
        return String(s)
    }

    /// Keys from a small alphabet so that shared prefixes and cross-plane comparisons are common.
    mutating func key() -> String {
        let parts = ["a", "b", "A", "\u{E9}", "\u{FB33}", "\u{1F602}", "\n", "\"", "1", "10", "\u{E000}", "\u{10000}"]
        if below(4) == 0 { return string(maxLength: 4) }
        return (0..<below(3) + 1).map { _ in parts[below(parts.count)] }.joined()
    }
}
