/// Where the envelope members sit in one ledger line, found without building a JSON tree.
///
/// Used on the hot paths (opening a ledger, verification) where parsing a million payloads would cost more than
/// hashing them. The scanner only walks the top-level object; the payload is skipped, not decoded.
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

    /// Scans `line` (without its `\n`); nil when the top level is not a well-formed object.
    static func scan(_ line: UnsafeRawBufferPointer) -> LedgerLineFields? {
        var fields = LedgerLineFields()
        let count = line.count
        guard count >= 2, line[0] == UInt8(ascii: "{") else { return nil }
        var index = 1
        if line[index] == UInt8(ascii: "}") { return index == count - 1 ? fields : nil }
        while index < count {
            let memberStart = index
            guard line[index] == UInt8(ascii: "\""), let keyEnd = skipString(line, from: index) else { return nil }
            let key = UnsafeRawBufferPointer(rebasing: line[(index + 1)..<(keyEnd - 1)])
            index = keyEnd
            guard index < count, line[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            let valueStart = index
            guard let valueEnd = skipValue(line, from: index) else { return nil }
            index = valueEnd
            fields.memberCount += 1
            let isString = line[valueStart] == UInt8(ascii: "\"")
            let content = isString ? (valueStart + 1)..<(valueEnd - 1) : valueStart..<valueStart
            switch key.count {
            case 3 where equals(key, "seq"):
                fields.seq = parseInteger(line, valueStart..<valueEnd)
            case 4 where equals(key, "prev") && isString:
                fields.prev = content
            case 4 where equals(key, "hash") && isString:
                fields.hash = content
                // The comma before the member belongs to what is removed; `hash` is never the first key.
                fields.hashMember = (memberStart > 1 ? memberStart - 1 : memberStart)..<valueEnd
            case 4 where equals(key, "type") && isString:
                fields.type = content
            case 7 where equals(key, "command") && isString:
                fields.command = content
            default:
                break
            }
            guard index < count else { return nil }
            if line[index] == UInt8(ascii: ",") {
                index += 1
            } else if line[index] == UInt8(ascii: "}") {
                return index == count - 1 ? fields : nil
            } else {
                return nil
            }
        }
        return nil
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

    /// Returns the index just past the closing quote of the string starting at `start`.
    private static func skipString(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start + 1
        let count = line.count
        while index < count {
            let byte = line[index]
            if byte == UInt8(ascii: "\"") { return index + 1 }
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return nil
    }

    /// Returns the index just past the value starting at `start` (strings, containers, numbers, literals).
    private static func skipValue(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let count = line.count
        guard start < count else { return nil }
        switch line[start] {
        case UInt8(ascii: "\""):
            return skipString(line, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < count {
                switch line[index] {
                case UInt8(ascii: "\""):
                    guard let end = skipString(line, from: index) else { return nil }
                    index = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < count, line[index] != UInt8(ascii: ","), line[index] != UInt8(ascii: "}") {
                index += 1
            }
            return index > start ? index : nil
        }
    }
}
