/// String scanning and escape decoding for `JSONParser`: validates UTF-8 strictly and rejects what RFC 8259
/// leaves ambiguous (lone surrogates, raw control characters, unknown escapes).
extension JSONParser {
    /// Parses the string starting at the opening quote at `pos`.
    mutating func parseString() throws(JSONParseError) -> String {
        pos += 1
        let start = pos
        // Most strings have no escapes: validate in place and build the String straight from the input.
        while pos < count {
            let b = byte(pos)
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeRawBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            try consumeStringByte(b)
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: pos - start))
        while pos < count {
            let b = byte(pos)
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                try parseEscape()
            } else {
                let s = pos
                try consumeStringByte(b)
                scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + s, count: pos - s))
            }
        }
        throw fail(.unexpectedEnd, pos, "unexpected end of input inside a string")
    }

    /// Advances over one unescaped character (1–4 bytes) whose first byte is `b`.
    @inline(__always)
    private mutating func consumeStringByte(_ b: UInt8) throws(JSONParseError) {
        if b < 0x20 {
            throw fail(.controlCharacterInString, pos, "raw control character \(hex(b)) in string")
        }
        if b < 0x80 {
            pos += 1
            return
        }
        let length = StrictUTF8.sequenceLength(base, pos, count)
        guard length > 0 else {
            throw fail(.invalidUTF8, pos, "invalid or truncated UTF-8 sequence starting with \(hex(b))")
        }
        pos += length
    }

    /// Decodes the escape at `pos` (a backslash) into `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let start = pos
        guard pos + 1 < count else { throw fail(.unexpectedEnd, count, "unexpected end of input in escape") }
        let decoded: UInt8
        switch byte(pos + 1) {
        case UInt8(ascii: "\""): decoded = 0x22
        case UInt8(ascii: "\\"): decoded = 0x5C
        case UInt8(ascii: "/"): decoded = 0x2F
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            try parseUnicodeEscape()
            return
        case let e:
            throw fail(.invalidEscape, start, "invalid escape: backslash followed by \(hex(e))")
        }
        scratch.append(decoded)
        pos += 2
    }

    private mutating func parseUnicodeEscape() throws(JSONParseError) {
        let start = pos
        let unit = try hex4(at: start)
        pos += 6
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate is only meaningful as the first half of a pair written as two escapes.
            guard pos < count else { throw fail(.unexpectedEnd, pos, "unexpected end of input after \\u escape") }
            if pos + 1 < count, byte(pos) == UInt8(ascii: "\\"), byte(pos + 1) == UInt8(ascii: "u") {
                let low = try hex4(at: pos)
                if (0xDC00...0xDFFF).contains(low) {
                    pos += 6
                    StrictUTF8.append(scalar: 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), to: &scratch)
                    return
                }
            }
            throw fail(.loneSurrogate, start, "high surrogate \\u\(hex4Text(unit)) not followed by a low surrogate")
        case 0xDC00...0xDFFF:
            throw fail(.loneSurrogate, start, "low surrogate \\u\(hex4Text(unit)) without a high surrogate")
        default:
            StrictUTF8.append(scalar: unit, to: &scratch)
        }
    }

    /// The value of the four hex digits of the `\uXXXX` escape whose backslash is at `start`.
    private func hex4(at start: Int) throws(JSONParseError) -> UInt32 {
        guard start + 6 <= count else { throw fail(.unexpectedEnd, count, "unexpected end of input in \\u escape") }
        var value: UInt32 = 0
        for k in 2..<6 {
            let c = byte(start + k)
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw fail(.invalidEscape, start, "invalid hex digit \(hex(c)) in \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
