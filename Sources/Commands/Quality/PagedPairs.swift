/// Two integers per `RetainedKeySet` id (a spell's admission and discharge), stored in `PagePool` pages of
/// consecutive ids.
///
/// Ids of numbered keys are dense within a prefix, so pages fill up and the store costs 16 bytes per key with no
/// hash table and no per-key allocation; with the quality step's bounded pool the pages beyond its budget spill to
/// disk. Negative ids (keys that are not numbered) work too: a page is found by `id >> pageBits`, which rounds
/// towards minus infinity. Values are stored XOR `absent`, so a zero-filled page reads as "never set". A class,
/// because its pages belong to it alone; not `Sendable`, one owner.
final class PagedPairs {
    /// Ids per page, as a power of two (16 bytes each).
    private static let pageBits = 9
    /// Where the pages live.
    private let pool: PagePool
    /// Pool page by `id >> pageBits`.
    private var pages: [Int: Int32] = [:]
    /// The value of an entry never set.
    let absent: Int

    /// An empty store whose unset entries read as (`absent`, `absent`), its pages in `pool`.
    init(absent: Int, pool: PagePool = PagePool()) {
        self.absent = absent
        self.pool = pool
    }

    deinit {
        pool.release(pages.values)
    }

    /// Whether no pair was ever set.
    var isEmpty: Bool {
        pages.isEmpty
    }

    /// Stores the pair for `id`.
    func set(_ id: Int, _ first: Int, _ second: Int) {
        let key = id >> Self.pageBits
        let page = pages[key] ?? pool.allocate()
        pages[key] = page
        let entry = pool.write(page).assumingMemoryBound(to: Int.self) + (id & ((1 << Self.pageBits) - 1)) * 2
        entry[0] = first ^ absent
        entry[1] = second ^ absent
    }

    /// The pair stored for `id`, nil when no id of its page was set.
    func pair(_ id: Int) -> (Int, Int)? {
        guard let page = pages[id >> Self.pageBits] else {
            return nil
        }
        let entry = pool.read(page).assumingMemoryBound(to: Int.self) + (id & ((1 << Self.pageBits) - 1)) * 2
        return (entry[0] ^ absent, entry[1] ^ absent)
    }
}
