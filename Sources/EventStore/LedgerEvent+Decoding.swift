extension LedgerEvent {
    /// Decodes a well-formed envelope straight into its fields, without building a JSON object for the envelope
    /// or hex strings for the digests: replay decodes a million of them. Nil on anything unusual (an unknown,
    /// repeated or escaped key, a wrong type, bad JSON), so the caller can let the general decoder explain why.
    static func decodeEnvelope(_ line: UnsafeRawBufferPointer) -> LedgerEvent? {
        guard line.count > 0, let base = line.baseAddress else { return nil }
        var parser = JSONParser(base: base, count: line.count)
        return try? parser.parseEnvelope()
    }
}

extension JSONParser {
    /// Members of an envelope, one bit each, to refuse repeats and notice missing ones.
    private enum Member: UInt16 {
        case seq = 1
        case id = 2
        case at = 4
        case actor = 8
        case type = 16
        case data = 32
        case command = 64
        case prev = 128
        case hash = 256
        static let all: UInt16 = 511
    }

    /// The envelope at `pos`, or nil (see `LedgerEvent.decodeEnvelope`); throws only on bad JSON.
    mutating func parseEnvelope() throws(JSONParseError) -> LedgerEvent? {
        skipWhitespace()
        guard pos < count, byte(pos) == UInt8(ascii: "{") else { return nil }
        pos += 1
        var seen: UInt16 = 0
        var seq = 0
        var id = ""
        var at = ""
        var actor = LedgerActor(user: "", role: "")
        var type = ""
        var data: [String: JSONValue] = [:]
        var command = ""
        var prev = SHA256Digest.zero
        var hash = SHA256Digest.zero
        while true {
            skipWhitespace()
            guard let member = try parseEnvelopeKey(), seen & member.rawValue == 0 else { return nil }
            seen |= member.rawValue
            skipWhitespace()
            guard pos < count, byte(pos) == UInt8(ascii: ":") else { return nil }
            pos += 1
            skipWhitespace()
            guard pos < count else { return nil }
            let first = byte(pos)
            switch member {
            case .seq:
                guard first == UInt8(ascii: "-") || (first &- UInt8(ascii: "0")) < 10,
                    let value = JSONValue.number(try parseNumber()).intValue, value >= 1
                else { return nil }
                seq = value
            case .prev, .hash:
                guard first == UInt8(ascii: "\""), let digest = parseDigest() else { return nil }
                if member == .prev { prev = digest } else { hash = digest }
            case .data:
                guard first == UInt8(ascii: "{"), case .object(let members) = try parseValue() else { return nil }
                data = members
            case .actor:
                guard first == UInt8(ascii: "{"), case .object(let members) = try parseValue(), members.count == 2,
                    let user = members["user"]?.stringValue, let role = members["role"]?.stringValue
                else { return nil }
                actor = LedgerActor(user: user, role: role)
            case .id, .at, .type, .command:
                guard first == UInt8(ascii: "\"") else { return nil }
                let text = try parseString()
                switch member {
                case .id: id = text
                case .at: at = text
                case .type: type = text
                default: command = text
                }
            }
            skipWhitespace()
            guard pos < count else { return nil }
            let separator = byte(pos)
            pos += 1
            if separator == UInt8(ascii: "}") { break }
            guard separator == UInt8(ascii: ",") else { return nil }
        }
        skipWhitespace()
        guard pos == count, seen == Member.all else { return nil }
        return LedgerEvent(
            seq: seq, id: id, at: at, actor: actor, type: type, data: data, command: command, prev: prev, hash: hash)
    }

    /// The envelope member named by the key at `pos` (a plain ASCII key, no escapes), else nil.
    private mutating func parseEnvelopeKey() throws(JSONParseError) -> Member? {
        guard pos < count, byte(pos) == UInt8(ascii: "\"") else { return nil }
        let start = pos + 1
        var end = start
        while end < count, byte(end) != UInt8(ascii: "\""), byte(end) != UInt8(ascii: "\\") { end += 1 }
        guard end < count, byte(end) == UInt8(ascii: "\"") else { return nil }
        pos = end + 1
        let key = UnsafeRawBufferPointer(start: base + start, count: end - start)
        switch key.count {
        case 2 where Self.equals(key, "id"): return .id
        case 2 where Self.equals(key, "at"): return .at
        case 3 where Self.equals(key, "seq"): return .seq
        case 4 where Self.equals(key, "type"): return .type
        case 4 where Self.equals(key, "data"): return .data
        case 4 where Self.equals(key, "prev"): return .prev
        case 4 where Self.equals(key, "hash"): return .hash
        case 5 where Self.equals(key, "actor"): return .actor
        case 7 where Self.equals(key, "command"): return .command
        default: return nil
        }
    }

    /// A string of exactly 64 hex digits at `pos` (its opening quote), as a digest; nil otherwise.
    private mutating func parseDigest() -> SHA256Digest? {
        guard pos + 65 < count, byte(pos + 65) == UInt8(ascii: "\"") else { return nil }
        guard let digest = SHA256Digest(hexUTF8: UnsafeRawBufferPointer(start: base + pos + 1, count: 64)) else {
            return nil
        }
        pos += 66
        return digest
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.elementsEqual(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
