/// Two integers per `RetainedKeySet` id (a spell's admission and discharge), stored in pages of consecutive ids.
///
/// Ids of numbered keys are dense within a prefix, so pages fill up and the store costs 16 bytes per key with no
/// hash table and no per-key allocation; a plain array indexed by position would do the same only for keys
/// inserted in order, and a dictionary would cost three to four times as much. Negative ids (keys that are not
/// numbered) work too: a page is found by `id >> pageBits`, which rounds towards minus infinity.
struct PagedPairs {
    /// Ids per page, as a power of two.
    private static let pageBits = 12
    /// Pages by `id >> pageBits`: the two values of each id, side by side.
    private var pages: [Int: [Int]] = [:]
    /// The value of an entry never set.
    let absent: Int

    /// An empty store whose unset entries read as (`absent`, `absent`).
    init(absent: Int) {
        self.absent = absent
    }

    /// Stores the pair for `id`.
    mutating func set(_ id: Int, _ first: Int, _ second: Int) {
        let offset = (id & ((1 << Self.pageBits) - 1)) * 2
        let absent = absent
        pages[id >> Self.pageBits, default: [Int](repeating: absent, count: 2 << Self.pageBits)][offset] = first
        pages[id >> Self.pageBits]?[offset + 1] = second
    }

    /// The pair stored for `id`, nil when none was.
    func pair(_ id: Int) -> (Int, Int)? {
        guard let page = pages[id >> Self.pageBits] else {
            return nil
        }
        let offset = (id & ((1 << Self.pageBits) - 1)) * 2
        return (page[offset], page[offset + 1])
    }
}
