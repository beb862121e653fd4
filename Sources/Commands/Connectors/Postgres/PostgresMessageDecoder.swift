/// Splits the byte stream from the server into messages; a value with no I/O.
///
/// Feed whatever `read(2)` returned with `append`, then call `next()` until it returns nil. Consumed bytes are
/// dropped lazily, so the buffer holds at most one partial message plus one read's worth: memory stays constant
/// however many rows stream through.
package struct PostgresMessageDecoder: Sendable {
    /// Messages larger than this are refused rather than buffered (PostgreSQL's own limit for a field is 1 GB).
    package var maximumMessageLength: Int

    /// Received bytes; those before `start` are already decoded.
    private var buffer: [UInt8] = []
    /// Where the first undecoded byte is.
    private var start = 0

    /// A decoder that refuses messages above `maximumMessageLength` bytes.
    package init(maximumMessageLength: Int = 256 << 20) {
        self.maximumMessageLength = maximumMessageLength
    }

    /// Bytes received but not yet decoded.
    package var bufferedCount: Int { buffer.count - start }

    /// Adds received bytes.
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    package mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next complete message, or nil when more bytes are needed.
    package mutating func next() throws(PostgresProtocolError) -> PostgresBackendMessage? {
        guard buffer.count - start >= 5 else { return nil }
        let type = buffer[start]
        var length = 0
        for index in (start + 1)...(start + 4) { length = length << 8 | Int(buffer[index]) }
        guard length >= 4, length <= maximumMessageLength else {
            throw .invalidLength(type: type, length: length)
        }
        guard buffer.count - start >= 1 + length else { return nil }
        let body = Array(buffer[(start + 5)..<(start + 1 + length)])
        start += 1 + length
        return try PostgresBackendMessage.decode(type: type, body: body)
    }

    /// Drops decoded bytes once they dominate the buffer, so appends stay amortised O(1).
    private mutating func compact() {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
