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
        try forEach(using: &cursor, through: lastSeq) { event, _ in try body(event) }
    }

    /// Like `forEachEvent(from:)`, continuing after a checkpoint: the line of seq `seq` must still sit at
    /// `lineStart..<lineEnd` (its `\n` included) and carry `hash`, read straight from the file without folding the
    /// ledger's index. Returns false, calling nothing, when that prefix no longer matches.
    public func forEachEvent(
        after seq: Int, hash: SHA256Digest, lineStart: Int, lineEnd: Int, _ body: (LedgerEvent) throws -> Void
    ) throws -> Bool {
        guard seq >= 1 else { return false }
        let position = LedgerPosition(seq: seq, hash: hash, lineStart: lineStart, lineEnd: lineEnd)
        return try forEachEvent(after: position, body) != nil
    }

    /// Calls `body` with every event after `position`, in order, reading the file from the end of that line on —
    /// the ledger's index is not folded, so a process that starts from a checkpoint never scans the whole file.
    ///
    /// The line at `position` must still be there with its seq and hash (else nil, calling nothing: the file was
    /// rewritten, so fold from `.start` again), and each event read must follow the one before it (seq + 1, `prev`
    /// equal to its hash), else `LedgerError.malformedLine`. Returns where the last event read sits.
    public func forEachEvent(after position: LedgerPosition, _ body: (LedgerEvent) throws -> Void) throws
        -> LedgerPosition?
    {
        guard let (last, damage) = try forEachEventBeforeDamage(after: position, body) else { return nil }
        if let damage { throw damage }
        return last
    }

    /// Like `forEachEvent(after:)`, but a damaged line ends the read instead of failing it: returns where the last
    /// good event sits and the damage (nil when the file read to its end), so a reader can keep serving what came
    /// before it. Nil, calling nothing, when the line at `position` no longer matches.
    public func forEachEventBeforeDamage(after position: LedgerPosition, _ body: (LedgerEvent) throws -> Void) throws
        -> (position: LedgerPosition, damage: LedgerError?)?
    {
        if position.seq != 0 {
            guard try lineMatches(position) else { return nil }
        }
        var cursor = try LedgerCursor(path: ledgerPath, offset: position.lineEnd, firstSeq: position.seq + 1)
        var last = position
        do {
            try forEach(using: &cursor, through: .max) { event, range in
                guard event.seq == last.seq + 1, event.prev == last.hash else {
                    throw LedgerError.malformedLine(
                        seq: event.seq, line: last.seq + 1, offset: range.lowerBound,
                        reason: "does not follow seq \(last.seq) (expected seq \(last.seq + 1) with prev = its hash)")
                }
                try body(event)
                last = LedgerPosition(
                    seq: event.seq, hash: event.hash, lineStart: range.lowerBound, lineEnd: range.upperBound)
            }
        } catch let damage as LedgerError {
            guard case .malformedLine = damage else { throw damage }
            return (last, damage)
        }
        return (last, nil)
    }

    /// True when the line of `position` is still at its byte range, canonical, with its seq and hash.
    private func lineMatches(_ position: LedgerPosition) throws -> Bool {
        guard position.seq >= 1, position.lineStart >= 0, position.lineEnd > position.lineStart else { return false }
        let file = try FileDescriptor.open(ledgerPath, flags: O_RDONLY)
        let line = try file.read(at: position.lineStart, count: position.lineEnd - position.lineStart)
        file.close()
        guard line.count == position.lineEnd - position.lineStart, line.last == UInt8(ascii: "\n") else {
            return false
        }
        return line.withUnsafeBytes { raw -> Bool in
            let bytes = UnsafeRawBufferPointer(rebasing: raw.dropLast())
            return JCSValidator.check(bytes) { violation, members, count in
                guard violation == nil,
                    let fields = LedgerLineFields.fromValidatedMembers(bytes, members, count: count),
                    fields.seq == position.seq, let range = fields.hash
                else { return false }
                return position.hash.matchesLowercaseHex(UnsafeRawBufferPointer(rebasing: bytes[range]))
            }
        }
    }

    /// Byte range of the line of `seq` (its `\n` included), for checkpoints.
    public func lineRange(seq: Int) throws -> Range<Int>? {
        try withRefreshedIndex { index in
            guard seq >= 1, seq <= index.lineOffsets.count else { return nil }
            let end = seq < index.lineOffsets.count ? index.lineOffsets[seq] : index.foldedSize
            return index.lineOffsets[seq - 1]..<end
        }
    }

    /// Decodes the cursor's lines in parallel and calls `body` in order with each event and its line's byte range
    /// (the `\n` included).
    private func forEach(
        using cursor: inout LedgerCursor, through lastSeq: Int, _ body: (LedgerEvent, Range<Int>) throws -> Void
    ) throws {
        // Batches are decoded on the global queue while this thread folds the oldest one: with two cores, decoding
        // and folding overlap instead of taking turns. At most `window` batches are read ahead.
        let window = max(3, ProcessInfo.processInfo.activeProcessorCount * 2)
        var inFlight: [DecodingBatch] = []
        var exhausted = false
        while true {
            while !exhausted, inFlight.count < window {
                var batch = RawBatch(firstSeq: cursor.nextSeq, firstOffset: cursor.nextOffset)
                batch.lines.reserveCapacity(Self.replayBatchLines)
                while batch.lines.count < Self.replayBatchLines, cursor.nextSeq <= lastSeq,
                    let line = try cursor.nextLine()
                {
                    batch.lines.append(line)
                }
                if batch.lines.count < Self.replayBatchLines { exhausted = true }
                if batch.lines.isEmpty { break }
                let decoding = DecodingBatch(firstOffset: batch.firstOffset)
                DispatchQueue.global().async { [batch] in decoding.finish(batch.decode()) }
                inFlight.append(decoding)
            }
            guard !inFlight.isEmpty else { return }
            let batch = inFlight.removeFirst()
            try batch.fold(body)
            // Freeing a batch's dictionaries and strings is a good part of the cost of a replay: leave it to
            // another thread rather than the one folding.
            DispatchQueue.global().async { batch.discard() }
        }
    }
}

