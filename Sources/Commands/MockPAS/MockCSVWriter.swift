import Foundation
import Glibc

/// Streams one CSV file (RFC 4180, LF line ends) into a temporary file through a fixed-size byte buffer.
///
/// This is the mock extract's private writer: memory stays at one buffer per table however many rows are written,
/// and fields are encoded straight to bytes (no `String` building per row, no `DateFormatter`). A field is quoted
/// only when it holds a comma, a quote, CR or LF; quotes inside are doubled.
final class MockCSVWriter {
    /// Where the rows go until `MockPASGenerator` renames the file into place.
    let temporaryURL: URL
    /// Data rows written so far (the header is not counted).
    private(set) var rows = 0
    /// Bytes handed to the file so far, header included (complete once `close()` has returned).
    private(set) var bytes = 0

    private let descriptor: Int32
    private let columnCount: Int
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    private var isClosed = false
    private static let flushThreshold = 1 << 17

    /// Creates (or truncates) `temporaryURL` and writes the header row.
    init(temporaryURL: URL, header: [String]) throws(MockPASError) {
        self.temporaryURL = temporaryURL
        self.columnCount = header.count
        descriptor = open(temporaryURL.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .io(path: temporaryURL.path, reason: String(cString: strerror(errno)))
        }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        for name in header { text(name) }
        endRowWithoutCount()
    }

    deinit {
        if !isClosed { Glibc.close(descriptor) }
    }

    /// A text field, quoted if needed.
    func text(_ value: String) {
        separate()
        var value = value
        value.withUTF8 { utf8 in
            let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else {
                buffer.append(contentsOf: utf8)
                return
            }
            buffer.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        }
    }

    /// An empty field (SQL NULL in the legacy extract).
    func empty() {
        separate()
    }

    /// A text field, or an empty one for nil.
    func optional(_ value: String?) {
        if let value { text(value) } else { empty() }
    }

    /// A base-10 integer.
    func int(_ value: Int) {
        separate()
        appendInteger(value)
    }

    /// A decimal with one fractional digit, given in tenths (`724` → `72.4`).
    func tenths(_ value: Int) {
        separate()
        if value < 0 { buffer.append(0x2D) }
        appendInteger(abs(value) / 10)
        buffer.append(0x2E)
        buffer.append(UInt8(0x30 + abs(value) % 10))
    }

    /// A date, `yyyy-MM-dd`, from a day number.
    func date(_ dayNumber: Int) {
        separate()
        appendDate(dayNumber)
    }

    /// A date or an empty field.
    func date(_ dayNumber: Int?) {
        if let dayNumber { date(dayNumber) } else { empty() }
    }

    /// A local date-time, `yyyy-MM-dd HH:mm:ss`, from minutes since 1970-01-01 (seconds are always 00).
    func dateTime(_ minutes: Int) {
        separate()
        let day = minutes >= 0 ? minutes / CivilDate.minutesPerDay : (minutes + 1) / CivilDate.minutesPerDay - 1
        let minuteOfDay = minutes - day * CivilDate.minutesPerDay
        appendDate(day)
        buffer.append(0x20)
        appendTwoDigits(minuteOfDay / 60)
        buffer.append(0x3A)
        appendTwoDigits(minuteOfDay % 60)
        buffer.append(contentsOf: [0x3A, 0x30, 0x30])
    }

    /// A date-time or an empty field.
    func dateTime(_ minutes: Int?) {
        if let minutes { dateTime(minutes) } else { empty() }
    }

    /// Ends the row; the field count must match the header (a generator bug otherwise).
    func endRow() throws(MockPASError) {
        assert(fieldsInRow == columnCount, "\(temporaryURL.lastPathComponent): \(fieldsInRow) of \(columnCount) fields")
        endRowWithoutCount()
        rows += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Flushes, `fsync`s and closes the file, so that a rename after it publishes complete, durable bytes.
    func close() throws(MockPASError) {
        guard !isClosed else { return }
        try flush()
        isClosed = true
        let synced = fsync(descriptor)
        let syncError = errno
        Glibc.close(descriptor)
        guard synced == 0 else {
            throw .io(path: temporaryURL.path, reason: String(cString: strerror(syncError)))
        }
    }

    private func separate() {
        if fieldsInRow > 0 { buffer.append(0x2C) }
        fieldsInRow += 1
    }

    private func endRowWithoutCount() {
        buffer.append(0x0A)
        fieldsInRow = 0
    }

    private func flush() throws(MockPASError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(descriptor, base + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(path: temporaryURL.path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
        bytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private func appendInteger(_ value: Int) {
        if value < 0 {
            buffer.append(0x2D)
            appendInteger(-value)
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.append(UInt8(0x30 + (value / divisor) % 10))
            divisor /= 10
        }
    }

    private func appendTwoDigits(_ value: Int) {
        buffer.append(UInt8(0x30 + value / 10))
        buffer.append(UInt8(0x30 + value % 10))
    }

    private func appendDate(_ dayNumber: Int) {
        let (year, month, day) = CivilDate.components(ofDay: dayNumber)
        appendTwoDigits(year / 100)
        appendTwoDigits(year % 100)
        buffer.append(0x2D)
        appendTwoDigits(month)
        buffer.append(0x2D)
        appendTwoDigits(day)
    }
}
