/// A set of row keys that stays small when the keys are numbered: `PAT-100001`, `SPELL-42`, `100001`.
///
/// The ETL must remember which parents it accepted (to reject orphans) and which target keys it wrote (to refuse
/// duplicates and dangling foreign keys); that is the only memory that grows with the extract. A key made of a
/// short prefix and a canonical decimal number (no leading zero) is stored as one bit in a bitmap per prefix, so a
/// million patients cost about 125 KB instead of tens of megabytes of strings. Any other key (`CP-C9000001` is
/// numeric too; `CV-ADMISSION_METHOD-2A` is not) goes into an ordinary `Set<String>`. Membership is exact either
/// way: the split is a bijection because leading zeros are excluded from the numeric path.
///
/// The bitmaps' pages live in a `PagePool`: with a bounded pool (the ETL's) their memory does not grow with the
/// extract either. A class, because its pages belong to it alone; not `Sendable`, one owner.
package final class KeySet {
    /// The prefixes seen, each with its bitmap at the same position.
    private var prefixes: [[UInt8]] = []
    /// One bitmap of numbers per prefix.
    private var bitmaps: [PagedBitmap] = []
    /// Keys that are not a prefix and a canonical number.
    private var others = Set<String>()
    /// Keys in the set.
    package private(set) var count = 0
    /// Where the bitmaps' pages live.
    private let pool: PagePool

    /// An empty set whose bitmaps live in `pool` (by default its own, in memory).
    package init(pool: PagePool = PagePool()) {
        self.pool = pool
    }

    /// Adds `key`; false when it was already there.
    @discardableResult
    package func insert(_ key: String) -> Bool {
        var utf8 = key
        let numeric: Bool? = utf8.withUTF8 { bytes in
            guard let (prefixLength, number) = Self.split(bytes) else { return nil }
            let prefix = UnsafeBufferPointer(rebasing: bytes[..<prefixLength])
            let slot = slot(for: prefix) ?? addSlot(prefix)
            return bitmaps[slot].insert(number)
        }
        let inserted = numeric ?? others.insert(key).inserted
        if inserted { count += 1 }
        return inserted
    }

    /// Adds `key` when it is a prefix and a canonical number: true when new, false when already there; nil (and
    /// nothing added) for any other key, which the caller keeps its own way.
    package func insertIfNumbered(_ key: String) -> Bool? {
        var utf8 = key
        let inserted: Bool? = utf8.withUTF8 { bytes in
            guard let (prefixLength, number) = Self.split(bytes) else { return nil }
            let prefix = UnsafeBufferPointer(rebasing: bytes[..<prefixLength])
            let slot = slot(for: prefix) ?? addSlot(prefix)
            return bitmaps[slot].insert(number)
        }
        if inserted == true { count += 1 }
        return inserted
    }

    /// Whether `key` is in the set.
    package func contains(_ key: String) -> Bool {
        var utf8 = key
        let numeric: Bool? = utf8.withUTF8 { bytes in
            guard let (prefixLength, number) = Self.split(bytes) else { return nil }
            guard let slot = slot(for: UnsafeBufferPointer(rebasing: bytes[..<prefixLength])) else { return false }
            return bitmaps[slot].contains(number)
        }
        return numeric ?? others.contains(key)
    }

    /// The position of `prefix` among the known prefixes.
    private func slot(for prefix: UnsafeBufferPointer<UInt8>) -> Int? {
        // A table's keys share one or two prefixes, so a linear scan beats hashing.
        prefixes.firstIndex { known in
            known.count == prefix.count
                && known.withUnsafeBufferPointer { knownBytes in
                    knownBytes.elementsEqual(prefix)
                }
        }
    }

    /// Registers a new prefix with an empty bitmap; returns its position.
    private func addSlot(_ prefix: UnsafeBufferPointer<UInt8>) -> Int {
        prefixes.append(Array(prefix))
        bitmaps.append(PagedBitmap(pool: pool))
        return prefixes.count - 1
    }

    /// The number a key made only of canonical digits stands for (below 2^32, or with at most `maxDigits`
    /// digits when given), else nil.
    static func number(_ key: String, maxDigits: Int? = nil) -> Int? {
        var utf8 = key
        return utf8.withUTF8 { bytes in
            guard let (prefixLength, number) = split(bytes, maxDigits: maxDigits ?? 10), prefixLength == 0,
                maxDigits != nil || number < (1 << 32)
            else { return nil }
            return number
        }
    }

    /// Splits `PREFIX123` into (length of `PREFIX`, 123) when the trailing digits are canonical and below 2^32.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        guard let (start, number) = split(bytes, maxDigits: 10), number < (1 << 32) else { return nil }
        return (start, number)
    }

    /// Splits off at most `maxDigits` canonical trailing digits (no leading zero); nil when there are none or more.
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>, maxDigits: Int) -> (Int, Int)? {
        var start = bytes.count
        while start > 0 && bytes[start - 1] >= 0x30 && bytes[start - 1] <= 0x39 {
            start -= 1
            if bytes.count - start > maxDigits { return nil }
        }
        let digits = bytes.count - start
        guard digits > 0, digits == 1 || bytes[start] != 0x30 else { return nil }
        var number = 0
        for position in start..<bytes.count {
            number = number * 10 + Int(bytes[position] - 0x30)
        }
        return (start, number)
    }
}

/// Bits addressed by a non-negative number below 2^32, in `PagePool` pages of 2^16 bits (8 KiB) allocated as
/// numbers arrive. A class: its pages belong to it alone (a copy would share them). Not `Sendable`; one owner.
final class PagedBitmap {
    /// Bits per page, as a power of two (a page is `PagePool.pageBytes`).
    private static let pageBits = 16
    /// Where the pages live.
    private let pool: PagePool
    /// Pool page by number / 2^16; -1 until a number in the page is set.
    private var pages: [Int32] = []

    /// An empty bitmap whose pages live in `pool`.
    init(pool: PagePool) {
        self.pool = pool
    }

    deinit {
        pool.release(pages)
    }

    /// Sets bit `number`; false when it was already set.
    func insert(_ number: Int) -> Bool {
        let page = number >> Self.pageBits
        if page >= pages.count {
            pages.append(contentsOf: repeatElement(-1, count: page - pages.count + 1))
        }
        if pages[page] < 0 {
            pages[page] = pool.allocate()
        }
        let offset = number & ((1 << Self.pageBits) - 1)
        let mask = UInt64(1) << UInt64(offset & 63)
        let word = pool.write(pages[page]).assumingMemoryBound(to: UInt64.self) + (offset >> 6)
        guard word.pointee & mask == 0 else { return false }
        word.pointee |= mask
        return true
    }

    /// Whether bit `number` is set.
    func contains(_ number: Int) -> Bool {
        let page = number >> Self.pageBits
        guard page < pages.count, pages[page] >= 0 else { return false }
        let offset = number & ((1 << Self.pageBits) - 1)
        let word = pool.read(pages[page]).assumingMemoryBound(to: UInt64.self)[offset >> 6]
        return word & (UInt64(1) << UInt64(offset & 63)) != 0
    }
}
