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
    /// Where and why the scan failed (meaningful only after `run()` returned false).
    private(set) var failureOffset = 0
    private(set) var failureMessage: StaticString = ""
    /// When set, receives two words per top-level object member: its key's opening quote and its value's start.
    var topLevelMembers: UnsafeMutableBufferPointer<Int>?
    /// Top-level members seen (may exceed what `topLevelMembers` could hold).
    private(set) var topLevelCount = 0
    /// The ledger's rule on top of canonical form: every number an integer within ±(2^53 − 1).
    var integersOnly = false

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

    /// Records the first problem and returns false, so hot paths pass a Bool around instead of an optional
    /// struct holding a String (which made the optimizer refuse to inline them).
    @inline(never)
    mutating func fail(_ offset: Int, _ message: StaticString) -> Bool {
        failureOffset = offset
        failureMessage = message
        return false
    }

    /// Fails with "whitespace" when the byte at `offset` is JSON whitespace (the most common non-canonical
    /// input), "unexpected end of input" past the end, otherwise `message`.
    @inline(never)
    mutating func failUnexpected(_ offset: Int, _ message: StaticString) -> Bool {
        if offset >= count { return fail(offset, "unexpected end of input") }
        return fail(offset, Self.isWhitespace(byte(offset)) ? "whitespace" : message)
    }

    /// Scans the whole buffer; true when it is canonical, otherwise the failure fields say why.
    mutating func run() -> Bool {
        // Keys are scanned from one place only, which lets the optimizer inline the key path.
        var expectKey = false
        nextValue: while true {
            if expectKey {
                expectKey = false
                guard scanKey() else { return false }
            }
            guard pos < count else { return failUnexpected(pos, "unexpected end of input") }
            switch byte(pos) {
            case UInt8(ascii: "\""):
                var flags = 0
                guard scanString(&flags) else { return false }
            case UInt8(ascii: "{"):
                guard push(isObject: true) else { return false }
                if pos < count, byte(pos) == UInt8(ascii: "}") {
                    depth -= 1
                    pos += 1
                } else {
                    expectKey = true
                    continue nextValue
                }
            case UInt8(ascii: "["):
                guard push(isObject: false) else { return false }
                if pos < count, byte(pos) == UInt8(ascii: "]") {
                    depth -= 1
                    pos += 1
                } else {
                    continue nextValue
                }
            case UInt8(ascii: "t"):
                guard scanLiteral("true") else { return false }
            case UInt8(ascii: "f"):
                guard scanLiteral("false") else { return false }
            case UInt8(ascii: "n"):
                guard scanLiteral("null") else { return false }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard scanNumber() else { return false }
            default:
                return failUnexpected(pos, "unexpected byte, expected a value")
            }
            // A value just ended: close containers until one continues with ',' or the document ends.
            while true {
                guard depth > 0 else {
                    return pos == count ? true : failUnexpected(pos, "trailing data")
                }
                guard pos < count else { return failUnexpected(pos, "unexpected end of input") }
                let c = byte(pos)
                let frame = frames[depth - 1]
                let isObject = frame & 1 != 0
                if c == UInt8(ascii: ",") {
                    pos += 1
                    expectKey = isObject
                    continue nextValue
                }
                guard c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    return failUnexpected(pos, isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                if frame & 2 != 0, !checkEquivalentKeys(objectStart: frame >> 2, end: pos) { return false }
                depth -= 1
                pos += 1
            }
        }
    }

    /// Opens the container whose bracket is at `pos` and moves past it.
    @inline(__always)
    private mutating func push(isObject: Bool) -> Bool {
        guard depth < frames.count else {
            return fail(pos, "nesting deeper than 64 levels")
        }
        frames[depth] = pos << 2 | (isObject ? 1 : 0)
        if isObject { keys[2 * depth] = -1 }
        depth += 1
        pos += 1
        return true
    }

    @inline(__always)
    private mutating func scanLiteral(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard count - pos >= n else { return fail(pos, "invalid literal") }
        for k in 0..<n where byte(pos + k) != word.utf8Start[k] {
            return fail(pos + k, "invalid literal")
        }
        pos += n
        return true
    }

    // Hot per key/number. Swift 6.3's @inline(always) is a guarantee; @inline(__always) is ignored for callees
    // over 64 blocks, which costs about 20% here. The compiler() check keeps older toolchains building.
    /// Scans `"key":` at `pos` inside the innermost object and checks it sorts after the previous key.
    #if compiler(>=6.3)
        @inline(always)
    #else
        @inline(__always)
    #endif
    private mutating func scanKey() -> Bool {
        guard pos < count, byte(pos) == UInt8(ascii: "\"") else { return failUnexpected(pos, "expected a string key") }
        let quote = pos
        var flags = 0
        guard scanString(&flags) else { return false }
        let start = quote + 1
        let end = pos - 1
        let hasEscape = flags & 1
        let slot = 2 * (depth - 1)
        let previousStart = keys[slot]
        if previousStart >= 0 {
            let packed = keys[slot + 1]
            let order = Self.compareKeys(base, previousStart, packed >> 1, packed & 1 != 0, start, end, hasEscape != 0)
            if order == 0 { return fail(quote, "duplicate key") }
            if order > 0 { return fail(quote, "keys out of order") }
        }
        keys[slot] = start
        keys[slot + 1] = end << 1 | hasEscape
        if flags & 2 != 0 { frames[depth - 1] |= 2 }
        guard pos < count, byte(pos) == UInt8(ascii: ":") else { return failUnexpected(pos, "expected ':'") }
        pos += 1
        if depth == 1 { recordTopLevelMember(quote: quote) }
        return true
    }

    @inline(never)
    private mutating func recordTopLevelMember(quote: Int) {
        if let members = topLevelMembers, 2 * topLevelCount + 1 < members.count {
            members[2 * topLevelCount] = quote
            members[2 * topLevelCount + 1] = pos
        }
        topLevelCount += 1
    }

    // MARK: - Strings

    /// Scans the string whose opening quote is at `pos`; sets bit 0 of `flags` when it has an escape and
    /// bit 1 when it has a non-ASCII character.
    @inline(__always)
    private mutating func scanString(_ flags: inout Int) -> Bool {
        // A local cursor, written back once: raw loads from `base` might alias `self` as far as the optimizer
        // knows, so updating `self.pos` inside the loop would force a store before every load.
        var p = pos &+ 1
        defer { pos = p }
        while true {
            // Eight bytes at a time until something other than plain printable ASCII shows up.
            while p &+ 8 <= count {
                let mask = Self.specialBytes(
                    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: p, as: UInt64.self)))
                if mask != 0 {
                    p &+= mask.trailingZeroBitCount &>> 3
                    break
                }
                p &+= 8
            }
            guard p < count else { return fail(p, "unexpected end of input in string") }
            let b = byte(p)
            if b == UInt8(ascii: "\"") {
                p &+= 1
                return true
            } else if b == UInt8(ascii: "\\") {
                flags |= 1
                pos = p
                guard scanEscape() else { return false }
                p = pos
            } else if b < 0x20 {
                return fail(p, "unescaped control character")
            } else if b >= 0x80 {
                flags |= 2
                let length = StrictUTF8.sequenceLength(base, p, count)
                guard length > 0 else { return fail(p, "invalid UTF-8") }
                p &+= length
            } else {
                p &+= 1
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
    private mutating func scanEscape() -> Bool {
        guard pos + 1 < count else { return fail(pos, "unexpected end of input in string") }
        switch byte(pos + 1) {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
            UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 2
            return true
        case UInt8(ascii: "/"):
            return fail(pos, "escape not minimal")
        case UInt8(ascii: "u"):
            guard pos + 6 <= count else { return fail(pos, "unexpected end of input in string") }
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
                default: return fail(pos, "invalid escape")
                }
            }
            // Only controls without a short form may use \u, and always as lowercase \u00xx.
            let hasShortForm = value == 0x08 || value == 0x09 || value == 0x0A || value == 0x0C || value == 0x0D
            guard value < 0x20, !hasShortForm, lowercase else { return fail(pos, "escape not minimal") }
            pos += 6
            return true
        default:
            return fail(pos, "invalid escape")
        }
    }
}
