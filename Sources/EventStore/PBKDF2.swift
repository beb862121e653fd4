/// PBKDF2 (RFC 8018 section 5.2) with HMAC-SHA-256 as the pseudorandom function.
///
/// SCRAM-SHA-256 (RFC 7677) derives its `SaltedPassword` with it. The password's keyed HMAC state is prepared once
/// and copied for every iteration, so each iteration costs two SHA-256 compressions.
public enum PBKDF2 {
    /// Derives `keyLength` bytes from `password` and `salt` with `iterations` rounds of HMAC-SHA-256.
    ///
    /// - Precondition: `iterations >= 1` and `keyLength >= 1`; callers validate untrusted counts first.
    public static func hmacSHA256(
        password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int
    ) -> [UInt8] {
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        precondition(keyLength >= 1, "PBKDF2 needs a positive key length")
        let keyed = HMACSHA256(key: password)
        var derived: [UInt8] = []
        derived.reserveCapacity(keyLength + 32)
        var blockIndex: UInt32 = 1
        while derived.count < keyLength {
            // U1 = PRF(P, S || INT(i)); Uj = PRF(P, Uj-1); T = U1 ^ U2 ^ ... ^ Uc.
            var first = keyed
            first.update(salt)
            first.update([
                UInt8(truncatingIfNeeded: blockIndex >> 24), UInt8(truncatingIfNeeded: blockIndex >> 16),
                UInt8(truncatingIfNeeded: blockIndex >> 8), UInt8(truncatingIfNeeded: blockIndex),
            ])
            var previous = first.finalize()
            var block = previous.bytes
            if iterations > 1 {
                for _ in 2...iterations {
                    var mac = keyed
                    previous.withUnsafeBytes { mac.update($0) }
                    previous = mac.finalize()
                    previous.withUnsafeBytes { next in
                        for index in 0..<32 { block[index] ^= next[index] }
                    }
                }
            }
            derived.append(contentsOf: block)
            blockIndex += 1
        }
        return Array(derived.prefix(keyLength))
    }
}
