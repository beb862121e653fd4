import EventStore

/// A value the binary checkpoint format can hold: written field by field, read back in the same order.
///
/// Implementation requirements: `write(to:)` writes every stored property, and `init(from:)` reads them in the same
/// order — a property left out would come back as its default after a restart, a wrong state. The checkpoint tests
/// count each state type's stored properties, so adding one fails them until it is written and read here (then
/// bump `ProjectionCheckpoint.codeVersion`).
package protocol CheckpointCodable {
    /// Appends the value to `writer`.
    func write(to writer: inout CheckpointWriter)
    /// Reads a value written by `write(to:)`; throws on truncated or malformed input.
    init(from reader: inout CheckpointReader) throws(CheckpointFormatError)
}

/// A checkpoint payload that cannot be read back: it is discarded and the ledger folded instead.
package struct CheckpointFormatError: Error, Equatable {
    /// What was wrong, for diagnostics.
    package var reason: String

    /// Creates an error.
    package init(_ reason: String) {
        self.reason = reason
    }
}

extension Int: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) { writer.writeInt(self) }
    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) { self = try reader.readInt() }
}

extension Bool: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) { writer.writeVarint(self ? 1 : 0) }
    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        switch try reader.readVarint() {
        case 0: self = false
        case 1: self = true
        default: throw CheckpointFormatError("bad Bool")
        }
    }
}

extension String: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) { writer.writeString(self) }
    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) { self = try reader.readString() }
}

extension SHA256Digest: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) { withUnsafeBytes { writer.writeRaw($0) } }
    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        guard let digest = SHA256Digest(bytes: try reader.readRaw(count: 32)) else {
            throw CheckpointFormatError("bad digest")
        }
        self = digest
    }
}

extension Optional: CheckpointCodable where Wrapped: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        if let self {
            writer.writeVarint(1)
            self.write(to: &writer)
        } else {
            writer.writeVarint(0)
        }
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        switch try reader.readVarint() {
        case 0: self = nil
        case 1: self = try Wrapped(from: &reader)
        default: throw CheckpointFormatError("bad Optional")
        }
    }
}

extension Array: CheckpointCodable where Element: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.writeVarint(UInt64(count))
        for element in self { element.write(to: &writer) }
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        let count = try reader.readCount()
        self = []
        reserveCapacity(count)
        for _ in 0..<count { append(try Element(from: &reader)) }
    }
}

extension Set: CheckpointCodable where Element: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.writeVarint(UInt64(count))
        for element in self { element.write(to: &writer) }
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        let count = try reader.readCount()
        self.init(minimumCapacity: count)
        for _ in 0..<count {
            guard insert(try Element(from: &reader)).inserted else { throw CheckpointFormatError("repeated element") }
        }
    }
}

extension Dictionary: CheckpointCodable where Key: CheckpointCodable, Value: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.writeVarint(UInt64(count))
        for (key, value) in self {
            key.write(to: &writer)
            value.write(to: &writer)
        }
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        let count = try reader.readCount()
        self.init(minimumCapacity: count)
        for _ in 0..<count {
            let key = try Key(from: &reader)
            guard updateValue(try Value(from: &reader), forKey: key) == nil else {
                throw CheckpointFormatError("repeated key")
            }
        }
    }
}

extension JSONValue: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        switch self {
        case .null: writer.writeVarint(0)
        case .bool(let value): writer.writeVarint(value ? 2 : 1)
        case .number(let value):
            writer.writeVarint(3)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { writer.writeRaw($0) }
        case .string(let value):
            writer.writeVarint(4)
            writer.writeString(value)
        case .array(let elements):
            writer.writeVarint(5)
            elements.write(to: &writer)
        case .object(let members):
            writer.writeVarint(6)
            members.write(to: &writer)
        }
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        switch try reader.readVarint() {
        case 0: self = .null
        case 1: self = .bool(false)
        case 2: self = .bool(true)
        case 3:
            let raw = try reader.readRaw(count: 8)
            let bits = raw.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            self = .number(Double(bitPattern: bits))
        case 4: self = .string(try reader.readString())
        case 5: self = .array(try [JSONValue](from: &reader))
        case 6: self = .object(try [String: JSONValue](from: &reader))
        default: throw CheckpointFormatError("bad JSON value tag")
        }
    }
}
