/// Strict UTF-8 sequence validation shared by the parser and the JCS validator.
///
/// Follows Unicode Table 3-7 (well-formed byte sequences) so that overlong forms, UTF-8-encoded
/// surrogates (U+D800–U+DFFF), code points above U+10FFFF and truncated sequences are all rejected:
/// every language verifying the ledger must see the same scalars, and lenient decoders disagree on these.
enum StrictUTF8 {
    /// Length (2–4) of the well-formed multi-byte sequence starting at `i`, or 0 when it is not
    /// well formed or does not fit before `end`. `p[i]` must be a non-ASCII byte.
    ///
    /// Deliberately not inlined: its many branches would push the validator's hot scanning functions over
    /// the size where Swift stops honouring `@inline(__always)`, and non-ASCII text is the minority.
    @inline(never)
    static func sequenceLength(_ p: UnsafeRawPointer, _ i: Int, _ end: Int) -> Int {
        let b0 = p.load(fromByteOffset: i, as: UInt8.self)
        let length: Int
        // The second byte is the one whose range depends on the lead; later bytes are plain continuations.
        let low: UInt8
        let high: UInt8
        switch b0 {
        case 0xC2...0xDF:
            (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0:
            (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF:
            (length, low, high) = (3, 0x80, 0xBF)
        case 0xED:
            (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0:
            (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3:
            (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4:
            (length, low, high) = (4, 0x80, 0x8F)
        default:
            return 0
        }
        guard end - i >= length else { return 0 }
        let b1 = p.load(fromByteOffset: i + 1, as: UInt8.self)
        guard b1 >= low, b1 <= high else { return 0 }
        var k = 2
        while k < length {
            guard p.load(fromByteOffset: i + k, as: UInt8.self) & 0xC0 == 0x80 else { return 0 }
            k += 1
        }
        return length
    }

    /// Appends the UTF-8 encoding of a scalar value (caller guarantees it is not a surrogate).
    @inline(__always)
    static func append(scalar v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
