/// HMAC-SHA256 (RFC 2104), streaming and one-shot.
///
/// The keyed inner and outer hash states are prepared once in `init`, so a MAC over a short
/// message costs only the message blocks plus two finishing compressions.
public struct HMACSHA256: Sendable {
    /// SHA-256 already fed with `key ^ ipad`; the message goes here.
    var inner: SHA256

    /// SHA-256 already fed with `key ^ opad`; receives the inner digest in `finalize()`.
    var outer: SHA256

    /// Starts a MAC computation with `key`; keys longer than 64 bytes are hashed first (RFC 2104).
    public init(key: [UInt8]) {
        var keyBlock: SHA256.Block = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &keyBlock) { block in
            if key.count > SHA256.blockSize {
                SHA256.hash(key).withUnsafeBytes { block.copyMemory(from: $0) }
            } else {
                key.withUnsafeBytes { block.copyMemory(from: $0) }
            }
        }
        var innerPad = keyBlock
        var outerPad = keyBlock
        // XOR whole words: 0x36 and 0x5c repeated in every byte.
        withUnsafeMutableBytes(of: &innerPad) { pad in
            for offset in stride(from: 0, to: SHA256.blockSize, by: 8) {
                let word = pad.load(fromByteOffset: offset, as: UInt64.self)
                pad.storeBytes(of: word ^ 0x3636_3636_3636_3636, toByteOffset: offset, as: UInt64.self)
            }
        }
        withUnsafeMutableBytes(of: &outerPad) { pad in
            for offset in stride(from: 0, to: SHA256.blockSize, by: 8) {
                let word = pad.load(fromByteOffset: offset, as: UInt64.self)
                pad.storeBytes(of: word ^ 0x5c5c_5c5c_5c5c_5c5c, toByteOffset: offset, as: UInt64.self)
            }
        }
        inner = SHA256()
        outer = SHA256()
        withUnsafeBytes(of: innerPad) { inner.update($0) }
        withUnsafeBytes(of: outerPad) { outer.update($0) }
    }

    /// Adds the bytes in `buffer` to the message.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        inner.update(buffer)
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        inner.update(bytes)
    }

    /// Returns the MAC. Like `SHA256.finalize()`, the instance must not be reused afterwards.
    public mutating func finalize() -> SHA256Digest {
        let innerDigest = inner.finalize()
        innerDigest.withUnsafeBytes { outer.update($0) }
        return outer.finalize()
    }

    /// Computes the MAC of `message` under `key` in one call.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> SHA256Digest {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }
}
