/// The single-pass state machine behind `JCSValidator.check`.
///
/// Per nesting level it keeps one word in `frames` (container start offset << 2 | non-ASCII-key flag << 1 |
/// is-object flag) and two in `keys` (previous key's start, and its end << 1 | has-escape flag), so that each
/// key is compared only with its predecessor: sorted order plus strictly increasing means no duplicates.
struct JCSScanner {
    let base: UnsafeRawPointer
    let count: Int
    private let frames: UnsafeMutableBufferPointer<Int>
    private let keys: UnsafeMutableBufferPointer<Int>
    var pos = 0
    private var depth = 0

    init(
        base: UnsafeRawPointer, count: Int, frames: UnsafeMutableBufferPointer<Int>,
        keys: UnsafeMutableBufferPointer<Int>
    ) {
        self.base = base
        self.count = count
        self.frames = frames
        self.keys = keys
    }

    @inline(__always)
    func byte(_ i: Int) -> UInt8 {
        base.load(fromByteOffset: i, as: UInt8.self)
    }

    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    @inline(never)
    func violation(_ offset: Int, _ message: String) -> JCSViolation {
        JCSViolation(offset: offset, message: message)
    }

    /// "whitespace" when the byte at `offset` is JSON whitespace (the most common non-canonical input),
    /// otherwise `message`; "unexpected end of input" past the end.
    @inline(never)
    func unexpected(_ offset: Int, _ message: String) -> JCSViolation {
        if offset >= count { return violation(offset, "unexpected end of input") }
        return violation(offset, Self.isWhitespace(byte(offset)) ? "whitespace" : message)
    }

