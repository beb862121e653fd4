/// A JSON value as defined by RFC 8259.
///
/// This is the in-memory model of every ledger line: parse with `JSONValue(parsing:)`, write with
/// `canonicalBytes()` (RFC 8785). Numbers are IEEE-754 doubles because that is what JCS (and every
/// JavaScript verifier) hashes; integers are exact only within ±(2^53 − 1).
///
/// Equality of `.string` values and of object keys follows Swift `String` equality, which is Unicode
/// canonical equivalence ("A\u{30A}" == "Å"), while the canonical bytes keep the exact scalars. That is why
/// the parser rejects an object whose keys are distinct byte sequences but canonically equivalent.
public enum JSONValue: Sendable, Hashable {
    /// The JSON literal `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A finite number (NaN and infinity cannot be encoded and make the canonical encoder throw).
    case number(Double)
    /// A string of Unicode scalars (never contains a lone surrogate).
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// An object; member order is irrelevant because the canonical form sorts keys.
    case object([String: JSONValue])
}

extension JSONValue {
    /// The largest integer magnitude that a Double represents exactly together with all its neighbours.
    static let maxExactInteger: Double = 9_007_199_254_740_991

    /// A number value from an integer; exact only when `|v| <= 2^53`, because JSON numbers are doubles.
    public static func int(_ v: Int) -> JSONValue {
        .number(Double(v))
    }

    /// The member named `key` when this is an object that has it; otherwise nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` when this is an array and the index is in range; otherwise nil.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string when this is `.string`, else nil.
    public var stringValue: String? {
        guard case .string(let s) = self else { return nil }
        return s
    }

    /// The Boolean when this is `.bool`, else nil.
    public var boolValue: Bool? {
        guard case .bool(let b) = self else { return nil }
        return b
    }

    /// The number when this is `.number`, else nil.
    public var doubleValue: Double? {
        guard case .number(let d) = self else { return nil }
        return d
    }

    /// The number as an `Int` when it is an exact integer within ±(2^53 − 1), else nil.
    ///
    /// Larger magnitudes are refused because a double there no longer identifies a single integer,
    /// so a ledger reader could silently see a different id than the writer meant.
    public var intValue: Int? {
        // The range check comes first so that Int(d) cannot trap; truncation then reveals any fraction.
        guard case .number(let d) = self, d.magnitude <= Self.maxExactInteger, Double(Int(d)) == d else {
            return nil
        }
        return Int(d)
    }

    /// The elements when this is `.array`, else nil.
    public var arrayValue: [JSONValue]? {
        guard case .array(let a) = self else { return nil }
        return a
    }

    /// The members when this is `.object`, else nil.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let o) = self else { return nil }
        return o
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` in a literal is JSON `null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// `true` / `false` literals.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Integer literals become numbers (exact up to 2^53).
    public init(integerLiteral value: Int) {
        self = .number(Double(value))
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// Floating-point literals become numbers.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// String literals become strings.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Array literals become arrays.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Dictionary literals become objects; a repeated key keeps its last value instead of trapping,
    /// because a literal typo should not crash a running service.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
