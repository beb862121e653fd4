/// Streaming SHA-256 (FIPS 180-4).
///
/// Feed data with any of the `update` methods, in chunks of any size, then call `finalize()` once.
/// Full 64-byte blocks are compressed straight from the caller's buffer; only a trailing partial
/// block is copied into the inline buffer, so hashing never allocates.
///
/// An instance is a value: copying it forks the computation, which lets callers hash a common
/// prefix once and finish several messages from the copy.
public struct SHA256: Sendable {
    /// The eight working hash words H0...H7.
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    /// Bytes in one compression block.
    static let blockSize = 64

    /// The initial hash value of FIPS 180-4 section 5.3.3.
    static let initialState: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    /// The running hash words.
    var state: State

    /// One 64-byte block stored inline; the element type only provides size and alignment.
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Holds a partial block between calls; inline so the struct stays allocation-free.
    var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0)

    /// How many bytes of `buffer` are in use (always less than 64 between calls).
    var bufferedCount = 0

    /// Total message length in bytes, needed for the final padding.
    var messageLength: UInt64 = 0

    /// Starts a new hash computation.
    public init() {
        state = Self.initialState
    }

    /// Adds the bytes in `buffer` to the message.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard var input = buffer.baseAddress, buffer.count > 0 else { return }
        var remaining = buffer.count
        messageLength &+= UInt64(remaining)

        if bufferedCount > 0 {
            // Top up the pending partial block first so block boundaries stay where they belong.
            let offset = bufferedCount
            let taken = min(Self.blockSize - offset, remaining)
            withUnsafeMutableBytes(of: &self.buffer) { pending in
                UnsafeMutableRawBufferPointer(rebasing: pending[offset..<(offset + taken)])
                    .copyMemory(from: UnsafeRawBufferPointer(start: input, count: taken))
            }
            bufferedCount += taken
            input += taken
            remaining -= taken
            guard bufferedCount == Self.blockSize else { return }
            // Compress from a copy: `state` cannot be mutated while `self.buffer` is borrowed.
            let block = self.buffer
            withUnsafeBytes(of: block) { Self.compress(&state, blocks: $0) }
            bufferedCount = 0
        }

        let wholeBytes = remaining & ~(Self.blockSize - 1)
        if wholeBytes > 0 {
            Self.compress(&state, blocks: UnsafeRawBufferPointer(start: input, count: wholeBytes))
            input += wholeBytes
            remaining -= wholeBytes
        }

        if remaining > 0 {
            withUnsafeMutableBytes(of: &self.buffer) { pending in
                pending.copyMemory(from: UnsafeRawBufferPointer(start: input, count: remaining))
            }
            bufferedCount = remaining
        }
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds the UTF-8 encoding of `string` to the message.
    public mutating func update(_ string: String) {
        var string = string
        // `withUTF8` makes a bridged string native first, so this is always the contiguous path.
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Applies the final padding and returns the digest.
    ///
    /// After this call the instance holds padded state and must not be updated or finalized again;
    /// start a new `SHA256()` (or finalize a copy taken earlier) instead.
    public mutating func finalize() -> SHA256Digest {
        // Padding is 0x80, zeros, then the 64-bit big-endian bit length, ending on a block
        // boundary; it spills into a second block when fewer than 9 bytes are left in this one.
        var tail: (SHA256.Block, SHA256.Block) = (self.buffer, (0, 0, 0, 0, 0, 0, 0, 0))
        let used = bufferedCount
        let tailBytes = used < Self.blockSize - 8 ? Self.blockSize : 2 * Self.blockSize
        let bitLength = messageLength &<< 3
        withUnsafeMutableBytes(of: &tail) { raw in
            raw[used] = 0x80
            for index in (used + 1)..<(tailBytes - 8) {
                raw[index] = 0
            }
            raw.storeBytes(of: bitLength.bigEndian, toByteOffset: tailBytes - 8, as: UInt64.self)
        }
        withUnsafeBytes(of: tail) { raw in
            Self.compress(&state, blocks: UnsafeRawBufferPointer(rebasing: raw[0..<tailBytes]))
        }
        bufferedCount = 0
        let words = (
            state.0.bigEndian, state.1.bigEndian, state.2.bigEndian, state.3.bigEndian,
            state.4.bigEndian, state.5.bigEndian, state.6.bigEndian, state.7.bigEndian
        )
        // Big-endian words laid out in order are exactly the digest bytes.
        return SHA256Digest(storage: unsafeBitCast(words, to: SHA256Digest.Storage.self))
    }

    /// Hashes `buffer` in one call.
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(buffer)
        return hasher.finalize()
    }

    /// Hashes `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// Hashes the UTF-8 encoding of `string` in one call.
    public static func hash(_ string: String) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.finalize()
    }
}
