import Foundation
import Glibc

/// Reads a file line by line through one buffer, so memory stays constant however large the file is.
///
/// Lines are handed out without their `\n` (and without a `\r` before it, so CRLF files read like LF files) as a
/// buffer that is valid only during the call. `line` is the 1-based number of the line last returned and `offset`
/// the byte offset of its first byte, so a caller can remember where something started and `seek` back to it.
/// Not `Sendable`: one reader has one owner.
final class LineReader {
    /// The file, as given.
    let path: String
    /// 1-based number of the line last returned (0 before the first).
    private(set) var line = 0
    /// Byte offset of the start of the line last returned.
    private(set) var offset = 0
    /// Byte offset of the line after the one last returned.
    private(set) var nextOffset = 0

    private let descriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var bufferFileOffset = 0
    private var atEndOfFile = false
    private static let maxLineBytes = 64 << 20

    /// Opens `path` for reading.
    init(path: String, chunkSize: Int = 1 << 18) throws(ConnectorError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ConnectorError(.unreachable, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
    }

    deinit {
        close(descriptor)
    }

    /// Moves to byte `offset`, which must be the start of line `line`.
    func seek(to offset: Int, line: Int) throws(ConnectorError) {
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw ConnectorError(.io, "cannot seek in \(path): \(String(cString: strerror(errno)))")
        }
        start = 0
        end = 0
        bufferFileOffset = offset
        atEndOfFile = false
        self.line = line - 1
        self.offset = offset
        self.nextOffset = offset
    }

    /// Calls `body` with the next line; returns false at the end of the file.
    func next<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) throws -> Result? {
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { bytes in
                guard end > start, let base = bytes.baseAddress else { return nil }
                guard let hit = memchr(base + start, 0x0A, end - start) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let newline = found {
                return try emit(upTo: newline, consumed: newline + 1, body)
            }
            if atEndOfFile {
                guard end > start else { return nil }
                return try emit(upTo: end, consumed: end, body)
            }
            try fill()
        }
    }

    private func emit<Result>(upTo stop: Int, consumed: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result)
        throws -> Result
    {
        line += 1
        offset = bufferFileOffset + start
        nextOffset = bufferFileOffset + consumed
        var length = stop - start
        if length > 0 && buffer[start + length - 1] == 0x0D { length -= 1 }
        let first = start
        start = consumed
        return try buffer.withUnsafeBufferPointer { bytes in
            try body(UnsafeBufferPointer(rebasing: bytes[first..<first + length]))
        }
    }

    private func fill() throws(ConnectorError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 {
                buffer.withUnsafeMutableBufferPointer { bytes in
                    guard let base = bytes.baseAddress else { return }
                    memmove(base, base + start, remaining)
                }
            }
            bufferFileOffset += start
            start = 0
            end = remaining
        }
        if end == buffer.count {
            guard buffer.count < Self.maxLineBytes else {
                throw ConnectorError(
                    .malformed, file: path, line: line + 1, column: 1,
                    "a line is longer than \(Self.maxLineBytes >> 20) MiB; is this the right file?")
            }
            buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
        }
        let count = buffer.withUnsafeMutableBufferPointer { bytes -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            while true {
                let result = read(descriptor, base + end, bytes.count - end)
                if result < 0 && errno == EINTR { continue }
                return result
            }
        }
        guard count >= 0 else {
            throw ConnectorError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if count == 0 { atEndOfFile = true }
        end += count
    }
}
