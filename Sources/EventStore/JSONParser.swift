extension JSONValue {
    /// Parses exactly one JSON value (RFC 8259, strict) from UTF-8 bytes.
    ///
    /// Only whitespace may surround the value. Throws `JSONParseError` for anything a strict reader must
    /// refuse: trailing data, invalid UTF-8, lone surrogates, bad escapes, raw control characters,
    /// duplicate keys, numbers that overflow a Double, malformed numbers and nesting deeper than 512.
    public init(parsing bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0, let base = bytes.baseAddress else {
            throw JSONParseError(
                reason: .unexpectedEnd, offset: 0, message: "unexpected end of input: no JSON value at byte 0")
        }
        var parser = JSONParser(base: base, count: bytes.count)
        self = try parser.parseDocument()
    }

    /// Parses exactly one JSON value from UTF-8 bytes; see `init(parsing:)` for the rules.
    public init(parsing bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try JSONValue(parsing: $0) }
    }

    /// Parses exactly one JSON value from the UTF-8 form of `string`; see `init(parsing:)` for the rules.
    public init(parsing string: String) throws {
        var text = string
        self = try text.withUTF8 { try JSONValue(parsing: UnsafeRawBufferPointer($0)) }
    }
}

/// Recursive-descent parser over a raw UTF-8 buffer; one instance parses one document.
struct JSONParser {
    /// Deepest accepted nesting of arrays/objects; bounds recursion so hostile input cannot blow the stack.
    static let maxDepth = 512

