/// Reads a payload made by `CheckpointWriter`, refusing anything truncated or out of range (a corrupted file must
/// end in a thrown error, never in a trap or a wrong value).
package struct CheckpointReader {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var strings: [String] = []

    /// A reader over `payload`, which must outlive it; reads the string table at once.
    package init(payload: UnsafeRawBufferPointer) throws(CheckpointFormatError) {
        bytes = payload
        let count = try readCount()
        strings.reserveCapacity(count)
        for _ in 0..<count {
            let length = try readCount()
            let start = position
            position += length
            strings.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
        }
    }

    /// True once every byte has been read.
    package var isAtEnd: Bool { position == bytes.count }

    /// Reads a value of type `T`.
    package mutating func read<T: CheckpointCodable>(_ type: T.Type = T.self) throws(CheckpointFormatError) -> T {
        try T(from: &self)
    }

    /// Reads an unsigned LEB128 varint.
    package mutating func readVarint() throws(CheckpointFormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw CheckpointFormatError("truncated or overlong varint at byte \(position)")
    }

    /// Reads a zigzag-encoded signed integer.
    package mutating func readInt() throws(CheckpointFormatError) -> Int {
        let raw = try readVarint()
        return Int(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    /// Reads a count of elements that follow: each takes at least one byte, so a count beyond the bytes left is
    /// corruption (and must not be trusted with a huge allocation).
    package mutating func readCount() throws(CheckpointFormatError) -> Int {
        let count = try readVarint()
        guard count <= UInt64(bytes.count - position) else {
            throw CheckpointFormatError("count \(count) beyond the end at byte \(position)")
        }
        return Int(count)
    }

    /// Reads a string by its index in the table.
    package mutating func readString() throws(CheckpointFormatError) -> String {
        let index = try readVarint()
        guard index < UInt64(strings.count) else { throw CheckpointFormatError("string index \(index) out of range") }
        return strings[Int(index)]
    }

    /// Reads `count` bytes as they are.
    package mutating func readRaw(count: Int) throws(CheckpointFormatError) -> UnsafeRawBufferPointer {
        guard count <= bytes.count - position else { throw CheckpointFormatError("truncated at byte \(position)") }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }
}
