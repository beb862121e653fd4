/// The ledger writes digests as exactly 64 lowercase hex digits (DESIGN.md §3); an upper-case digit is a format
/// violation an auditor's string comparison would reject, so the ledger's checks compare bytes, never parse leniently.
extension SHA256Digest {
    /// Two ASCII lowercase hex digits per byte value, packed little-endian into a UInt16.
    private static let hexPairs: [UInt16] = (0..<256).map { value in
        let digits = Array("0123456789abcdef".utf8)
        return UInt16(digits[value >> 4]) | UInt16(digits[value & 0x0F]) << 8
    }

    /// True when `text` is exactly this digest's 64 lowercase hex digits.
    package func matchesLowercaseHex(_ text: UnsafeRawBufferPointer) -> Bool {
        guard text.count == 64 else { return false }
        return withUnsafeBytes { raw in
            Self.hexPairs.withUnsafeBufferPointer { pairs in
                var difference: UInt16 = 0
                for index in 0..<32 {
                    difference |=
                        pairs[Int(raw[index])] ^ text.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)
                }
                return difference == 0
            }
        }
    }

    /// Parses exactly 64 lowercase hex digits; nil for anything else (upper case included).
    package init?(lowercaseHex text: UnsafeRawBufferPointer) {
        guard text.count == 64,
            !text.contains(where: { !((48...57).contains($0) || (97...102).contains($0)) }),
            let digest = SHA256Digest(hexUTF8: text)
        else { return nil }
        self = digest
    }
}
