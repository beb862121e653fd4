/// A map from a row key to one value kept for later rows: the spell of an episode, the patient of a referral.
///
/// `lookup(TABLE.COLUMN)` steps need a parent's column after the parent's file has been read; the ETL keeps exactly
/// the columns the contract looks up, for accepted rows only. Keys and values that are canonical decimal numbers
/// below 2^32 (surrogate keys, as legacy systems use) go into paged 32-bit arrays at 4 bytes per entry; larger
/// canonical numbers (NHS numbers, for the first-row index) into a dictionary of integers; anything else into a
/// dictionary of strings.
package struct KeyValueIndex: Sendable {
    /// Entries per page of the paged array.
    private static let pageSize = 4096
    /// Marks an empty entry of the paged array; the one number it would stand for is kept as text instead.
    private static let absent = UInt32.max
    /// Numbers for small numeric keys, paged; nil until a key in the page is set. 32 bits per entry, not 64:
    /// these arrays grow with the extract (a spell per episode, a patient per referral), so their width is what
    /// the ETL's memory at a million patients mostly comes down to.
    private var pages: [[UInt32]?] = []
    /// Numbers for numeric keys of 11 to 18 digits.
    private var large: [Int: Int] = [:]
    /// Everything else, as text.
    private var others: [String: String] = [:]

    /// An empty index.
    package init() {}

    /// Remembers `value` for `key`, replacing any earlier value.
    package mutating func set(_ key: String, _ value: String) {
        let number = Self.canonicalNumber(value)
        var storedAsNumber = false
        if let slot = Self.numericKey(key) {
            let narrow = number.flatMap { UInt32(exactly: $0) }.flatMap { $0 == Self.absent ? nil : $0 }
            store(narrow ?? Self.absent, at: slot)
            storedAsNumber = narrow != nil
        } else if let big = KeySet.number(key, maxDigits: 18) {
            large[big] = number
            storedAsNumber = number != nil
        }
        if !storedAsNumber {
            others[key] = value
        } else if !others.isEmpty {
            others.removeValue(forKey: key)
        }
    }

    /// The value remembered for `key`.
    package func value(for key: String) -> String? {
        number(stored: key).map { String($0) } ?? others[key]
    }

    /// The number remembered for `key`, when it was stored as one.
    package func number(for key: String) -> Int? {
        number(stored: key) ?? others[key].flatMap { Int($0) }
    }

    /// The number stored for `key` in either numeric tier.
    private func number(stored key: String) -> Int? {
        if let slot = Self.numericKey(key) { return stored(at: slot) }
        if !large.isEmpty, let big = KeySet.number(key, maxDigits: 18) { return large[big] }
        return nil
    }

    /// Keeps the larger of the stored number and `candidate` for `key` (for "last in group").
    package mutating func raise(_ key: String, to candidate: Int) {
        if let current = number(for: key), current >= candidate { return }
        set(key, String(candidate))
    }

    /// Remembers `value` for `key` unless a value is already there; true when stored.
    @discardableResult
    package mutating func setIfAbsent(_ key: String, _ value: String) -> Bool {
        guard self.value(for: key) == nil else { return false }
        set(key, value)
        return true
    }

    /// Puts `number` in the paged array, allocating its page when new.
    private mutating func store(_ number: UInt32, at slot: Int) {
        let page = slot / Self.pageSize
        if page >= pages.count {
            pages.append(contentsOf: repeatElement(nil, count: page - pages.count + 1))
        }
        if pages[page] == nil {
            pages[page] = [UInt32](repeating: Self.absent, count: Self.pageSize)
        }
        pages[page]?[slot % Self.pageSize] = number
    }

    /// The number in the paged array at `slot`, if any.
    private func stored(at slot: Int) -> Int? {
        let page = slot / Self.pageSize
        guard page < pages.count, let entries = pages[page] else { return nil }
        let number = entries[slot % Self.pageSize]
        return number == Self.absent ? nil : Int(number)
    }

    /// The key as an array slot when it is a canonical number below 2^32.
    private static func numericKey(_ key: String) -> Int? {
        KeySet.number(key)
    }

    /// The value as a number when writing it back gives the same text.
    private static func canonicalNumber(_ value: String) -> Int? {
        KeySet.number(value)
    }
}
