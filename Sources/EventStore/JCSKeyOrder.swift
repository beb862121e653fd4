/// RFC 8785 §3.2.3 property order: keys compare by their UTF-16 code units, computed on UTF-8 bytes.
///
/// UTF-8 byte order equals code point order, and UTF-16 order equals code point order except that
/// supplementary characters (UTF-16 lead units D800–DBFF) sort *before* U+E000–U+FFFF. In UTF-8 those are
/// exactly the sequences led by F0–F4 versus EE/EF, so one fix-up at the first differing byte suffices and
/// neither the encoder nor the validator has to transcode.
enum JCSKeyOrder {
    /// Whether differing byte `x` sorts before `y`, given both strings agree on all earlier bytes.
    ///
    /// Equal prefixes put both bytes at the same character boundary or inside characters with the same lead
    /// byte, so a 4-byte lead can only meet EE/EF at a boundary.
    @inline(__always)
    static func byteLess(_ x: UInt8, _ y: UInt8) -> Bool {
        if x >= 0xF0, y & 0xFE == 0xEE { return true }
        if y >= 0xF0, x & 0xFE == 0xEE { return false }
        return x < y
    }

    /// Whether `a` sorts before `b` in UTF-16 code unit order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var ia = a.utf8.makeIterator()
        var ib = b.utf8.makeIterator()
        while true {
            guard let x = ia.next() else { return ib.next() != nil }
            guard let y = ib.next() else { return false }
            if x != y { return byteLess(x, y) }
        }
    }
}
