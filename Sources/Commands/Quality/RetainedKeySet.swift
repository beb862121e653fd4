/// The exact key set of a table that foreign keys point at, kept for the whole quality run, whose memory does not
/// grow with the number of patients when the keys are numbered.
///
/// The ETL writes target keys as a short prefix and a canonical decimal number (`PAT-100001`, `XREF-23000000`). Such
/// a key is one bit in a bitmap per prefix (`PagedBitmap`): a million patients cost about 125 KB instead of tens of
/// megabytes of text. Any other key (reference data such as `CV-ADMISSION_METHOD-2A`, or what a hand-edited file
/// holds) goes into an exact `QualityKeySet`; reference tables are small and do not grow with patients. The split
/// is a bijection (leading zeros never take the numeric path, see `KeySet.split`), so membership stays exact.
///
/// Each key has a stable `id` that the enterprise rules use to keep per-key facts (a spell's times, a patient's
/// date of death): `prefix slot << 32 | number` for numbered keys, `-(position + 1)` for the others. Ids of one
/// prefix are dense when the numbers are, so `PagedFacts` stores facts by id without a hash table.
/// Not `Sendable`; one owner.
final class RetainedKeySet {
    /// The prefixes seen, each with its bitmap at the same position.
    private var prefixes: [[UInt8]] = []
    /// One bitmap of numbers per prefix.
    private var bitmaps: [PagedBitmap] = []
    /// Keys that are not a prefix and a canonical number.
    private let others = QualityKeySet()

    /// Where the bitmaps' pages live.
    private let pool: PagePool

    /// An empty set whose bitmaps live in `pool` (by default its own, in memory).
    init(pool: PagePool = PagePool()) {
        self.pool = pool
    }

    /// Inserts `key`; returns its id when it was new, nil when it was already in the set.
    func insert(_ key: String) -> Int? {
        var utf8 = key
        let numeric: Int?? = utf8.withUTF8 { bytes in
            guard let (prefixLength, number) = KeySet.split(bytes) else { return nil }
            let prefix = UnsafeBufferPointer(rebasing: bytes[..<prefixLength])
            let slot = slot(for: prefix) ?? addSlot(prefix)
            return bitmaps[slot].insert(number) ? .some(slot << 32 | number) : .some(nil)
        }
        if let numeric {
            return numeric
        }
        let result = others.insert(key)
        return result.inserted ? -(result.index + 1) : nil
    }

    /// The id of `key`, or nil when it is not in the set.
    func id(of key: String) -> Int? {
        var utf8 = key
        let numeric: Int?? = utf8.withUTF8 { bytes in
            guard let (prefixLength, number) = KeySet.split(bytes) else { return nil }
            guard let slot = slot(for: UnsafeBufferPointer(rebasing: bytes[..<prefixLength])),
                bitmaps[slot].contains(number)
            else { return .some(nil) }
            return .some(slot << 32 | number)
        }
        if let numeric {
            return numeric
        }
        return others.index(of: key).map { -($0 + 1) }
    }

    /// Whether `key` is in the set.
    func contains(_ key: String) -> Bool {
        id(of: key) != nil
    }

    /// The position of `prefix` among the known prefixes.
    private func slot(for prefix: UnsafeBufferPointer<UInt8>) -> Int? {
        // A table's keys share one or two prefixes, so a linear scan beats hashing.
        prefixes.firstIndex { known in
            known.count == prefix.count && known.withUnsafeBufferPointer { $0.elementsEqual(prefix) }
        }
    }

    /// Registers a new prefix with an empty bitmap; returns its position.
    private func addSlot(_ prefix: UnsafeBufferPointer<UInt8>) -> Int {
        prefixes.append(Array(prefix))
        bitmaps.append(PagedBitmap(pool: pool))
        return prefixes.count - 1
    }
}
