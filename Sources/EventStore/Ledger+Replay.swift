import Dispatch
import Foundation
import Glibc
import Synchronization

extension Ledger {
    /// Lines decoded per parallel task.
    static let replayBatchLines = 4096

    /// Calls `body` with every event from `seq` through `lastSeq`, in order, on the calling thread.
    ///
    /// Decoding a line (JSON parse, envelope checks) costs several times what folding it into a projection does, so
    /// lines are read in order, decoded in parallel batches on every core, and handed over in order. Memory stays
    /// bounded by the window of batches in flight.
    public func forEachEvent(
        from seq: Int = 1, through lastSeq: Int = .max, _ body: (LedgerEvent) throws -> Void
    ) throws {
        var cursor = try cursor(from: seq)
        try forEach(using: &cursor, through: lastSeq, body)
    }

    /// Like `forEachEvent(from:)`, continuing after a checkpoint: the line of seq `seq` must still sit at
    /// `lineStart..<lineEnd` (its `\n` included) and carry `hash`, read straight from the file without folding the
    /// ledger's index. Returns false, calling nothing, when that prefix no longer matches.
    public func forEachEvent(
        after seq: Int, hash: SHA256Digest, lineStart: Int, lineEnd: Int, _ body: (LedgerEvent) throws -> Void
    ) throws -> Bool {
        guard seq >= 1, lineStart >= 0, lineEnd > lineStart else { return false }
        let file = try FileDescriptor.open(ledgerPath, flags: O_RDONLY)
        let line = try file.read(at: lineStart, count: lineEnd - lineStart)
        file.close()
        guard line.count == lineEnd - lineStart, line.last == UInt8(ascii: "\n") else { return false }
        let matches = line.withUnsafeBytes { raw -> Bool in
            let bytes = UnsafeRawBufferPointer(rebasing: raw.dropLast())
            return JCSValidator.check(bytes) { violation, members, count in
                guard violation == nil,
                    let fields = LedgerLineFields.fromValidatedMembers(bytes, members, count: count),
                    fields.seq == seq, let range = fields.hash
                else { return false }
                return hash.matchesLowercaseHex(UnsafeRawBufferPointer(rebasing: bytes[range]))
            }
        }
        guard matches else { return false }
        var cursor = try LedgerCursor(path: ledgerPath, offset: lineEnd, firstSeq: seq + 1)
        try forEach(using: &cursor, through: .max, body)
        return true
    }

    /// Byte range of the line of `seq` (its `\n` included), for checkpoints.
    public func lineRange(seq: Int) throws -> Range<Int>? {
        try withRefreshedIndex { index in
            guard seq >= 1, seq <= index.lineOffsets.count else { return nil }
            let end = seq < index.lineOffsets.count ? index.lineOffsets[seq] : index.foldedSize
            return index.lineOffsets[seq - 1]..<end
        }
    }

    private func forEach(
        using cursor: inout LedgerCursor, through lastSeq: Int, _ body: (LedgerEvent) throws -> Void
    ) throws {
        let window = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        var nextSeq = cursor.nextSeq
        while nextSeq <= lastSeq {
            var batches: [RawBatch] = []
            while batches.count < window {
                var batch = RawBatch(firstSeq: cursor.nextSeq, firstOffset: cursor.nextOffset)
                while batch.lines.count < Self.replayBatchLines, cursor.nextSeq <= lastSeq,
                    let line = try cursor.nextLine()
                {
                    batch.lines.append(line)
                }
                if batch.lines.isEmpty { break }
                batches.append(batch)
            }
            if batches.isEmpty { return }
            let decoded = Mutex([Result<[LedgerEvent], LedgerError>?](repeating: nil, count: batches.count))
            let shared = batches
            DispatchQueue.concurrentPerform(iterations: shared.count) { index in
                let result = shared[index].decode()
                decoded.withLock { $0[index] = result }
            }
            for result in decoded.withLock({ $0 }) {
                guard let events = try result?.get() else { continue }
                for event in events {
                    try body(event)
                    nextSeq = event.seq + 1
                }
            }
        }
    }
}

/// Raw lines read in order, waiting to be decoded.
private struct RawBatch: Sendable {
    let firstSeq: Int
    let firstOffset: Int
    var lines: [ArraySlice<UInt8>] = []

    init(firstSeq: Int, firstOffset: Int) {
        self.firstSeq = firstSeq
        self.firstOffset = firstOffset
    }

    func decode() -> Result<[LedgerEvent], LedgerError> {
        var events: [LedgerEvent] = []
        events.reserveCapacity(lines.count)
        var offset = firstOffset
        for (index, line) in lines.enumerated() {
            let result = line.withUnsafeBytes { bytes in
                Result { () throws(LedgerError) in try LedgerEvent(line: bytes) }
            }
            switch result {
            case .success(let event):
                events.append(event)
            case .failure(.malformedLine(_, _, _, let reason)):
                let seq = firstSeq + index
                return .failure(.malformedLine(seq: seq, line: seq, offset: offset, reason: reason))
            case .failure(let error):
                return .failure(error)
            }
            offset += line.count + 1
        }
        return .success(events)
    }
}
