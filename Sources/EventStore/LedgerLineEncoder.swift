/// Builds ledger lines: the canonical envelope with its hash spliced in.
///
/// The envelope's keys sort as `actor, at, command, data, hash, id, prev, seq, type`, so the canonical form with the
/// hash is the canonical form without it plus `,"hash":"…"` between `data` and `id`. Encoding the two halves once
/// and hashing them in sequence avoids a second encoding of the payload.
enum LedgerLineEncoder {
    /// The highest integer every JSON implementation reads exactly (2^53 − 1).
    static let maxSafeInteger: Double = 9_007_199_254_740_991

    /// Encodes the event and returns the line (ending in `\n`) and its hash.
    static func encode(
        seq: Int, id: String, at: String, actor: LedgerActor, type: String, data: [String: JSONValue],
        command: String, prev: SHA256Digest
    ) throws(LedgerError) -> (line: [UInt8], hash: SHA256Digest) {
        var head: [UInt8] = []
        head.reserveCapacity(256)
        var tail: [UInt8] = []
        tail.reserveCapacity(160)
        do {
            head.append(contentsOf: #"{"actor":"#.utf8)
            try actor.jsonValue.encodeCanonical(into: &head)
            head.append(contentsOf: #","at":"#.utf8)
            try JSONValue.string(at).encodeCanonical(into: &head)
            head.append(contentsOf: #","command":"#.utf8)
            try JSONValue.string(command).encodeCanonical(into: &head)
            head.append(contentsOf: #","data":"#.utf8)
            try JSONValue.object(data).encodeCanonical(into: &head)
            tail.append(contentsOf: #","id":"#.utf8)
            try JSONValue.string(id).encodeCanonical(into: &tail)
            tail.append(contentsOf: #","prev":""#.utf8)
            tail.append(contentsOf: prev.hex.utf8)
            tail.append(contentsOf: #"","seq":"#.utf8)
            tail.append(contentsOf: String(seq).utf8)
            tail.append(contentsOf: #","type":"#.utf8)
            try JSONValue.string(type).encodeCanonical(into: &tail)
            tail.append(UInt8(ascii: "}"))
        } catch {
            throw .invalidEvent(type: type, path: "data", reason: "cannot be encoded as canonical JSON: \(error)")
        }
        var hasher = SHA256()
        hasher.update(head)
        hasher.update(tail)
        let hash = hasher.finalize()
        head.append(contentsOf: #","hash":""#.utf8)
        head.append(contentsOf: hash.hex.utf8)
        head.append(UInt8(ascii: "\""))
        head.append(contentsOf: tail)
        head.append(UInt8(ascii: "\n"))
        return (head, hash)
    }

    /// Checks what the ledger accepts before anything is locked or written.
    static func validate(_ event: NewEvent) throws(LedgerError) {
        guard isDottedName(event.type) else {
            throw .invalidEvent(
                type: event.type, path: "type",
                reason: "event type must be a dotted lowercase name such as `mapping.approved`")
        }
        try validateIntegers(.object(event.data), path: "data", type: event.type)
    }

    /// Checks a command id or actor field: non-empty printable text of bounded length.
    static func validateLabel(_ value: String, name: String) throws(LedgerError) {
        guard !value.isEmpty, value.utf8.count <= 200, !value.unicodeScalars.contains(where: { $0.value < 0x20 })
        else {
            throw .invalidEvent(type: nil, path: name, reason: "must be 1–200 characters with no control characters")
        }
    }

    private static func validateIntegers(_ value: JSONValue, path: String, type: String) throws(LedgerError) {
        switch value {
        case .number(let number):
            guard number.isFinite, number == number.rounded(.towardZero), abs(number) <= maxSafeInteger else {
                throw .invalidEvent(
                    type: type, path: path,
                    reason: "\(number) is not an integer within ±(2^53−1); send decimals as strings or integer units "
                        + "(basis points, milliseconds)")
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                try validateIntegers(item, path: "\(path)[\(index)]", type: type)
            }
        case .object(let fields):
            for (key, item) in fields {
                try validateIntegers(item, path: "\(path).\(key)", type: type)
            }
        case .null, .bool, .string:
            break
        }
    }

    private static func isDottedName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, name.utf8.count <= 100 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
                return false
            }
            return part.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "_")
            }
        }
    }
}
