/// Where the envelope members sit in one ledger line, found without building a JSON tree.
///
/// Used on the hot paths (opening a ledger, verification) where parsing a million payloads would cost more than
/// hashing them: the JCS validator's single pass records where each top-level member starts, and this reads the
/// envelope from those positions; the payload is never decoded.
struct LedgerLineFields {
    /// The integer value of `seq`, when present and a plain non-negative integer.
    var seq: Int?
    /// Byte range of the 64 hex digits of `prev`.
    var prev: Range<Int>?
    /// Byte range of the 64 hex digits of `hash`.
    var hash: Range<Int>?
    /// Byte range of the whole `,"hash":"…"` member including the comma before it: the bytes not hashed.
    var hashMember: Range<Int>?
    /// Byte range of the `command` string's content (raw, still escaped).
    var command: Range<Int>?
    /// Byte range of the `type` string's content.
    var type: Range<Int>?
    /// Number of top-level members seen.
    var memberCount = 0

    /// Reads the envelope of a line the JCS validator accepted, from the member positions it recorded (pairs of
    /// key quote and value start; a member's value ends one byte before the next key's quote, the last one before
    /// the closing brace). Nil when the line is not an object or has more members than were recorded.
    static func fromValidatedMembers(_ line: UnsafeRawBufferPointer, _ members: UnsafeBufferPointer<Int>, count: Int)
        -> LedgerLineFields?
    {
        guard count * 2 == members.count, line.first == UInt8(ascii: "{") else { return nil }
        var fields = LedgerLineFields()
        fields.memberCount = count
        for member in 0..<count {
            let quote = members[2 * member]
            let valueStart = members[2 * member + 1]
            let valueEnd = member + 1 < count ? members[2 * (member + 1)] - 1 : line.count - 1
            let key = UnsafeRawBufferPointer(rebasing: line[(quote + 1)..<(valueStart - 2)])
            fields.record(key: key, line: line, memberStart: quote, value: valueStart..<valueEnd)
        }
        return fields
    }

    private mutating func record(
        key: UnsafeRawBufferPointer, line: UnsafeRawBufferPointer, memberStart: Int, value: Range<Int>
    ) {
        let isString = line[value.lowerBound] == UInt8(ascii: "\"")
        let content = isString ? (value.lowerBound + 1)..<(value.upperBound - 1) : value.lowerBound..<value.lowerBound
        switch key.count {
        case 3 where Self.equals(key, "seq"):
            seq = Self.parseInteger(line, value)
        case 4 where Self.equals(key, "prev") && isString:
            prev = content
        case 4 where Self.equals(key, "hash") && isString:
            hash = content
            // The comma before the member belongs to what is removed; `hash` is never the first key.
            hashMember = (memberStart > 1 ? memberStart - 1 : memberStart)..<value.upperBound
        case 4 where Self.equals(key, "type") && isString:
            type = content
        case 7 where Self.equals(key, "command") && isString:
            command = content
        default:
            break
        }
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let other = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return bytes.elementsEqual(other)
    }

    private static func parseInteger(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 16 else { return nil }
        var value = 0
        for index in range {
            let digit = Int(line[index]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
