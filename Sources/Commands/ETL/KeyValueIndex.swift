/// A map from a row key to one value kept for later rows: the spell of an episode, the patient of a referral.
///
/// `lookup(TABLE.COLUMN)` steps need a parent's column after the parent's file has been read; the ETL keeps exactly
/// the columns the contract looks up, for accepted rows only. Keys that are canonical decimal numbers below 2^32
/// (surrogate keys, as legacy systems use) index 32-bit entries in `PagePool` pages (2,048 to a page), so with the
/// ETL's bounded pool their memory does not grow with the extract; larger canonical numbers (NHS numbers, for the
/// first-row index) and other keys go into small dictionaries (reference data, repeated values).
///
/// An entry is 0 when absent, `n + 1` for a canonical number `n` below 2^31 − 1, and `2^31 | i` for any other value,
/// `i` being its position among the distinct other values (a lookup column holds codes, such as admission method
/// `2A`, so that list stays as short as the code set). A class, because its pages belong to it alone; not
/// `Sendable`, one owner.
package final class KeyValueIndex {
    /// Entries per page.
    private static let pageEntries = PagePool.pageBytes / 4
    /// The bit marking an entry that refers to `texts`.
    private static let textFlag: UInt32 = 1 << 31
    /// Where the pages live.
    private let pool: PagePool
    /// Pool page by key / `pageEntries`; -1 until a key in the page is set.
    private var pages: [Int32] = []
    /// Entries for numeric keys of 11 to 18 digits.
    private var large: [Int: UInt32] = [:]
    /// Entries for every other key.
    private var others: [String: UInt32] = [:]
    /// Values that are not small canonical numbers, by position.
    private var texts: [String] = []
    /// The position of each of `texts`.
    private var textPositions: [String: UInt32] = [:]

    /// An empty index whose pages live in `pool` (by default its own, in memory).
    package init(pool: PagePool = PagePool()) {
        self.pool = pool
    }

    deinit {
        pool.release(pages)
    }

    /// Remembers `value` for `key`, replacing any earlier value.
    package func set(_ key: String, _ value: String) {
        store(encode(value), for: key)
    }

    /// Remembers the number `value` for `key`, without going through its text when it fits an entry.
    package func set(_ key: String, number value: Int) {
        store((0..<Int(Self.textFlag) - 1).contains(value) ? UInt32(value + 1) : encode(String(value)), for: key)
    }

    /// Puts `entry` where `key` belongs.
    private func store(_ entry: UInt32, for key: String) {
        if let slot = KeySet.number(key) {
            store(entry, at: slot)
        } else if let big = KeySet.number(key, maxDigits: 18) {
            large[big] = entry
        } else {
            others[key] = entry
        }
    }

    /// The value remembered for `key`.
    package func value(for key: String) -> String? {
        let entry = self.entry(for: key)
        guard entry != 0 else { return nil }
        return entry & Self.textFlag == 0 ? String(entry - 1) : texts[Int(entry & ~Self.textFlag)]
    }

    /// The value remembered for `key`, as a number when it is one.
    package func number(for key: String) -> Int? {
        let entry = self.entry(for: key)
        guard entry != 0 else { return nil }
        return entry & Self.textFlag == 0 ? Int(entry - 1) : Int(texts[Int(entry & ~Self.textFlag)])
    }

    /// Keeps the larger of the stored number and `candidate` for `key` (for "last in group").
    package func raise(_ key: String, to candidate: Int) {
        if let current = number(for: key), current >= candidate { return }
        set(key, number: candidate)
    }

    /// Remembers `value` for `key` unless a value is already there; true when stored.
    @discardableResult
    package func setIfAbsent(_ key: String, _ value: String) -> Bool {
        guard entry(for: key) == 0 else { return false }
        set(key, value)
        return true
    }

    /// The entry stored for `key`, 0 when none.
    private func entry(for key: String) -> UInt32 {
        if let slot = KeySet.number(key) {
            let page = slot / Self.pageEntries
            guard page < pages.count, pages[page] >= 0 else { return 0 }
            return pool.read(pages[page]).load(fromByteOffset: (slot % Self.pageEntries) * 4, as: UInt32.self)
        }
        if !large.isEmpty, let big = KeySet.number(key, maxDigits: 18) {
            return large[big] ?? 0
        }
        return others[key] ?? 0
    }

    /// The entry for `value`: the number plus one, or the flagged position of its text.
    private func encode(_ value: String) -> UInt32 {
        if let number = KeySet.number(value), number < Int(Self.textFlag) - 1 {
            return UInt32(number + 1)
        }
        if let position = textPositions[value] {
            return Self.textFlag | position
        }
        let position = UInt32(texts.count)
        precondition(position < Self.textFlag, "more than 2^31 distinct looked-up values")
        texts.append(value)
        textPositions[value] = position
        return Self.textFlag | position
    }

    /// Puts `entry` at `slot`, allocating its page when new.
    private func store(_ entry: UInt32, at slot: Int) {
        let page = slot / Self.pageEntries
        if page >= pages.count {
            pages.append(contentsOf: repeatElement(-1, count: page - pages.count + 1))
        }
        if pages[page] < 0 {
            pages[page] = pool.allocate()
        }
        pool.write(pages[page]).storeBytes(of: entry, toByteOffset: (slot % Self.pageEntries) * 4, as: UInt32.self)
    }
}
