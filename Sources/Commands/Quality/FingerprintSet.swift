/// A set of 64-bit key fingerprints: the cheap first pass of the primary-key check for tables nothing points at.
///
/// Tables that no foreign key references (diagnoses, names, `migration_xref`, which has a row per migrated row)
/// only need their keys while their own file is read, to find duplicates. Holding 8 bytes per key instead of the
/// key itself keeps the largest of them small. A fingerprint seen twice is only a *suspect*: two different keys
/// can share a fingerprint, so the caller re-reads the table and compares the suspects' real keys before it
/// reports anything (see `QualityScan`).
package struct FingerprintSet {
    /// Open-addressing table; 0 marks an empty slot.
    private var slots: [UInt64]
    /// `slots.count - 1` (the count is a power of two).
    private var mask: Int
    /// Fingerprints in the set.
    package private(set) var count = 0

    /// An empty set sized for about `capacity` fingerprints (it grows as needed).
    package init(capacity: Int = 1024) {
        var size = 16
        while size * 7 < max(capacity, 1) * 10 {
            size *= 2
        }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Inserts `fingerprint`; returns false when it was already present.
    package mutating func insert(_ fingerprint: UInt64) -> Bool {
        // 0 marks an empty slot, so the one fingerprint 0 is stored as 1; that only adds a suspect, never hides one.
        let value = fingerprint == 0 ? 1 : fingerprint
        var slot = Int(truncatingIfNeeded: value) & mask
        while slots[slot] != 0 {
            if slots[slot] == value {
                return false
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = value
        count += 1
        if count * 10 >= slots.count * 7 {
            grow()
        }
        return true
    }

    /// Whether `fingerprint` is present.
    package func contains(_ fingerprint: UInt64) -> Bool {
        let value = fingerprint == 0 ? 1 : fingerprint
        var slot = Int(truncatingIfNeeded: value) & mask
        while slots[slot] != 0 {
            if slots[slot] == value {
                return true
            }
            slot = (slot + 1) & mask
        }
        return false
    }

    /// Bytes held by the table.
    package var footprint: Int {
        slots.count * 8
    }

    /// Calls `body` with every fingerprint in the set (0 is seen as 1), in no particular order.
    package func forEach(_ body: (UInt64) -> Void) {
        for value in slots where value != 0 {
            body(value)
        }
    }

    /// Doubles the table and re-inserts every fingerprint.
    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for value in old where value != 0 {
            var slot = Int(truncatingIfNeeded: value) & mask
            while slots[slot] != 0 {
                slot = (slot + 1) & mask
            }
            slots[slot] = value
            count += 1
        }
    }
}