    let base: UnsafeRawPointer
    let count: Int
    var pos = 0
    private var depth = 0
    /// Reused buffer for strings that contain escapes, so only the final String allocates.
    var scratch: [UInt8] = []

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if pos < count {
            throw fail(.trailingData, pos, "trailing data after the JSON value")
        }
        return value
    }

    // MARK: - Values

    @inline(__always)
    func byte(_ i: Int) -> UInt8 {
        base.load(fromByteOffset: i, as: UInt8.self)
    }

    func fail(_ reason: JSONParseError.Reason, _ offset: Int, _ what: String) -> JSONParseError {
        JSONParseError(reason: reason, offset: offset, message: "\(what) at byte \(offset)")
    }

    mutating func skipWhitespace() {
        while pos < count {
            switch byte(pos) {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard pos < count else { throw fail(.unexpectedEnd, pos, "unexpected end of input, expected a value") }
        switch byte(pos) {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "+"), UInt8(ascii: "."):
            throw fail(.invalidNumber, pos, "a number must start with '-' or a digit")
        case let b:
            throw fail(.unexpectedByte, pos, "unexpected byte \(hex(b)), expected a value")
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let text = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount {
            guard pos < count else { throw fail(.unexpectedEnd, pos, "unexpected end of input in literal \(word)") }
            guard byte(pos) == text[k] else {
                throw fail(.unexpectedByte, pos, "unexpected byte \(hex(byte(pos))) in literal \(word)")
            }
            pos += 1
        }
        return value
    }

    private mutating func enterContainer() throws(JSONParseError) {
        guard depth < Self.maxDepth else {
            throw fail(.tooDeep, pos, "nesting deeper than \(Self.maxDepth) levels")
        }
        depth += 1
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        pos += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if pos < count, byte(pos) == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard pos < count else { throw fail(.unexpectedEnd, pos, "unexpected end of input, expected ',' or ']'") }
            let b = byte(pos)
            guard b == UInt8(ascii: ",") || b == UInt8(ascii: "]") else {
                throw fail(.unexpectedByte, pos, "unexpected byte \(hex(b)), expected ',' or ']'")
            }
            pos += 1
            if b == UInt8(ascii: "]") { break }
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        pos += 1
        skipWhitespace()
        var members: [String: JSONValue] = [:]
        if pos < count, byte(pos) == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(members)
        }
        // Ledger payloads are small objects: room for three members up front saves the one or two regrowths (an
        // allocation and a rehash each) that growing from one bucket would cost.
        members.reserveCapacity(3)
        while true {
            skipWhitespace()
            guard pos < count else { throw fail(.unexpectedEnd, pos, "unexpected end of input, expected a key") }
            guard byte(pos) == UInt8(ascii: "\"") else {
                throw fail(.unexpectedByte, pos, "unexpected byte \(hex(byte(pos))), expected a string key")
            }
            let keyOffset = pos
            let key = try parseString()
            skipWhitespace()
            guard pos < count else { throw fail(.unexpectedEnd, pos, "unexpected end of input, expected ':'") }
            guard byte(pos) == UInt8(ascii: ":") else {
                throw fail(.unexpectedByte, pos, "unexpected byte \(hex(byte(pos))), expected ':'")
            }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            // One hash per member: insert, and only on a clash look up the key already there (the error names it).
            if members.updateValue(value, forKey: key) != nil, let existing = members.index(forKey: key) {
                throw duplicateKey(key, earlier: members[existing].key, at: keyOffset)
            }
            skipWhitespace()
            guard pos < count else { throw fail(.unexpectedEnd, pos, "unexpected end of input, expected ',' or '}'") }
            let b = byte(pos)
            guard b == UInt8(ascii: ",") || b == UInt8(ascii: "}") else {
                throw fail(.unexpectedByte, pos, "unexpected byte \(hex(b)), expected ',' or '}'")
            }
            pos += 1
            if b == UInt8(ascii: "}") { break }
        }
        depth -= 1
        return .object(members)
    }

    /// Swift `String` equality is canonical equivalence, so two keys with different bytes can collide in a
    /// dictionary; rejecting them beats silently dropping one member of a signed ledger line.
    private func duplicateKey(_ key: String, earlier: String, at offset: Int) -> JSONParseError {
        var what = "duplicate key \(String(reflecting: key))"
        if !key.utf8.elementsEqual(earlier.utf8) {
            what += " (canonically equivalent to earlier key \(String(reflecting: earlier)))"
        }
        return fail(.duplicateKey, offset, what)
    }

    // MARK: - Numbers

    /// Parses a number token at `pos` (which holds '-' or a digit).
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = pos
        var p = pos
        let negative = byte(p) == UInt8(ascii: "-")
        if negative { p += 1 }
        guard p < count, isDigit(byte(p)) else { throw fail(.invalidNumber, p, "expected a digit in number") }
        if byte(p) == UInt8(ascii: "0") {
            p += 1
            if p < count, isDigit(byte(p)) { throw fail(.invalidNumber, p, "leading zero in number") }
        } else {
            while p < count, isDigit(byte(p)) { p += 1 }
        }
        let integerDigits = p - start - (negative ? 1 : 0)
        var isInteger = true
        if p < count, byte(p) == UInt8(ascii: ".") {
            isInteger = false
            p += 1
            guard p < count, isDigit(byte(p)) else { throw fail(.invalidNumber, p, "expected a digit after '.'") }
            while p < count, isDigit(byte(p)) { p += 1 }
        }
        if p < count, byte(p) | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            p += 1
            if p < count, byte(p) == UInt8(ascii: "+") || byte(p) == UInt8(ascii: "-") { p += 1 }
            guard p < count, isDigit(byte(p)) else { throw fail(.invalidNumber, p, "expected a digit in exponent") }
            while p < count, isDigit(byte(p)) { p += 1 }
        }
        pos = p
        if isInteger, integerDigits <= 15 {
            // Below 10^15 every integer is an exact double, so skip the string round trip.
            var value = 0
            for k in (p - integerDigits)..<p { value = value &* 10 &+ Int(byte(k) &- UInt8(ascii: "0")) }
            return negative ? -Double(value) : Double(value)
        }
        // The token is grammar-checked, so Double(String) (strtod, correctly rounded) sees only valid input.
        let text = String(decoding: UnsafeRawBufferPointer(start: base + start, count: p - start), as: UTF8.self)
        guard let value = Double(text) else { throw fail(.invalidNumber, start, "unparsable number") }
        guard value.isFinite else { throw fail(.numberOutOfRange, start, "number out of Double range") }
        return value
    }

    @inline(__always)
    private func isDigit(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10
    }

    func hex(_ b: UInt8) -> String {
        "0x" + (b < 0x10 ? "0" : "") + String(b, radix: 16, uppercase: true)
    }

    func hex4Text(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
