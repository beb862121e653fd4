/// An exact set of numbers below 2^62 (NHS numbers, as ten digits), as small as the numbers' spread allows.
///
/// Duplicate NHS numbers are found by remembering every number seen. Test data draws them from the 999 range
/// (ten million values), where a bitmap holds every possible number in 1.25 MB however many patients there are;
/// real numbers are spread over billions of values, where a bitmap would cost far more than the numbers. So the
/// set starts as an exact hash set (`FingerprintSet` holding `number + 1`, about 11 bytes a number) and, each time
/// it doubles past `firstCheck` numbers, counts the bitmap pages the numbers would fill: when the pages cost less
/// than the hash set, it moves to a `PagedBitmap` for good. The bitmap's pages live in the caller's `PagePool`; in a
/// bounded pool they cost disk beyond its budget, not memory, so they are preferred up to four times the hash set's
/// size, and the move happens early (at 2^14 numbers in the 999 range), before the hash set is worth keeping.
/// Memory is then bounded by the pool, not by the count. Not `Sendable`; one owner.
struct NumberSet {
    /// Numbers held before the first look at their spread (below it, the hash set is small anyway).
    private static let firstCheck = 1 << 14
    /// Bytes of one `PagedBitmap` page (2^16 bits).
    private static let pageBytes = 8192
    /// Bits per `PagedBitmap` page, as a power of two.
    private static let pageBits = 16
    /// The exact hash set, until the bitmap is cheaper.
    private var hashed: FingerprintSet? = FingerprintSet()
    /// The bitmap, once chosen.
    private var bitmap: PagedBitmap?
    /// Where the bitmap's pages go.
    private let pool: PagePool
    /// Numbers in the set.
    private(set) var count = 0
    /// The count at which the spread is looked at next.
    private var nextCheck = firstCheck

    /// An empty set whose bitmap, if it moves to one, lives in `pool` (by default its own, in memory).
    init(pool: PagePool = PagePool()) {
        self.pool = pool
    }

    /// Inserts `number` (0 ≤ number < 2^62); false when it was already there.
    mutating func insert(_ number: UInt64) -> Bool {
        let inserted: Bool
        if hashed != nil {
            // + 1: the hash set reserves 0 (it would store 0 as 1 and confuse the numbers 0 and 1).
            inserted = hashed?.insert(number + 1) ?? false
        } else {
            inserted = bitmap?.insert(Int(number)) ?? false
        }
        if inserted {
            count += 1
            if count == nextCheck {
                considerBitmap()
            }
        }
        return inserted
    }

    /// Moves to the bitmap when its pages would cost less than the hash set; else looks again at twice the count.
    private mutating func considerBitmap() {
        nextCheck *= 2
        guard let hashed else {
            return
        }
        var pages = Set<Int>()
        hashed.forEach { pages.insert(Int($0 - 1) >> Self.pageBits) }
        guard pages.count * Self.pageBytes < hashed.footprint * (pool.isBounded ? 4 : 1) else {
            return
        }
        let bitmap = PagedBitmap(pool: pool)
        hashed.forEach { _ = bitmap.insert(Int($0 - 1)) }
        self.bitmap = bitmap
        self.hashed = nil
    }
}
