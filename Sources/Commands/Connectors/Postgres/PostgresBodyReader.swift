/// A cursor over one message body: big-endian integers and NUL-terminated UTF-8 strings, bounds-checked.
struct PostgresBodyReader {
    /// The body.
    let body: [UInt8]
    /// The message's type byte, for error messages.
    let type: UInt8
    /// The next unread byte.
    private(set) var offset = 0

    init(body: [UInt8], type: UInt8) {
        self.body = body
        self.type = type
    }

    /// Bytes not read yet.
    var remaining: Int { body.count - offset }

    /// Whether every byte has been read.
    var isAtEnd: Bool { offset == body.count }

    /// An error naming this message type and what is wrong with it.
    func malformed(_ reason: String) -> PostgresProtocolError {
        .malformedMessage(type: type, reason: reason)
    }

    mutating func readByte() throws(PostgresProtocolError) -> UInt8 {
        guard remaining >= 1 else { throw malformed("truncated at byte \(offset)") }
        defer { offset += 1 }
        return body[offset]
    }

    mutating func readInt16() throws(PostgresProtocolError) -> Int16 {
        guard remaining >= 2 else { throw malformed("truncated at byte \(offset)") }
        defer { offset += 2 }
        return Int16(bitPattern: UInt16(body[offset]) << 8 | UInt16(body[offset + 1]))
    }

    mutating func readInt32() throws(PostgresProtocolError) -> Int32 {
        guard remaining >= 4 else { throw malformed("truncated at byte \(offset)") }
        defer { offset += 4 }
        var value: UInt32 = 0
        for index in offset..<(offset + 4) { value = value << 8 | UInt32(body[index]) }
        return Int32(bitPattern: value)
    }

    mutating func readBytes(_ count: Int) throws(PostgresProtocolError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw malformed("truncated at byte \(offset)") }
        defer { offset += count }
        return Array(body[offset..<(offset + count)])
    }

    /// Reads up to the next NUL; the string must be UTF-8 (the client asks for `client_encoding` UTF8).
    mutating func readCString() throws(PostgresProtocolError) -> String {
        guard let end = body[offset...].firstIndex(of: 0) else {
            throw malformed("string at byte \(offset) has no terminating NUL")
        }
        defer { offset = end + 1 }
        return String(decoding: body[offset..<end], as: UTF8.self)
    }

    mutating func readRest() -> [UInt8] {
        defer { offset = body.count }
        return Array(body[offset...])
    }
}
