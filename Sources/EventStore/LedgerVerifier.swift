import Dispatch
import Foundation
import Synchronization
import Glibc

/// Why verification stopped, in the terms of DESIGN.md §3.
public enum VerificationProblem: String, Sendable, Equatable {
    case badJSON = "bad JSON"
    case notCanonical = "not canonical"
    case badEnvelope = "bad envelope"
    case seqGap = "seq gap"
    case prevMismatch = "prev mismatch"
    case hashMismatch = "hash mismatch"
    case tornTail = "torn tail"
}

/// The first place a ledger fails verification.
public struct VerificationFailure: Sendable, Equatable {
    /// The seq the failing line has (or should have had, when it cannot be read).
    public var seq: Int
    /// 1-based line number.
    public var line: Int
    /// Byte offset of the line's first byte.
    public var offset: Int
    /// The kind of failure.
    public var problem: VerificationProblem
    /// Details: what was expected and what was found.
    public var detail: String
}

/// The result of verifying a whole ledger file.
public struct VerificationReport: Sendable, Equatable {
    /// Complete, well-formed events read before any failure.
    public var events: Int
    /// Size of the file in bytes.
    public var bytes: Int
    /// Seq of the last intact event.
    public var headSeq: Int
    /// Hash of the last intact event.
    public var headHash: SHA256Digest
    /// The first failure, or nil when the ledger is intact.
    public var failure: VerificationFailure?
    /// True when every line checks out.
    public var intact: Bool { failure == nil }
}

/// Verifies a ledger file line by line, in parallel: each line carries its own `prev`, so chunks check
/// independently and only their seams are joined. The hash is computed over the line's bytes with the `hash`
/// member removed — no re-encoding — after checking the line is canonical.
public enum LedgerVerifier {
    /// Verifies the file at `path` using up to `workers` threads (default: the active processor count).
    public static func verify(path: String, workers: Int? = nil) throws(LedgerError) -> VerificationReport {
        let file = try FileDescriptor.open(path, flags: O_RDONLY)
        defer { file.close() }
        let size = try file.size()
        guard size > 0 else {
            return VerificationReport(events: 0, bytes: 0, headSeq: 0, headHash: .zero, failure: nil)
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, file.rawValue, 0), mapped != MAP_FAILED else {
            throw .io(operation: "mmap", path: path, errno: errno)
        }
        defer { munmap(mapped, size) }
        _ = madvise(mapped, size, MADV_SEQUENTIAL)
        let bytes = UnsafeRawBufferPointer(start: mapped, count: size)
        // Small files are not worth a second thread.
        let threads = size < 1 << 20 ? 1 : workers ?? ProcessInfo.processInfo.activeProcessorCount
        return verify(bytes, workers: threads)
    }

    /// Verifies ledger bytes held in memory.
    public static func verify(_ bytes: UnsafeRawBufferPointer, workers: Int) -> VerificationReport {
        let bounds = chunkBounds(bytes, workers: max(1, workers))
        let results = Mutex([ChunkResult?](repeating: nil, count: bounds.count))
        let shared = SharedBytes(bytes: bytes)
        DispatchQueue.concurrentPerform(iterations: bounds.count) { chunk in
            let result = verifyChunk(shared.bytes, bounds[chunk], isFirst: chunk == 0)
            results.withLock { $0[chunk] = result }
        }
        return join(results.withLock { $0.compactMap { $0 } }, bytes: bytes)
    }

    private static func join(_ chunks: [ChunkResult], bytes: UnsafeRawBufferPointer) -> VerificationReport {
        var report = VerificationReport(events: 0, bytes: bytes.count, headSeq: 0, headHash: .zero, failure: nil)
        for chunk in chunks {
            if let first = chunk.first, report.events > 0 {
                // The seam: this chunk's first line must follow the previous chunk's last.
                let line = report.events + 1
                if first.seq != report.headSeq + 1 {
                    report.failure = VerificationFailure(
                        seq: first.seq, line: line, offset: chunk.range.lowerBound, problem: .seqGap,
                        detail: "expected seq \(report.headSeq + 1), found \(first.seq)")
                    return report
                }
                if first.prev != report.headHash {
                    report.failure = VerificationFailure(
                        seq: first.seq, line: line, offset: chunk.range.lowerBound, problem: .prevMismatch,
                        detail: "prev does not match the hash of seq \(report.headSeq)")
                    return report
                }
            }
            if var failure = chunk.failure {
                failure.line += report.events
                if failure.seq == 0 { failure.seq = report.headSeq + chunk.lines + 1 }
                report.events += chunk.lines
                if chunk.lines > 0 { (report.headSeq, report.headHash) = (chunk.lastSeq, chunk.lastHash) }
                report.failure = failure
                return report
            }
            report.events += chunk.lines
            if chunk.lines > 0 { (report.headSeq, report.headHash) = (chunk.lastSeq, chunk.lastHash) }
        }
        if let last = bytes.last, last != UInt8(ascii: "\n") {
            let start = chunks.last.map { $0.range.upperBound } ?? 0
            report.failure = VerificationFailure(
                seq: report.headSeq + 1, line: report.events + 1, offset: start, problem: .tornTail,
                detail: "\(bytes.count - start) bytes after the last complete line (a write cut short)")
        }
        return report
    }

