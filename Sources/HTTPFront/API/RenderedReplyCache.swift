import Synchronization

/// Rendered JSON bodies of a read route, per ledger seq and request target.
///
/// The projections change only when the ledger does, so a page rendered at seq N is the right answer to the same
/// request for as long as the head stays at N. Keyed by the seq the handler read after its refresh, an entry can
/// never be served stale; entries of older seqs are simply never asked for again and go at the next sweep. Only for
/// routes whose reply depends on nothing but the projections and the request target (not on the caller: the
/// permission was checked before the handler ran).
package final class RenderedReplyCache: Sendable {
    /// Entries kept before the cache is swept.
    private let capacity: Int
    private let entries = Mutex<[Key: [UInt8]]>([:])

    private struct Key: Hashable {
        var seq: Int
        var target: String
    }

    /// An empty cache holding at most `capacity` bodies.
    package init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The body for `target` at `seq`, rendering (and keeping) it with `render` when absent.
    package func body(seq: Int, target: String, render: () throws -> [UInt8]) rethrows -> [UInt8] {
        let key = Key(seq: seq, target: target)
        if let body = entries.withLock({ $0[key] }) { return body }
        let body = try render()
        entries.withLock { entries in
            if entries.count >= capacity {
                // Older seqs are dead; if the current one alone fills the cache, start over.
                entries = entries.filter { $0.key.seq == seq }
                if entries.count >= capacity { entries = [:] }
            }
            entries[key] = body
        }
        return body
    }
}