    @inline(__always)
    mutating func run() -> JCSViolation? {
        nextValue: while true {
            guard pos < count else { return unexpected(pos, "unexpected end of input") }
            switch byte(pos) {
            case UInt8(ascii: "\""):
                var flags = 0
                if let v = scanString(&flags) { return v }
            case UInt8(ascii: "{"):
                if let v = push(isObject: true) { return v }
                if pos < count, byte(pos) == UInt8(ascii: "}") {
                    depth -= 1
                    pos += 1
                } else {
                    if let v = scanKey() { return v }
                    continue nextValue
                }
            case UInt8(ascii: "["):
                if let v = push(isObject: false) { return v }
                if pos < count, byte(pos) == UInt8(ascii: "]") {
                    depth -= 1
                    pos += 1
                } else {
                    continue nextValue
                }
            case UInt8(ascii: "t"):
                if let v = scanLiteral("true") { return v }
            case UInt8(ascii: "f"):
                if let v = scanLiteral("false") { return v }
            case UInt8(ascii: "n"):
                if let v = scanLiteral("null") { return v }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if let v = scanNumber() { return v }
            default:
                return unexpected(pos, "unexpected byte, expected a value")
            }
            // A value just ended: close containers until one continues with ',' or the document ends.
            while true {
                guard depth > 0 else {
                    return pos == count ? nil : unexpected(pos, "trailing data")
                }
                guard pos < count else { return unexpected(pos, "unexpected end of input") }
                let c = byte(pos)
                let frame = frames[depth - 1]
                let isObject = frame & 1 != 0
                if c == UInt8(ascii: ",") {
                    pos += 1
                    if isObject, let v = scanKey() { return v }
                    continue nextValue
                }
                guard c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    return unexpected(pos, isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                if frame & 2 != 0, let v = checkEquivalentKeys(objectStart: frame >> 2, end: pos) { return v }
                depth -= 1
                pos += 1
            }
        }
    }

    /// Opens the container whose bracket is at `pos` and moves past it.
    @inline(__always)
    private mutating func push(isObject: Bool) -> JCSViolation? {
        guard depth < frames.count else {
            return violation(pos, "nesting deeper than \(frames.count) levels")
        }
        frames[depth] = pos << 2 | (isObject ? 1 : 0)
        if isObject { keys[2 * depth] = -1 }
        depth += 1
        pos += 1
        return nil
    }

    @inline(__always)
    private mutating func scanLiteral(_ word: StaticString) -> JCSViolation? {
        let n = word.utf8CodeUnitCount
        guard count - pos >= n else { return violation(pos, "invalid literal") }
        for k in 0..<n where byte(pos + k) != word.utf8Start[k] {
            return violation(pos + k, "invalid literal")
        }
        pos += n
        return nil
    }

    /// Scans `"key":` at `pos` inside the innermost object and checks it sorts after the previous key.
    @inline(__always)
    private mutating func scanKey() -> JCSViolation? {
        guard pos < count, byte(pos) == UInt8(ascii: "\"") else { return unexpected(pos, "expected a string key") }
        let quote = pos
        var flags = 0
        if let v = scanString(&flags) { return v }
        let start = quote + 1
        let end = pos - 1
        let hasEscape = flags & 1
        let slot = 2 * (depth - 1)
        let previousStart = keys[slot]
        if previousStart >= 0 {
            let packed = keys[slot + 1]
            let order = Self.compareKeys(base, previousStart, packed >> 1, packed & 1 != 0, start, end, hasEscape != 0)
            if order == 0 { return violation(quote, "duplicate key") }
            if order > 0 { return violation(quote, "keys out of order") }
        }
        keys[slot] = start
        keys[slot + 1] = end << 1 | hasEscape
        if flags & 2 != 0 { frames[depth - 1] |= 2 }
        guard pos < count, byte(pos) == UInt8(ascii: ":") else { return unexpected(pos, "expected ':'") }
        pos += 1
        return nil
    }

    // MARK: - Strings

    /// Scans the string whose opening quote is at `pos`; sets bit 0 of `flags` when it has an escape and
    /// bit 1 when it has a non-ASCII character.
    @inline(__always)
    private mutating func scanString(_ flags: inout Int) -> JCSViolation? {
        pos += 1
        while true {
            // Eight bytes at a time until something other than plain printable ASCII shows up.
            while pos + 8 <= count {
                let mask = Self.specialBytes(
                    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)))
                if mask != 0 {
                    pos += mask.trailingZeroBitCount >> 3
                    break
                }
                pos += 8
            }
            guard pos < count else { return violation(pos, "unexpected end of input in string") }
            let b = byte(pos)
            if b == UInt8(ascii: "\"") {
                pos += 1
                return nil
            } else if b == UInt8(ascii: "\\") {
                flags |= 1
                if let v = scanEscape() { return v }
            } else if b < 0x20 {
                return violation(pos, "unescaped control character")
            } else if b >= 0x80 {
                flags |= 2
                let length = StrictUTF8.sequenceLength(base, pos, count)
                guard length > 0 else { return violation(pos, "invalid UTF-8") }
                pos += length
            } else {
                pos += 1
            }
        }
    }

    /// High bit set in each byte lane holding '"', '\\', a control character or a non-ASCII byte.
    /// The borrow tricks can flag false positives, but only above a true one, so the lowest flag is exact.
    @inline(__always)
    private static func specialBytes(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let control = (w &- ones &* 0x20) & ~w
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        return (control | isQuote | isBackslash | w) & (ones &* 0x80)
    }

    /// Checks the escape at `pos` (a backslash) is the one RFC 8785 would write.
    @inline(never)
    private mutating func scanEscape() -> JCSViolation? {
        guard pos + 1 < count else { return violation(pos, "unexpected end of input in string") }
        switch byte(pos + 1) {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
            UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 2
            return nil
        case UInt8(ascii: "/"):
            return violation(pos, "escape not minimal")
        case UInt8(ascii: "u"):
            guard pos + 6 <= count else { return violation(pos, "unexpected end of input in string") }
            var value = 0
            var lowercase = true
            for k in 2..<6 {
                let c = byte(pos + k)
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | Int(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | Int(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"):
                    value = value << 4 | Int(c - UInt8(ascii: "A") + 10)
                    lowercase = false
                default: return violation(pos, "invalid escape")
                }
            }
            // Only controls without a short form may use \u, and always as lowercase \u00xx.
            let hasShortForm = value == 0x08 || value == 0x09 || value == 0x0A || value == 0x0C || value == 0x0D
            guard value < 0x20, !hasShortForm, lowercase else { return violation(pos, "escape not minimal") }
            pos += 6
            return nil
        default:
            return violation(pos, "invalid escape")
        }
    }
}
