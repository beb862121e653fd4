/// The value cannot be written as JSON (NaN or infinity somewhere inside it).
public struct JCSEncodingError: Error, Sendable, Equatable {
    /// What could not be encoded.
    public var message: String

    /// Creates an error with a human-readable message.
    public init(message: String) {
        self.message = message
    }
}

extension JSONValue {
    /// The RFC 8785 (JCS) canonical UTF-8 bytes of this value: the input to the ledger's SHA-256 chain.
    ///
    /// Object keys sorted by UTF-16 code units, no whitespace, minimal string escapes, numbers in
    /// ECMAScript form. Throws `JCSEncodingError` for NaN or infinity.
    public func canonicalBytes() throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try encodeCanonical(into: &out)
        return out
    }

    /// The canonical form as a String (the same bytes as `canonicalBytes()`).
    public func canonicalString() throws -> String {
        String(decoding: try canonicalBytes(), as: UTF8.self)
    }

    /// Appends the canonical bytes to `buffer`; on error `buffer` is left exactly as it was.
    public func encodeCanonical(into buffer: inout [UInt8]) throws {
        let mark = buffer.count
        do {
            try JCSEncoder.encode(self, into: &buffer)
        } catch {
            buffer.removeSubrange(mark...)
            throw error
        }
    }
}

/// The RFC 8785 writer behind `JSONValue.canonicalBytes()`.
enum JCSEncoder {
    static func encode(_ value: JSONValue, into out: inout [UInt8]) throws(JCSEncodingError) {
        switch value {
        case .null:
            appendASCII("null", to: &out)
        case .bool(let b):
            appendASCII(b ? "true" : "false", to: &out)
        case .number(let d):
            guard ES6Number.append(d, to: &out) else {
                throw JCSEncodingError(message: "\(d) is not a JSON number: NaN and infinity have no JSON form")
            }
        case .string(let s):
            appendString(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try encode(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { JCSKeyOrder.precedes($0.key, $1.key) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                try encode(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// RFC 8785 §3.2.2.2: escape only `"`, `\` and controls below 0x20 (short forms where JSON has them,
    /// else `\u00xx` lowercase); every other character, including U+007F and non-ASCII, is written raw.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                appendEscape(b, to: &out)
                runStart = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch b {
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x22, 0x5C: out.append(b)
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            out.append(hexDigits.utf8Start[Int(b >> 4)])
            out.append(hexDigits.utf8Start[Int(b & 0xF)])
        }
    }
}
