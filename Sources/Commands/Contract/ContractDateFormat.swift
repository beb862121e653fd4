/// A fixed-width date or date-time layout such as `yyyy-MM-dd HH:mm:ss`, read byte by byte.
///
/// Only the tokens `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss` and literal separators are understood; a value must have
/// exactly the layout's length, digits where the tokens are and the separators where they are. Nothing is guessed:
/// `2024-2-3` does not match `yyyy-MM-dd`, and 2023-02-29 is not a date. Values are written in ISO form
/// (`yyyy-MM-dd`, `yyyy-MM-ddTHH:mm:ss`) whatever layout they were read in.
package struct ContractDateFormat: Equatable, Sendable, CustomStringConvertible {
    /// A date or time component.
    private enum Field: Equatable, Sendable {
        case year, month, day, hour, minute, second
    }

    /// One part of the layout: a component at an offset, or a literal byte.
    private enum Piece: Equatable, Sendable {
        case field(Field, offset: Int)
        case literal(UInt8, offset: Int)
    }

    /// The layout as written in the contract.
    package let pattern: String
    /// The layout, parsed.
    private let pieces: [Piece]
    /// Bytes a matching value has.
    private let length: Int

    /// Whether the layout has a time of day.
    package let hasTime: Bool

    /// Parses a layout; nil when it is not made of the known tokens, lacks a year, month or day, or repeats one.
    package init?(_ pattern: String) {
        let bytes = Array(pattern.utf8)
        var pieces: [Piece] = []
        var seen: [Field] = []
        var index = 0
        let tokens: [(String, Field, Int)] = [
            ("yyyy", .year, 4), ("MM", .month, 2), ("dd", .day, 2), ("HH", .hour, 2), ("mm", .minute, 2),
            ("ss", .second, 2),
        ]
        scan: while index < bytes.count {
            for (token, field, width) in tokens where bytes[index...].starts(with: token.utf8) {
                guard !seen.contains(field) else { return nil }
                seen.append(field)
                pieces.append(.field(field, offset: index))
                index += width
                continue scan
            }
            let byte = bytes[index]
            // Letters that are not tokens are almost always a typo (`YYYY`, `hh`), so they are refused; the ISO
            // separator `T` is the one letter allowed.
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            guard (!isLetter || byte == UInt8(ascii: "T")) && byte < 0x80 else { return nil }
            pieces.append(.literal(byte, offset: index))
            index += 1
        }
        guard seen.contains(.year), seen.contains(.month), seen.contains(.day) else { return nil }
        let hasHour = seen.contains(.hour)
        guard hasHour == seen.contains(.minute), !seen.contains(.second) || hasHour else { return nil }
        self.pattern = pattern
        self.pieces = pieces
        self.length = bytes.count
        self.hasTime = hasHour
    }

    /// The layout as written.
    package var description: String { pattern }

    /// The ISO date `yyyy-MM-dd` of `value`, or nil when it does not match the layout or is not a real date.
    package func isoDate(_ value: String) -> String? {
        guard let parts = read(value) else { return nil }
        if pattern == "yyyy-MM-dd" { return value }
        return Self.iso(parts, withTime: false)
    }

    /// The ISO timestamp `yyyy-MM-ddTHH:mm:ss` of `value` (midnight without a time), or nil when it does not match.
    package func isoTimestamp(_ value: String) -> String? {
        guard let parts = read(value) else { return nil }
        return Self.iso(parts, withTime: true)
    }

    /// Days since 1970-01-01 of `value`, or nil when it does not match.
    package func dayNumber(_ value: String) -> Int? {
        guard let parts = read(value) else { return nil }
        return CivilDate.dayNumber(year: parts.year, month: parts.month, day: parts.day)
    }

    /// The components read from a value.
    private struct Parts {
        var year = 0
        var month = 0
        var day = 0
        var hour = 0
        var minute = 0
        var second = 0
    }

    /// The components of `value`, or nil when it does not match.
    private func read(_ value: String) -> Parts? {
        var value = value
        return value.withUTF8 { read(bytes: $0) }
    }

    /// The components of a value's UTF-8 bytes, checked to be a real date and time.
    private func read(bytes: UnsafeBufferPointer<UInt8>) -> Parts? {
        guard bytes.count == length else { return nil }
        var parts = Parts()
        for piece in pieces {
            switch piece {
            case .literal(let byte, let offset):
                guard bytes[offset] == byte else { return nil }
            case .field(let field, let offset):
                let width = field == .year ? 4 : 2
                var number = 0
                for position in offset..<(offset + width) {
                    let digit = Int(bytes[position]) - 0x30
                    guard digit >= 0 && digit <= 9 else { return nil }
                    number = number * 10 + digit
                }
                switch field {
                case .year: parts.year = number
                case .month: parts.month = number
                case .day: parts.day = number
                case .hour: parts.hour = number
                case .minute: parts.minute = number
                case .second: parts.second = number
                }
            }
        }
        guard parts.year >= 1, parts.month >= 1, parts.month <= 12, parts.day >= 1,
            parts.day <= Self.daysIn(month: parts.month, year: parts.year), parts.hour <= 23, parts.minute <= 59,
            parts.second <= 59
        else { return nil }
        return parts
    }

    /// Days in a month of the proleptic Gregorian calendar.
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Writes the ISO form into a stack buffer: millions of timestamps pass through here, and building them from
    /// string pieces would allocate several times per value.
    private static func iso(_ parts: Parts, withTime: Bool) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 19) { buffer in
            // Writes `number` as `width` digits at `offset`.
            func put(_ number: Int, _ width: Int, at offset: Int) {
                var rest = number
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(0x30 + rest % 10)
                    rest /= 10
                }
            }
            put(parts.year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(parts.month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(parts.day, 2, at: 8)
            guard withTime else {
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<10]), as: UTF8.self)
            }
            buffer[10] = UInt8(ascii: "T")
            put(parts.hour, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(parts.minute, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(parts.second, 2, at: 17)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<19]), as: UTF8.self)
        }
    }
}
