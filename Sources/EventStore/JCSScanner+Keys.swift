extension JCSScanner {
    /// Compares two already-validated keys (raw byte ranges between the quotes) by the UTF-16 code units of
    /// their *decoded* text: negative, zero or positive. Escapes matter because `\n` (0x0A) must sort before
    /// "A" although its raw backslash (0x5C) does not.
    ///
    /// Static with an explicit `base` on purpose: calling a method on `self` from the mutating scanner made
    /// the compiler copy the whole scanner per key, which stalled on store forwarding.
    @inline(__always)
    static func compareKeys(
        _ base: UnsafeRawPointer, _ a0: Int, _ a1: Int, _ aEscaped: Bool, _ b0: Int, _ b1: Int, _ bEscaped: Bool
    ) -> Int {
        if aEscaped || bEscaped { return compareDecodedKeys(base, a0, a1, b0, b1) }
        let aLength = a1 - a0
        let bLength = b1 - b0
        let common = min(aLength, bLength)
        var i = 0
        while i + 8 <= common {
            let x = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: a0 + i, as: UInt64.self))
            let y = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: b0 + i, as: UInt64.self))
            if x != y {
                let k = i + (x ^ y).trailingZeroBitCount >> 3
                let xk = base.load(fromByteOffset: a0 + k, as: UInt8.self)
                let yk = base.load(fromByteOffset: b0 + k, as: UInt8.self)
                return JCSKeyOrder.byteLess(xk, yk) ? -1 : 1
            }
            i += 8
        }
        while i < common {
            let x = base.load(fromByteOffset: a0 + i, as: UInt8.self)
            let y = base.load(fromByteOffset: b0 + i, as: UInt8.self)
            if x != y { return JCSKeyOrder.byteLess(x, y) ? -1 : 1 }
            i += 1
        }
        return aLength - bLength
    }

    @inline(never)
    private static func compareDecodedKeys(_ base: UnsafeRawPointer, _ a0: Int, _ a1: Int, _ b0: Int, _ b1: Int) -> Int
    {
        var i = a0
        var j = b0
        while true {
            if i >= a1 { return j >= b1 ? 0 : -1 }
            if j >= b1 { return 1 }
            let (x, nextI) = decodedByte(base, at: i)
            let (y, nextJ) = decodedByte(base, at: j)
            if x != y { return JCSKeyOrder.byteLess(x, y) ? -1 : 1 }
            i = nextI
            j = nextJ
        }
    }

    /// The decoded byte at raw offset `i` of an already-checked canonical string and the offset after it.
    /// Canonical escapes only ever stand for single ASCII bytes.
    @inline(__always)
    private static func decodedByte(_ base: UnsafeRawPointer, at i: Int) -> (UInt8, Int) {
        func byte(_ k: Int) -> UInt8 { base.load(fromByteOffset: k, as: UInt8.self) }
        let b = byte(i)
        guard b == UInt8(ascii: "\\") else { return (b, i + 1) }
        switch byte(i + 1) {
        case UInt8(ascii: "b"): return (0x08, i + 2)
        case UInt8(ascii: "t"): return (0x09, i + 2)
        case UInt8(ascii: "n"): return (0x0A, i + 2)
        case UInt8(ascii: "f"): return (0x0C, i + 2)
        case UInt8(ascii: "r"): return (0x0D, i + 2)
        case UInt8(ascii: "u"): return (hexValue(byte(i + 4)) << 4 | hexValue(byte(i + 5)), i + 6)
        case let c: return (c, i + 2)
        }
    }

    @inline(__always)
    private static func hexValue(_ c: UInt8) -> UInt8 {
        c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : c - UInt8(ascii: "a") + 10
    }

    /// Rare path for objects with a non-ASCII key: distinct byte sequences can still be canonically
    /// equivalent ("Å" vs "A\u{30A}", "K" vs KELVIN SIGN), which Swift `String` (and so `JSONValue` and the
    /// parser) treats as the same key. Flag them so `check` agrees with parse + re-encode. The object spans
    /// `objectStart` ('{') to `end` ('}') and has already been validated, so a light scan can find its keys.
    @inline(never)
    mutating func checkEquivalentKeys(objectStart: Int, end: Int) -> Bool {
        var seen = Set<String>()
        var p = objectStart + 1
        var level = 0
        var expectKey = true
        while p < end {
            let b = byte(p)
            if b == UInt8(ascii: "\"") {
                let start = p + 1
                var q = start
                while byte(q) != UInt8(ascii: "\"") { q += byte(q) == UInt8(ascii: "\\") ? 2 : 1 }
                if level == 0, expectKey {
                    expectKey = false
                    if !seen.insert(decodedString(start, q)).inserted {
                        return fail(p, "duplicate key (canonically equivalent to an earlier key)")
                    }
                }
                p = q + 1
                continue
            }
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["): level += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): level -= 1
            case UInt8(ascii: ","): if level == 0 { expectKey = true }
            default: break
            }
            p += 1
        }
        return true
    }

    private func decodedString(_ start: Int, _ end: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var i = start
        while i < end {
            let (b, next) = Self.decodedByte(base, at: i)
            bytes.append(b)
            i = next
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
