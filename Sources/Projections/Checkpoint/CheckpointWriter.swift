/// Builds a checkpoint payload: varints, raw bytes, and strings interned in a table written ahead of the body, so
/// the ids, table and field names repeated across snapshots of the contract are stored and read once.
package struct CheckpointWriter {
    /// The body written so far.
    private(set) var body: [UInt8] = []
    private var stringIndex: [String: Int] = [:]
    private var strings: [String] = []

    /// An empty payload.
    package init() {}

    /// Appends `value` (any `CheckpointCodable`).
    package mutating func write(_ value: some CheckpointCodable) {
        value.write(to: &self)
    }

    /// Appends an unsigned LEB128 varint.
    package mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            body.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        body.append(UInt8(rest))
    }

    /// Appends a signed integer, zigzag-encoded so small negative numbers stay short.
    package mutating func writeInt(_ value: Int) {
        writeVarint(UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1)))))
    }

    /// Appends a string as its index in the string table.
    package mutating func writeString(_ value: String) {
        if let index = stringIndex[value] {
            writeVarint(UInt64(index))
            return
        }
        let index = strings.count
        strings.append(value)
        stringIndex[value] = index
        writeVarint(UInt64(index))
    }

    /// Appends bytes as they are.
    package mutating func writeRaw(_ bytes: UnsafeRawBufferPointer) {
        body.append(contentsOf: bytes)
    }

    /// The payload: the string table (count, then each string's UTF-8 length and bytes), then the body.
    package func payload() -> [UInt8] {
        var table = CheckpointWriter()
        table.writeVarint(UInt64(strings.count))
        for string in strings {
            var copy = string
            copy.withUTF8 { utf8 in
                table.writeVarint(UInt64(utf8.count))
                table.body.append(contentsOf: utf8)
            }
        }
        return table.body + body
    }
}
