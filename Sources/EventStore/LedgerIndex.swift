import Glibc

/// What a ledger instance knows about its file: the chain head, where each line starts, and which commands were seen.
///
/// Built by folding lines in order; every line is checked for canonical form, shape, linkage and its hash (the
/// SHA-256 of the line without its hash member), so a line altered after it was written — even one still valid
/// JSON — stops appends in every process that folds it. Owned by `Ledger` under its state lock.
struct LedgerIndex {
    /// Seq of the last folded event (0 when empty).
    private(set) var headSeq = 0
    /// Hash of the last folded event (zero when empty).
    private(set) var headHash = SHA256Digest.zero
    /// Byte offset of the start of each line; `lineOffsets[seq - 1]`.
    private(set) var lineOffsets: [Int] = []
    /// Bytes of the file folded so far; always just after a `\n`.
    private(set) var foldedSize = 0
    /// First seq of each command, keyed by 128 bits of the SHA-256 of the command id (memory-light; no collisions
    /// in practice, and lookups are confirmed against the stored event).
    private var commands: [CommandKey: Int] = [:]
    /// The first damaged line, once seen; appends stop.
    private(set) var damage: LedgerError?

    struct CommandKey: Hashable {
        var high: UInt64
        var low: UInt64

        init(_ command: String) {
            let digest = SHA256.hash(command)
            (high, low) = digest.withUnsafeBytes {
                ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            }
        }
    }

    /// The first seq recorded under `command`, if any.
    func firstSeq(ofCommand command: String) -> Int? {
        commands[CommandKey(command)]
    }

    /// Forgets everything (the file shrank under us: only a rescan can be trusted).
    mutating func reset() {
        self = LedgerIndex()
    }

    /// Records a line this process has just written and made durable.
    mutating func recordWritten(seq: Int, hash: SHA256Digest, command: String, lineLength: Int) {
        lineOffsets.append(foldedSize)
        foldedSize += lineLength
        headSeq = seq
        headHash = hash
        let key = CommandKey(command)
        if commands[key] == nil { commands[key] = seq }
    }

    /// Folds the complete lines of `bytes`, which start at file offset `foldedSize`. Returns the number of bytes
    /// consumed (up to and including the last `\n` folded). Stops at the first damaged line and records it.
    mutating func fold(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard damage == nil else { return 0 }
        var start = 0
        while start < bytes.count {
            guard let newline = Self.firstNewline(in: bytes, from: start) else { break }
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<newline])
            if let problem = check(line) {
                damage = .malformedLine(seq: headSeq + 1, line: headSeq + 1, offset: foldedSize, reason: problem)
                break
            }
            start = newline + 1
            foldedSize += line.count + 1
        }
        return start
    }

    private mutating func check(_ line: UnsafeRawBufferPointer) -> String? {
        let (violation, scanned) = JCSValidator.check(line) { violation, members, count in
            (violation, violation == nil ? LedgerLineFields.fromValidatedMembers(line, members, count: count) : nil)
        }
        if let violation {
            return "not canonical JSON (\(violation))"
        }
        guard let fields = scanned, fields.memberCount == 9, let seq = fields.seq,
            let prevRange = fields.prev, let hashRange = fields.hash, let commandRange = fields.command,
            let hashMember = fields.hashMember,
            let hash = SHA256Digest(lowercaseHex: UnsafeRawBufferPointer(rebasing: line[hashRange]))
        else {
            return "not a ledger envelope"
        }
        guard seq == headSeq + 1 else { return "seq \(seq) where \(headSeq + 1) was expected" }
        guard headHash.matchesLowercaseHex(UnsafeRawBufferPointer(rebasing: line[prevRange])) else {
            return "prev does not match the hash of seq \(headSeq)"
        }
        var hasher = SHA256()
        hasher.update(UnsafeRawBufferPointer(rebasing: line[..<hashMember.lowerBound]))
        hasher.update(UnsafeRawBufferPointer(rebasing: line[hashMember.upperBound...]))
        guard hasher.finalize() == hash else { return "hash mismatch: the line was altered after it was written" }
        // Commands are stored escaped; the index key is over the decoded id, so decode when escapes are present.
        let rawCommand = UnsafeRawBufferPointer(rebasing: line[commandRange])
        let command: String
        if rawCommand.contains(UInt8(ascii: "\\")) {
            guard
                let decoded = try? JSONValue(
                    parsing: Array(line[(commandRange.lowerBound - 1)...commandRange.upperBound])
                ).stringValue
            else { return "command id is not a string" }
            command = decoded
        } else {
            command = String(decoding: rawCommand, as: UTF8.self)
        }
        lineOffsets.append(foldedSize)
        headSeq = seq
        headHash = hash
        let key = CommandKey(command)
        if commands[key] == nil { commands[key] = seq }
        return nil
    }

    static func firstNewline(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
