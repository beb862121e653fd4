import Foundation
import Glibc
import Synchronization

/// The newest event of the ledger: what a command decides against.
public struct LedgerHead: Sendable, Equatable, Codable {
    /// Seq of the newest event (0 for an empty ledger).
    public var seq: Int
    /// Its hash (zero for an empty ledger).
    public var hash: SHA256Digest

    /// Creates a head value.
    public init(seq: Int, hash: SHA256Digest) {
        self.seq = seq
        self.hash = hash
    }
}

/// What an append returns: the events as written, or as first written when the command id was seen before.
public struct AppendResult: Sendable, Equatable {
    /// The command's events with their envelopes.
    public var events: [LedgerEvent]
    /// True when the command id had been recorded before and nothing new was written.
    public var replayed: Bool
}

/// The hash-chained, append-only event ledger of DESIGN.md §3, in `events/ledger.jsonl`.
///
/// One instance per process and folder is the intended use; several processes may share a folder (appends take an
/// exclusive `flock` on `events/ledger.lock` and first fold whatever the others wrote). Concurrent appends within a
/// process are grouped under one `fsync` (group commit): callers queue, one of them writes the whole queue, and all
/// are answered only once the batch is durable.
public final class Ledger: Sendable {
    /// The folder holding `ledger.jsonl`, `ledger.lock` and `ledger.torn`.
    public let directory: String
    /// Path of the ledger file.
    public var ledgerPath: String { directory + "/ledger.jsonl" }
    /// Path of the file that receives quarantined torn tails.
    public var tornPath: String { directory + "/ledger.torn" }
    var lockPath: String { directory + "/ledger.lock" }

    let clock: @Sendable () -> Date
    let newID: @Sendable () -> String
    /// The file state; held by the committing leader, and briefly by readers.
    let state: Mutex<FileState>
    /// Appends waiting to be committed.
    let queue = Mutex(CommitQueue())

    /// Opens (creating if needed) the ledger in `directory` (the `events/` folder).
    public init(
        directory: String,
        clock: @escaping @Sendable () -> Date = { Date() },
        newID: @escaping @Sendable () -> String = { EventID.random() }
    ) throws(LedgerError) {
        self.directory = directory
        self.clock = clock
        self.newID = newID
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(operation: "create directory", path: directory, errno: EACCES)
        }
        self.state = Mutex(try FileState(directory: directory))
    }

    deinit {
        state.withLock { $0.close() }
    }

    /// The current head, including events appended by other processes.
    public func head() throws(LedgerError) -> LedgerHead {
        try withRefreshedIndex { LedgerHead(seq: $0.headSeq, hash: $0.headHash) }
    }

    /// The first damaged line found (hash, chain or form), after folding what was appended; nil when every line
    /// folded so far is intact. While there is one, appends are refused.
    public func damage() throws(LedgerError) -> LedgerError? {
        try withRefreshedIndex { $0.damage }
    }

    /// The event with sequence number `seq`, or nil past the head.
    public func event(seq: Int) throws(LedgerError) -> LedgerEvent? {
        try events(from: seq, limit: 1).first
    }

    /// Up to `limit` events from `seq` on. For long reads use `cursor(from:)`, which streams.
    public func events(from seq: Int, limit: Int) throws(LedgerError) -> [LedgerEvent] {
        var cursor = try cursor(from: seq)
        var events: [LedgerEvent] = []
        while events.count < limit, let event = try cursor.next() {
            events.append(event)
        }
        return events
    }

    /// What appending `command` again would answer when it has been recorded (a client retrying it: its events,
    /// `replayed`), else nil. Lets a command skip its checks — "already approved" — for a retry of itself.
    public func recorded(command: String) throws(LedgerError) -> AppendResult? {
        guard let seq = try withRefreshedIndex({ $0.firstSeq(ofCommand: command) }) else { return nil }
        var cursor = try cursor(from: seq)
        var events: [LedgerEvent] = []
        while let event = try cursor.next(), event.command == command { events.append(event) }
        return events.isEmpty ? nil : AppendResult(events: events, replayed: true)
    }

    /// A streaming reader positioned at `seq` (1 for the whole ledger).
    public func cursor(from seq: Int) throws(LedgerError) -> LedgerCursor {
        let offset = try withRefreshedIndex { index -> Int in
            let position = max(seq, 1) - 1
            return position < index.lineOffsets.count ? index.lineOffsets[position] : index.foldedSize
        }
        return try LedgerCursor(path: ledgerPath, offset: offset, firstSeq: max(seq, 1))
    }

    /// Runs `body` on the index after folding what other processes appended (complete lines only, shared lock).
    func withRefreshedIndex<T>(_ body: (LedgerIndex) throws(LedgerError) -> T) throws(LedgerError) -> T {
        try state.withLock { state throws(LedgerError) -> T in
            try state.lock.lock(LOCK_SH)
            defer { state.lock.unlock() }
            try state.followReplacement()
            try state.catchUp(quarantining: false, ledger: self)
            return try body(state.index)
        }
    }
}

/// The descriptors and index of one ledger instance. Owned by `Ledger.state`.
struct FileState {
    /// The ledger file this instance reads and appends to (reopened when the path comes to name another file).
    private(set) var ledger: FileDescriptor
    /// Which file `ledger` is.
    private var ledgerIdentity: FileIdentity
    let lock: FileDescriptor
    var index = LedgerIndex()
    /// The file's size and change time when damage was found: a write since (a restore copied over the file in
    /// place) makes the index fold again from the start.
    private var damagedStamp: [Int]?
    /// True when the folder could be opened for reading only (an auditor's copy, a read-only mount): reads work,
    /// appends are refused.
    let readOnly: Bool