/// One batch being decoded on another thread; `wait()` returns its result once `finish` has stored it.
private final class DecodingBatch: Sendable {
    /// Byte offset of the batch's first line.
    let firstOffset: Int
    /// The decoded events and the end offset of each one's line; written once by the decoding task, read after
    /// `ready` is signalled.
    private let result = Mutex<RawBatch.Decoded?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    init(firstOffset: Int) {
        self.firstOffset = firstOffset
    }

    func finish(_ decoded: RawBatch.Decoded) {
        result.withLock { $0 = decoded }
        ready.signal()
    }

    /// Waits for the decoded events and calls `body` with each in order (the events stay owned by this batch);
    /// then throws the batch's failure, if a line could not be decoded — every event before it was delivered.
    func fold(_ body: (LedgerEvent, Range<Int>) throws -> Void) throws {
        ready.wait()
        ready.signal()
        guard let decoded = result.withLock({ $0 }) else { return }
        var lineStart = firstOffset
        for (event, lineEnd) in zip(decoded.events, decoded.lineEnds) {
            try body(event, lineStart..<lineEnd)
            lineStart = lineEnd
        }
        if let failure = decoded.failure { throw failure }
    }

    /// Frees the events (on whichever thread calls it).
    func discard() {
        result.withLock { $0 = nil }
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

    /// Events and the end offset of each one's line, up to the first line that could not be decoded (`failure`).
    struct Decoded: Sendable {
        var events: [LedgerEvent]
        var lineEnds: [Int]
        var failure: LedgerError?
    }

    /// Whether SHA-256 of `line` without its `,"hash":"…"` member is `hash`. The member is found from the end:
    /// in the canonical envelope only `id`, `prev`, `seq` and `type` follow it, none of which can hold that text.
    static func hashMatches(_ line: UnsafeRawBufferPointer, _ hash: SHA256Digest) -> Bool {
        let marker = Array(#","hash":""#.utf8)
        let memberLength = marker.count + 64 + 1
        guard line.count > memberLength else { return false }
        var start = line.count - memberLength
        while start >= 0 {
            if line[start] == marker[0], line[start..<(start + marker.count)].elementsEqual(marker) { break }
            start -= 1
        }
        guard start >= 0 else { return false }
        var hasher = SHA256()
        hasher.update(UnsafeRawBufferPointer(rebasing: line[..<start]))
        hasher.update(UnsafeRawBufferPointer(rebasing: line[(start + memberLength)...]))
        return hasher.finalize() == hash
    }

    func decode() -> Decoded {
        var events: [LedgerEvent] = []
        events.reserveCapacity(lines.count)
        var lineEnds: [Int] = []
        lineEnds.reserveCapacity(lines.count)
        var offset = firstOffset
        for (index, line) in lines.enumerated() {
            let result = line.withUnsafeBytes { bytes in
                Result { () throws(LedgerError) in
                    let event = try LedgerEvent(line: bytes)
                    // The line must be what its hash says: an edit that leaves valid JSON is damage too, so nothing
                    // folded from it can authorise anyone (checked here, in parallel, over the lines folded only).
                    guard Self.hashMatches(bytes, event.hash) else {
                        throw LedgerError.malformedLine(
                            seq: event.seq, line: nil, offset: nil,
                            reason: "hash mismatch: the line was altered after it was written")
                    }
                    return event
                }
            }
            switch result {
            case .success(let event):
                events.append(event)
            case .failure(.malformedLine(_, _, _, let reason)):
                let seq = firstSeq + index
                let failure = LedgerError.malformedLine(seq: seq, line: seq, offset: offset, reason: reason)
                return Decoded(events: events, lineEnds: lineEnds, failure: failure)
            case .failure(let error):
                return Decoded(events: events, lineEnds: lineEnds, failure: error)
            }
            offset += line.count + 1
            lineEnds.append(offset)
        }
        return Decoded(events: events, lineEnds: lineEnds, failure: nil)
    }
}
