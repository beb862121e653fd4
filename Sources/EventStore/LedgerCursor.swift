import Glibc

/// Reads ledger lines in order from a starting offset, a chunk at a time: memory does not grow with the ledger.
///
/// Stops at the end of the last complete line; a torn fragment is never returned.
public struct LedgerCursor: ~Copyable {
    private let file: FileDescriptor
    private var offset: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// Seq the next event is expected to have.
    public private(set) var nextSeq: Int
    /// Byte offset in the file of the next line.
    public var nextOffset: Int { offset - (buffer.count - position) }

    static let chunkSize = 1 << 20

    init(path: String, offset: Int, firstSeq: Int) throws(LedgerError) {
        file = try FileDescriptor.open(path, flags: O_RDONLY)
        self.offset = offset
        self.nextSeq = firstSeq
    }

    deinit {
        file.close()
    }

    /// The next line's bytes without its `\n`, or nil at the end.
    public mutating func nextLine() throws(LedgerError) -> ArraySlice<UInt8>? {
        while true {
            let found = buffer.withUnsafeBytes { LedgerIndex.firstNewline(in: $0, from: position) }
            if let newline = found {
                let line = buffer[position..<newline]
                position = newline + 1
                nextSeq += 1
                return line
            }
            if atEnd { return nil }
            try refill()
        }
    }

    /// The next event, decoded, or nil at the end.
    public mutating func next() throws(LedgerError) -> LedgerEvent? {
        let lineOffset = nextOffset
        let seq = nextSeq
        guard let line = try nextLine() else { return nil }
        let decoded = line.withUnsafeBytes { bytes in
            Result { () throws(LedgerError) in try LedgerEvent(line: bytes) }
        }
        switch decoded {
        case .success(let event):
            return event
        case .failure(.malformedLine(_, _, _, let reason)):
            throw .malformedLine(seq: seq, line: seq, offset: lineOffset, reason: reason)
        case .failure(let error):
            throw error
        }
    }

    private mutating func refill() throws(LedgerError) {
        let chunk = try file.read(at: offset, count: Self.chunkSize)
        if chunk.isEmpty {
            atEnd = true
            return
        }
        offset += chunk.count
        buffer.removeSubrange(0..<position)
        position = 0
        buffer.append(contentsOf: chunk)
    }
}
