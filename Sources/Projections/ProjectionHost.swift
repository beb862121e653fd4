import EventStore
import Glibc
import Synchronization

/// Keeps the projections current: folds the ledger once from the start, then only the events appended since —
/// by this process or any other (it reads whatever the file holds beyond the last folded seq).
///
/// It reads the file from the byte offset where the last folded line ended (checking that line is still there),
/// so neither the first fold nor a start from a checkpoint makes the ledger index its whole file; if the file was
/// rewritten under it, it folds from the start again.
///
/// Thread-safe: the state has one owner, a `Mutex`; readers get a copy (value types, copy-on-write).
package final class ProjectionHost: Sendable {
    /// The ledger folded.
    package let ledger: Ledger
    private let state = Mutex(Folded())

    /// The projections and where the last event folded into them sits in the file.
    private struct Folded {
        var projections = ProjectionSet()
        var position = LedgerPosition.start
        /// The ledger file as it was when last read (nil: read it next time).
        var file: FileIdentity?
    }

    /// What `stat` says of the ledger file: any append changes the size, any write or replacement the change time
    /// or the inode, so an equal identity means nothing was appended since.
    private struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int
        var changeSeconds: Int
        var changeNanoseconds: Int

        /// The identity of the file at `path`, or nil when it cannot be read.
        static func of(_ path: String) -> FileIdentity? {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return FileIdentity(
                device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int(info.st_size),
                changeSeconds: Int(info.st_ctim.tv_sec), changeNanoseconds: Int(info.st_ctim.tv_nsec))
        }
    }

    /// A host over `ledger`, folded up to the current head — from its checkpoint when `useCheckpoint` and the
    /// checkpoint still matches the ledger, else from the start.
    package init(ledger: Ledger, useCheckpoint: Bool = false) throws {
        self.ledger = ledger
        if useCheckpoint, let (resumed, position) = ProjectionCheckpoint.resumeWithPosition(ledger) {
            state.withLock { $0 = Folded(projections: resumed, position: position) }
        } else {
            try refresh()
        }
    }

    /// Saves the current projections as the checkpoint for the next start.
    package func saveCheckpoint() throws {
        let (projections, position) = state.withLock { ($0.projections, $0.position) }
        try ProjectionCheckpoint.save(projections, at: position, ledger: ledger)
    }

    /// Folds events appended since the last refresh; returns how many.
    @discardableResult
    package func refresh() throws -> Int {
        // Taken before reading: an append racing the read changes the identity, so the next refresh reads again.
        let file = FileIdentity.of(ledger.ledgerPath)
        return try state.withLock { folded in
            // A request-serving host refreshes before every read; when the file is exactly as last read (one
            // `stat`), there is nothing to fold and no need to open it.
            if let file, folded.file == file { return 0 }
            // Take the state out so it is uniquely referenced (applying events then never copies a dictionary);
            // what stays behind if the fold throws is the empty state, so the next refresh starts over.
            var projections = folded.projections
            let after = folded.position
            folded = Folded()
            // The read checks every folded line's hash too: a line altered but still valid JSON ends the fold like
            // bad JSON does, so an edited role grant never authorises anyone.
            var count = 0
            var read = try ledger.forEachEventBeforeDamage(after: after) { event in
                projections.apply(event)
                count += 1
            }
            if read == nil {
                // The line we stopped after is gone: the file was replaced or cut. Only a fold from the start is
                // right now.
                count = 0
                projections = ProjectionSet()
                read = try ledger.forEachEventBeforeDamage(after: .start) { event in
                    projections.apply(event)
                    count += 1
                }
            }
            // A damaged line ends the fold, not the reads: what came before it is served. Any repair of the file
            // (a restore) changes its identity, so the next request folds again.
            folded = Folded(projections: projections, position: read?.position ?? .start, file: file)
            return count
        }
    }

    /// The projections after a refresh.
    package func current() throws -> ProjectionSet {
        try refresh()
        return state.withLock { $0.projections }
    }
}
