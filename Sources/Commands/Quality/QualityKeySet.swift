#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exact set of text keys, stored compactly, that remembers the order keys were first inserted in.
///
/// The quality step keeps the primary keys of every table that a foreign key points at until the end of the run;
/// numbered keys go to bitmaps (`RetainedKeySet`) and the rest, mostly reference data, come here. `Set<String>` costs a
/// heap object per key longer than 15 bytes plus its table; here all key bytes sit end to end in one arena, each
/// key costs one 8-byte end offset, and the open-addressing table holds 8-byte slots (a 32-bit hash tag beside a
/// 32-bit position) at most 70 % full: about 24 bytes per key beyond its text, and no per-key allocation.
///
/// Positions (`index`) are dense, 0-based and in insertion order, so callers keep per-key facts (a spell's
/// admission time, a patient's date of death) in plain arrays indexed by position. Membership is exact: a hash
/// match is always confirmed by comparing bytes, because a foreign-key check that a collision could pass would
/// hide an orphan. Positions are 32-bit in the table, so one set holds at most 2^32 − 2 keys (four billion rows
/// of one table, far beyond any trust's PAS). Not `Sendable`; one owner.
package final class QualityKeySet {
    /// Every key's UTF-8 bytes, end to end, in insertion order.
    private var bytes: [UInt8] = []
    /// Where each key ends in `bytes` (it starts where the previous one ends).
    private var ends: [Int] = []
    /// Open-addressing table: 0 is empty, else the hash's high 32 bits over the position plus one.
    private var slots: [UInt64]
    /// `slots.count - 1` (the count is a power of two).
    private var mask: Int

    /// An empty set sized for about `capacity` keys (it grows as needed).
    package init(capacity: Int = 1024) {
        var size = 16
        while size * 7 < max(capacity, 1) * 10 {
            size *= 2
        }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Keys in the set.
    package var count: Int {
        ends.count
    }

    /// Inserts `key`; returns whether it was new and its position (the existing one when it was not).
    @discardableResult
    package func insert(_ key: String) -> (inserted: Bool, index: Int) {
        withBytes(of: key) { probe in
            let hash = KeyHash.hash(probe)
            var slot = Int(truncatingIfNeeded: hash) & mask
            let tag = hash >> 32
            while slots[slot] != 0 {
                let entry = slots[slot]
                let position = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if entry >> 32 == tag && equals(position, probe) {
                    return (false, position)
                }
                slot = (slot + 1) & mask
            }
            let position = ends.count
            bytes.append(contentsOf: probe)
            ends.append(bytes.count)
            slots[slot] = tag << 32 | UInt64(position + 1)
            if ends.count * 10 >= slots.count * 7 {
                grow()
            }
            return (true, position)
        }
    }

    /// The position of `key`, or nil when it is not in the set.
    package func index(of key: String) -> Int? {
        withBytes(of: key) { probe in
            let hash = KeyHash.hash(probe)
            var slot = Int(truncatingIfNeeded: hash) & mask
            let tag = hash >> 32
            while slots[slot] != 0 {
                let entry = slots[slot]
                let position = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if entry >> 32 == tag && equals(position, probe) {
                    return position
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Whether `key` is in the set.
    package func contains(_ key: String) -> Bool {
        index(of: key) != nil
    }

    /// The key at `index` (a position `insert` returned).
    package func key(at index: Int) -> String {
        let start = index == 0 ? 0 : ends[index - 1]
        return String(decoding: bytes[start..<ends[index]], as: UTF8.self)
    }

    /// Bytes held (arena, offsets and table), for the benchmark's memory figures.
    package var footprint: Int {
        bytes.capacity + ends.capacity * 8 + slots.count * 8
    }

    /// Whether the key at `position` has exactly the bytes of `probe`.
    private func equals(_ position: Int, _ probe: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = position == 0 ? 0 : ends[position - 1]
        let length = ends[position] - start
        guard length == probe.count else {
            return false
        }
        guard length > 0, let probeBase = probe.baseAddress else {
            return true
        }
        return bytes.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress else {
                return false
            }
            return memcmp(storedBase + start, probeBase, length) == 0
        }
    }

    /// Doubles the table and re-inserts every key's slot (the arena does not move).
    private func grow() {
        let size = slots.count * 2
        var grown = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        bytes.withUnsafeBufferPointer { all in
            for position in 0..<ends.count {
                let start = position == 0 ? 0 : ends[position - 1]
                let hash = KeyHash.hash(UnsafeBufferPointer(rebasing: all[start..<ends[position]]))
                var slot = Int(truncatingIfNeeded: hash) & newMask
                while grown[slot] != 0 {
                    slot = (slot + 1) & newMask
                }
                grown[slot] = (hash >> 32) << 32 | UInt64(position + 1)
            }
        }
        slots = grown
        mask = newMask
    }

    /// Calls `body` with the UTF-8 bytes of `key`, without copying when the string is contiguous.
    private func withBytes<Result>(of key: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = key.utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        return Array(key.utf8).withUnsafeBufferPointer(body)
    }
}

/// The 64-bit hash behind `QualityKeySet` and `FingerprintSet`: FNV-1a over the bytes, then MurmurHash3's finaliser so
/// that both the low bits (table slot) and the high bits (tag) of sequential ids like `PAT-000123` are well mixed.
/// Deterministic across runs and machines, unlike `Hasher`, which keeps the step's behaviour reproducible.
package enum KeyHash {
    /// The hash of `bytes`.
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }

    /// The hash of a string's UTF-8 bytes.
    package static func hash(_ text: String) -> UInt64 {
        text.utf8.withContiguousStorageIfAvailable { hash($0) } ?? Array(text.utf8).withUnsafeBufferPointer { hash($0) }
    }
}