    /// The mapped file, handed to the workers: read-only, and alive until `concurrentPerform` returns.
    private struct SharedBytes: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
    }

    /// What one worker found in its slice of lines.
    private struct ChunkResult {
        var range: Range<Int>
        var lines = 0
        var first: (seq: Int, prev: SHA256Digest)?
        var lastSeq = 0
        var lastHash = SHA256Digest.zero
        /// `line` is relative to the chunk; `seq` 0 means "the one after the last good line".
        var failure: VerificationFailure?
    }

    private static func verifyChunk(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, isFirst: Bool) -> ChunkResult
    {
        var result = ChunkResult(range: range)
        var start = range.lowerBound
        while start < range.upperBound {
            guard let newline = LedgerIndex.firstNewline(in: bytes, from: start), newline < range.upperBound else {
                break
            }
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<newline])
            func fail(_ seq: Int, _ problem: VerificationProblem, _ detail: String) -> ChunkResult {
                result.failure = VerificationFailure(
                    seq: seq, line: result.lines + 1, offset: start, problem: problem, detail: detail)
                return result
            }
            let (violation, scanned) = JCSValidator.check(line) { violation, members, count in
                (violation, violation == nil ? LedgerLineFields.fromValidatedMembers(line, members, count: count) : nil)
            }
            if let violation {
                do {
                    _ = try JSONValue(parsing: line)
                } catch {
                    return fail(0, .badJSON, "\(error)")
                }
                return fail(0, .notCanonical, "\(violation)")
            }
            guard let fields = scanned, fields.memberCount == 9, let seq = fields.seq,
                fields.type != nil, fields.command != nil,
                let prevRange = fields.prev, let hashRange = fields.hash, let hashMember = fields.hashMember,
                prevRange.count == 64, hashRange.count == 64
            else {
                return fail(0, .badEnvelope, "needs exactly seq, id, at, actor, type, data, command, prev, hash")
            }
            let prev = UnsafeRawBufferPointer(rebasing: line[prevRange])
            if result.lines == 0 {
                guard let prevDigest = SHA256Digest(lowercaseHex: prev) else {
                    return fail(0, .badEnvelope, "prev must be 64 lowercase hex digits")
                }
                if isFirst {
                    if seq != 1 { return fail(seq, .seqGap, "expected seq 1, found \(seq)") }
                    if prevDigest != .zero { return fail(seq, .prevMismatch, "prev of seq 1 must be 64 zeros") }
                }
                result.first = (seq, prevDigest)
            } else {
                if seq != result.lastSeq + 1 {
                    return fail(seq, .seqGap, "expected seq \(result.lastSeq + 1), found \(seq)")
                }
                if !result.lastHash.matchesLowercaseHex(prev) {
                    return fail(seq, .prevMismatch, "prev does not match the hash of seq \(result.lastSeq)")
                }
            }
            var hasher = SHA256()
            hasher.update(UnsafeRawBufferPointer(rebasing: line[..<hashMember.lowerBound]))
            hasher.update(UnsafeRawBufferPointer(rebasing: line[hashMember.upperBound...]))
            let computed = hasher.finalize()
            let stored = UnsafeRawBufferPointer(rebasing: line[hashRange])
            if !computed.matchesLowercaseHex(stored) {
                return fail(
                    seq, .hashMismatch, "stored \(String(decoding: stored, as: UTF8.self)), computed \(computed.hex)")
            }
            let hash = computed
            result.lines += 1
            result.lastSeq = seq
            result.lastHash = hash
            start = newline + 1
        }
        result.range = range.lowerBound..<start
        return result
    }

    /// Splits the bytes into `workers` ranges that each start at a line start.
    private static func chunkBounds(_ bytes: UnsafeRawBufferPointer, workers: Int) -> [Range<Int>] {
        var starts = [0]
        for worker in 1..<max(workers, 1) {
            let guess = bytes.count * worker / workers
            guard guess > starts[starts.count - 1], let newline = LedgerIndex.firstNewline(in: bytes, from: guess)
            else { continue }
            if newline + 1 < bytes.count, newline + 1 > starts[starts.count - 1] { starts.append(newline + 1) }
        }
        return starts.indices.map { index in
            starts[index]..<(index + 1 < starts.count ? starts[index + 1] : bytes.count)
        }
    }
}
