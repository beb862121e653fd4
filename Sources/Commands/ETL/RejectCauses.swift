/// Why each rejected source row was rejected, for the rows whose children will ask (`ETLRun.causesRead`).
///
/// A child of a rejected row is rejected with a reason naming the root cause, and its own children inherit that
/// cause, so a family shares one cause. Each cause's text is written once, as a 4-byte length and its UTF-8 bytes,
/// to a log of `PagePool` pages; a cause is known by its position in that log, and the rejected row's key maps to
/// that position in a `KeyValueIndex`. Both live in the ETL's bounded pool, so rejecting tens of thousands of
/// families at a million patients costs disk, not memory. Not `Sendable`; one owner.
final class RejectCauses {
    /// A cause written to the log: its position (plus one, so never 0) and text.
    struct Cause {
        let id: Int
        let text: String
    }

    /// Where the log and the indexes live.
    private let pool: PagePool
    /// Per source table (by ordinal), rejected key → cause id; nil for tables nobody asks about.
    private var byTable: [KeyValueIndex?]
    /// The log's pages, in order.
    private var pages: [Int32] = []
    /// Bytes written to the log.
    private var length = 0

    /// Causes kept for the tables marked in `kept` (by source ordinal).
    init(kept: [Bool], pool: PagePool) {
        self.pool = pool
        byTable = kept.map { $0 ? KeyValueIndex(pool: pool) : nil }
    }

    deinit {
        pool.release(pages)
    }

    /// Writes a new cause's text to the log.
    func add(_ text: String) -> Cause {
        let id = length + 1
        let bytes = Array(text.utf8)
        withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { append(UnsafeRawBufferPointer($0)) }
        bytes.withUnsafeBytes { append($0) }
        return Cause(id: id, text: text)
    }

    /// Remembers that `key` of source table `table` was rejected because of `cause`; no-op for tables not kept.
    func remember(table: Int, key: String, _ cause: Cause) {
        byTable[table]?.set(key, number: cause.id)
    }

    /// The cause `key` of source table `table` was rejected for, if it was (and the table is kept).
    func cause(table: Int, key: String) -> Cause? {
        guard let id = byTable[table]?.number(for: key) else { return nil }
        var header = [UInt8](repeating: 0, count: 4)
        header.withUnsafeMutableBytes { copy(from: id - 1, into: $0) }
        let count = Int(UInt32(littleEndian: header.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            copy(from: id + 3, into: UnsafeMutableRawBufferPointer(buffer))
            return count
        }
        return Cause(id: id, text: text)
    }

    /// Appends bytes to the log, allocating pages as it fills.
    private func append(_ bytes: UnsafeRawBufferPointer) {
        var done = 0
        while done < bytes.count {
            let offset = length % PagePool.pageBytes
            if offset == 0 {
                pages.append(pool.allocate())
            }
            let count = min(bytes.count - done, PagePool.pageBytes - offset)
            (pool.write(pages[pages.count - 1]) + offset).copyMemory(
                from: bytes.baseAddress! + done, byteCount: count)
            done += count
            length += count
        }
    }

    /// Copies `buffer.count` bytes of the log from `start` into `buffer`.
    private func copy(from start: Int, into buffer: UnsafeMutableRawBufferPointer) {
        var done = 0
        while done < buffer.count {
            let position = start + done
            let offset = position % PagePool.pageBytes
            let count = min(buffer.count - done, PagePool.pageBytes - offset)
            (buffer.baseAddress! + done).copyMemory(
                from: pool.read(pages[position / PagePool.pageBytes]) + offset, byteCount: count)
            done += count
        }
    }
}
