import Foundation

/// Streams an RFC 4180 CSV file to disk and publishes it atomically.
///
/// Rows are encoded into one large buffer that is written out in chunks, so memory does not grow with the number
/// of rows and no whole-file string is ever built. The file appears at its path only on `commit()` (written to
/// `<path>.tmp`, synced, renamed — see `AtomicFileWriter`); `abandon()`, or dropping the writer without
/// committing, deletes the temporary file. Quoting rules and the `neutraliseFormulas` option are described on
/// `CSVFieldEncoder`.
///
/// ```swift
/// let writer = try CSVWriter(url: reportURL, header: ["table", "rows"], neutraliseFormulas: true)
/// try writer.write(["patient", "100000"])
/// try writer.commit()
/// ```
///
/// Throws `CSVError` (`invalidUse`) for a row whose width differs from the header or a write after `commit()`, and
/// `FileIOError` when the disk refuses. Not `Sendable`: one writer has one owner.
package final class CSVWriter {
    /// The default buffer: large enough that a write system call moves a meaningful amount of data (a million
    /// patients' 2.5 GB of target tables take 40,000 writes), small enough that the ETL's 38 open target writers
    /// hold 2.5 MB, and below glibc's threshold for giving each buffer its own mapping.
    package static let defaultBufferCapacity = 1 << 16

    /// Where the file appears on `commit()`.
    package let url: URL
    /// The first line of the file; every row must have as many fields.
    package let header: [String]
    /// Data rows written so far (the header excluded).
    package private(set) var rowsWritten = 0

    private let file: AtomicFileWriter
    private let encoder: CSVFieldEncoder
    private let bufferCapacity: Int
    private var buffer: [UInt8] = []

    /// Starts `<url>.tmp` and writes `header` to it.
    ///
    /// - Parameters:
    ///   - neutraliseFormulas: prefix cells a spreadsheet would run as formulas with `'`; only for reports people
    ///     open, never for files programs read back (see `CSVFieldEncoder`).
    ///   - bufferCapacity: bytes gathered before each write to disk.
    package init(
        url: URL, header: [String], neutraliseFormulas: Bool = false, bufferCapacity: Int = defaultBufferCapacity
    ) throws {
        guard !header.isEmpty else {
            throw CSVError(
                .invalidUse, file: url.path, line: 0, column: 0,
                message: "a CSV file needs a header with at least one column")
        }
        self.url = url
        self.header = header
        self.encoder = CSVFieldEncoder(neutraliseFormulas: neutraliseFormulas)
        self.bufferCapacity = max(bufferCapacity, 1)
        self.file = try AtomicFileWriter(url: url)
        buffer.reserveCapacity(self.bufferCapacity + 4096)
        encoder.append(row: header, to: &buffer)
    }

    /// Whether cells that would run as spreadsheet formulas get a leading `'`.
    package var neutraliseFormulas: Bool {
        encoder.neutraliseFormulas
    }

    /// Bytes handed to the file so far (buffered bytes not yet included).
    package var bytesFlushed: Int {
        file.bytesWritten
    }

    /// Appends one row; it must have exactly as many fields as the header.
    package func write(_ row: [String]) throws {
        guard file.isOpen else {
            throw CSVError(
                .invalidUse, file: url.path, line: 0, column: 0,
                message: "the writer was already committed or abandoned; open a new writer to write more")
        }
        guard row.count == header.count else {
            throw CSVError(
                .invalidUse, file: url.path, line: rowsWritten + 2, column: 0,
                message: "row \(rowsWritten + 1) has \(row.count) fields but the header has \(header.count)")
        }
        encoder.append(row: row, to: &buffer)
        rowsWritten += 1
        if buffer.count >= bufferCapacity {
            try flush()
        }
    }

    /// Writes what is buffered, syncs it and renames the temporary file to `url`.
    package func commit() throws {
        try flush()
        try file.commit()
        buffer = []
    }

    /// Deletes the temporary file; the previous file at `url`, if any, stays as it was.
    package func abandon() {
        buffer.removeAll()
        file.abandon()
    }

    private func flush() throws {
        guard !buffer.isEmpty else {
            return
        }
        do {
            try buffer.withUnsafeBytes { try file.write($0) }
        } catch {
            abandon()
            throw error
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
