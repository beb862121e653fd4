/// A 32-byte SHA-256 digest stored inline (no heap allocation).
///
/// The bytes are kept in digest order in four machine words, so equality, hashing and
/// `withUnsafeBytes` never allocate; `bytes` and `hex` allocate only the value they return.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes in order, in memory; a homogeneous tuple is laid out contiguously.
    typealias Storage = (UInt64, UInt64, UInt64, UInt64)

    /// The digest bytes, read through `withUnsafeBytes(of:)`; never interpret the words numerically.
    var storage: Storage

    /// Wraps storage that already holds the digest bytes in memory order.
    init(storage: Storage) {
        self.storage = storage
    }

    /// The all-zero digest, useful as the "previous hash" of the first entry in a chain.
    public static let zero = SHA256Digest(storage: (0, 0, 0, 0))

    /// Creates a digest from exactly 32 bytes; returns `nil` for any other length.
    public init?<S: Sequence>(bytes: S) where S.Element == UInt8 {
        var storage: Storage = (0, 0, 0, 0)
        var count = 0
        let complete = withUnsafeMutableBytes(of: &storage) { raw -> Bool in
            for byte in bytes {
                // Stop at the 33rd byte instead of draining a long (or endless) sequence.
                guard count < 32 else { return false }
                raw[count] = byte
                count += 1
            }
            return count == 32
        }
        guard complete else { return nil }
        self.storage = storage
    }

    /// Parses 64 hex digits (either case); returns `nil` for any other length or a non-hex character.
    public init?(hex: some StringProtocol) {
        let parsed = hex.utf8.withContiguousStorageIfAvailable { utf8 in
            SHA256Digest(hexUTF8: UnsafeRawBufferPointer(utf8))
        }
        if let parsed {
            guard let digest = parsed else { return nil }
            self = digest
        } else {
            // Bridged or otherwise non-contiguous strings: copy once, then take the same path.
            let utf8 = Array(hex.utf8)
            guard let digest = utf8.withUnsafeBytes({ SHA256Digest(hexUTF8: $0) }) else { return nil }
            self = digest
        }
    }

    /// Parses 64 ASCII hex digits (either case) from raw bytes, for callers that scan files
    /// without building `String`s; returns `nil` for any other length or a non-hex byte.
    public init?(hexUTF8: UnsafeRawBufferPointer) {
        guard hexUTF8.count == 64 else { return nil }
        var storage: Storage = (0, 0, 0, 0)
        // A table lookup per digit, with an error bit accumulated rather than branched on: this runs twice for
        // every event decoded during a replay.
        let valid = Self.nibbles.withUnsafeBufferPointer { table in
            withUnsafeMutableBytes(of: &storage) { raw -> Bool in
                var invalid: UInt8 = 0
                for index in 0..<32 {
                    let high = table[Int(hexUTF8[2 * index])]
                    let low = table[Int(hexUTF8[2 * index + 1])]
                    invalid |= high | low
                    raw[index] = (high << 4) | (low & 0x0F)
                }
                return invalid & 0xF0 == 0
            }
        }
        guard valid else { return nil }
        self.storage = storage
    }

    /// Each byte's hex value, or 0xFF for a byte that is not a hex digit.
    private static let nibbles: [UInt8] = (0..<256).map { hexNibble(UInt8($0)) ?? 0xFF }

    /// The 32 digest bytes as a new array.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// The digest as 64 lowercase hex digits.
    public var hex: String {
        withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: 64) { out in
                for index in 0..<32 {
                    out[2 * index] = hexDigit(raw[index] >> 4)
                    out[2 * index + 1] = hexDigit(raw[index] & 0x0F)
                }
                return 64
            }
        }
    }

    /// The lowercase hex form, so digests print readably in logs and test failures.
    public var description: String { hex }

    /// Calls `body` with the 32 digest bytes; the pointer must not escape the closure.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Compares two digests in time independent of where they differ.
    ///
    /// Use this, not `==`, when one side is secret (a MAC or token supplied by a client), so the
    /// comparison time does not reveal how many leading bytes an attacker guessed correctly.
    public func constantTimeEquals(_ other: SHA256Digest) -> Bool {
        let difference =
            (storage.0 ^ other.storage.0) | (storage.1 ^ other.storage.1)
            | (storage.2 ^ other.storage.2) | (storage.3 ^ other.storage.3)
        return difference == 0
    }

    /// Byte-wise equality; not constant-time, see `constantTimeEquals(_:)`.
    public static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1
            && lhs.storage.2 == rhs.storage.2 && lhs.storage.3 == rhs.storage.3
    }

    /// Feeds all 32 bytes to the hasher (tuples are not `Hashable`, so this cannot be synthesized).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }
}