    init(directory: String) throws(LedgerError) {
        let ledgerPath = directory + "/ledger.jsonl"
        let lockPath = directory + "/ledger.lock"
        let created = access(ledgerPath, F_OK) != 0
        var readOnly = false
        do {
            lock = try FileDescriptor.open(lockPath, flags: O_RDWR | O_CREAT, mode: 0o644)
        } catch .io(_, _, let code) where (code == EACCES || code == EROFS) && !created {
            // A folder this user may only read: share-lock an existing lock file read-only (flock needs no write
            // access), else the ledger file itself, which no writer locks — readers only ever fold whole lines.
            readOnly = true
            lock = try FileDescriptor.open(access(lockPath, F_OK) == 0 ? lockPath : ledgerPath, flags: O_RDONLY)
        }
        self.readOnly = readOnly
        do throws(LedgerError) {
            ledger = try FileDescriptor.open(
                ledgerPath, flags: readOnly ? O_RDONLY : O_RDWR | O_APPEND | O_CREAT, mode: 0o644)
            ledgerIdentity = try ledger.identity()
            if created { try FileDescriptor.syncDirectory(directory) }
        } catch {
            lock.close()
            throw error
        }
    }

    /// Makes `ledger` the file the path names now (the lock held): a ledger restored from a backup by a rename
    /// over `ledger.jsonl` is read from the start, never appended to through the old, unlinked file. A path that
    /// names no file refuses everything: creating a new ledger there would start a second chain.
    mutating func followReplacement() throws(LedgerError) {
        guard let now = FileDescriptor.identity(ofPath: ledger.path) else {
            throw .io(
                operation: "find the ledger (it was moved or deleted; put it back)", path: ledger.path, errno: ENOENT)
        }
        guard now != ledgerIdentity else { return }
        let replacement = try FileDescriptor.open(
            ledger.path, flags: readOnly ? O_RDONLY : O_RDWR | O_APPEND, mode: 0o644)
        ledger.close()
        ledger = replacement
        ledgerIdentity = try replacement.identity()
        index.reset()
    }

    /// Whether the path still names the file appended to (checked after a write, before acknowledging it).
    func pathStillNamesTheLedger() -> Bool {
        FileDescriptor.identity(ofPath: ledger.path) == ledgerIdentity
    }

    func close() {
        ledger.close()
        lock.close()
    }

    /// Folds bytes other writers appended since we last looked. With `quarantining` (exclusive lock held), a final
    /// fragment without `\n` is moved to `ledger.torn` and cut off: it is the trace of a writer that crashed.
    mutating func catchUp(quarantining: Bool, ledger owner: Ledger) throws(LedgerError) {
        if index.damage != nil, try ledger.changeStamp() != damagedStamp {
            index.reset()
            damagedStamp = nil
        }
        defer {
            if index.damage != nil, damagedStamp == nil { damagedStamp = try? ledger.changeStamp() }
        }
        var size = try ledger.size()
        if size < index.foldedSize {
            // Acknowledged bytes disappeared: someone cut the file. Start over and let the fold find the damage.
            index.reset()
        }
        let chunk = 4 << 20
        while index.foldedSize < size, index.damage == nil {
            let start = index.foldedSize
            let bytes = try ledger.read(at: start, count: min(chunk, size - start))
            let consumed = bytes.withUnsafeBytes { index.fold($0) }
            if consumed == 0 {
                // No newline in this chunk: either a torn fragment at the end or a line longer than the chunk.
                if start + bytes.count < size {
                    let long = try ledger.read(at: start, count: size - start)
                    if long.withUnsafeBytes({ index.fold($0) }) > 0 { continue }
                }
                break
            }
        }
        guard index.damage == nil, index.foldedSize < size, quarantining else { return }
        let fragment = try ledger.read(at: index.foldedSize, count: size - index.foldedSize)
        let torn = try FileDescriptor.open(owner.tornPath, flags: O_WRONLY | O_APPEND | O_CREAT, mode: 0o644)
        defer { torn.close() }
        let stamp = LedgerClock.rfc3339(owner.clock())
        var record = Array(
            "# \(stamp) torn tail of \(fragment.count) bytes cut from byte offset \(index.foldedSize)\n".utf8)
        record.append(contentsOf: fragment)
        record.append(UInt8(ascii: "\n"))
        try torn.writeAll(record)
        try torn.sync()
        try ledger.truncate(to: index.foldedSize)
        try ledger.sync()
        size = index.foldedSize
    }
}

/// Appends waiting for the committing leader. Owned by `Ledger.queue`.
struct CommitQueue {
    var pending: [PendingAppend] = []
    var leaderActive = false
}

/// Where one event's line sits in the ledger file: enough to read on after it without indexing the whole file.
public struct LedgerPosition: Sendable, Equatable {
    /// Seq of the event (0 for `start`).
    public var seq: Int
    /// Its hash (zero for `start`).
    public var hash: SHA256Digest
    /// Byte offset of its line.
    public var lineStart: Int
    /// Byte offset just after its `\n`.
    public var lineEnd: Int

    /// Creates a position.
    public init(seq: Int, hash: SHA256Digest, lineStart: Int, lineEnd: Int) {
        self.seq = seq
        self.hash = hash
        self.lineStart = lineStart
        self.lineEnd = lineEnd
    }

    /// Before the first event.
    public static let start = LedgerPosition(seq: 0, hash: .zero, lineStart: 0, lineEnd: 0)
}
