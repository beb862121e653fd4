#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Reads an RFC 4180 CSV file row by row, with bounded memory.
///
/// The first record is the header. Each later call to `next()` returns one row as an array as wide as the header,
/// or `nil` at the end of the file. Memory stays at one read buffer plus one row, whatever the file's size, because
/// migration extracts can be far larger than RAM. A UTF-8 byte order mark at the very start is skipped (Excel
/// writes one); an empty file has an empty header and no rows.
///
/// Errors are thrown as `CSVError` (the content is wrong: file, line, column and what to do) or `FileIOError` (the
/// file could not be read). After an error, every further `next()` throws the same error. One reader has one
/// owner; it is not `Sendable`.
package final class CSVReader {
    /// The file being read.
    package let url: URL
    /// The first record of the file; empty for an empty file.
    package private(set) var header: [String] = []

    private var parser: CSVParser
    private var descriptor: Int32
    private var buffer: [UInt8]
    private var count = 0
    private var index = 0
    private var reachedEndOfFile = false
    private var finished = false
    private var failure: Error?

    /// Opens `url` and reads its header.
    ///
    /// - Parameters:
    ///   - chunkSize: bytes read from the file at a time.
    ///   - maxFieldBytes: the largest field accepted; a larger one is reported as `fieldTooLong` (it is nearly
    ///     always an unclosed quote swallowing the rest of the file).
    package init(url: URL, chunkSize: Int = 256 * 1024, maxFieldBytes: Int = 16 * 1024 * 1024) throws {
        self.url = url
        self.parser = CSVParser(file: url.path, maxFieldBytes: maxFieldBytes)
        // At least 3 bytes, so the byte order mark always fits in the first buffer.
        self.buffer = [UInt8](repeating: 0, count: max(chunkSize, 3))
        self.descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileIOError(operation: "open", path: url.path, errorNumber: errno)
        }
        do {
            try skipByteOrderMark()
            header = try readRecord() ?? []
            parser.expectedFields = header.isEmpty ? nil : header.count
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// The physical line on which the row last returned by `next()` starts (for reject reports).
    package var line: Int {
        parser.recordStart.line
    }

    /// The next row, as wide as `header`, or `nil` after the last row.
    package func next() throws -> [String]? {
        if let failure {
            throw failure
        }
        do {
            return try readRecord()
        } catch {
            failure = error
            close()
            throw error
        }
    }

    /// Calls `body` with every remaining row, in file order; stops at the first error `body` or the file throws.
    package func forEachRow(_ body: ([String]) throws -> Void) throws {
        while let row = try next() {
            try body(row)
        }
    }

    /// Releases the file early; further `next()` calls return `nil`. Reading to the end closes it too.
    package func close() {
        if descriptor >= 0 {
            closeDescriptor(descriptor)
            descriptor = -1
        }
        index = count
        reachedEndOfFile = true
        finished = true
    }

    private func readRecord() throws -> [String]? {
        while true {
            if index < count {
                let record = try buffer.withUnsafeBufferPointer { all in
                    try parser.parse(UnsafeBufferPointer(rebasing: all[..<count]), index: &index)
                }
                if let record {
                    return record
                }
            } else if reachedEndOfFile {
                if finished {
                    return nil
                }
                let last = try parser.finish()
                close()
                return last
            } else {
                index = 0
                count = 0
                try fill()
            }
        }
    }

    /// Reads more bytes after `count`; sets `reachedEndOfFile` when the file has no more.
    private func fill() throws {
        guard descriptor >= 0 else {
            reachedEndOfFile = true
            return
        }
        let room = buffer.count - count
        let got = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else {
                return 0
            }
            while true {
                let result = read(descriptor, base + count, room)
                if result < 0 && errno == EINTR {
                    continue
                }
                return result
            }
        }
        if got < 0 {
            throw FileIOError(operation: "read", path: url.path, errorNumber: errno)
        }
        if got == 0 {
            reachedEndOfFile = true
        }
        count += got
    }

    private func skipByteOrderMark() throws {
        while count < 3 && !reachedEndOfFile {
            try fill()
        }
        if count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            index = 3
        }
    }
}

/// The C library's `close`, which the method of the same name hides inside `CSVReader`.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
