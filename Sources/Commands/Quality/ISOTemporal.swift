import Foundation

/// Parses the target contract's date and timestamp forms exactly: `yyyy-MM-dd` and `yyyy-MM-ddTHH:mm:ss`.
///
/// Nothing else is accepted (no time zone, no fractional seconds, no `2024-2-3`): the ETL writes one form, so any
/// other form means a value slipped through untransformed. Parsing works on bytes and calendar arithmetic
/// (`CivilDate`), because `DateFormatter` is slow, depends on the machine's locale and time zone, and is lenient.
package enum ISOTemporal {
    /// Seconds in a day.
    package static let secondsPerDay = 86_400

    /// The day number (days since 1970-01-01) of a `yyyy-MM-dd` value, or nil when it is not a real date.
    package static func day(_ text: String) -> Int? {
        text.utf8.withContiguousStorageIfAvailable { day($0) } ?? day(Array(text.utf8))
    }

    /// Seconds since 1970-01-01T00:00:00 of a `yyyy-MM-ddTHH:mm:ss` value, or nil when it is not a real time.
    package static func seconds(_ text: String) -> Int? {
        text.utf8.withContiguousStorageIfAvailable { seconds($0) } ?? seconds(Array(text.utf8))
    }

    /// The day number of a date or of a timestamp's date part (whichever `text` is), or nil.
    package static func dayOfDateOrTimestamp(_ text: String) -> Int? {
        if text.utf8.count == 10 {
            return day(text)
        }
        return seconds(text).map { floorDiv($0, secondsPerDay) }
    }

    /// `value / divisor` rounded towards minus infinity (dates before 1970 have negative seconds).
    package static func floorDiv(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// `day(_:)` on bytes.
    private static func day<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int? where Bytes.Index == Int {
        guard bytes.count == 10 else {
            return nil
        }
        return dayPart(bytes)
    }

    /// `seconds(_:)` on bytes.
    private static func seconds<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int?
    where Bytes.Index == Int {
        let base = bytes.startIndex
        guard bytes.count == 19, bytes[base + 10] == UInt8(ascii: "T"), bytes[base + 13] == UInt8(ascii: ":"),
            bytes[base + 16] == UInt8(ascii: ":"), let day = dayPart(bytes),
            let hour = number(bytes, from: base + 11, digits: 2), hour < 24,
            let minute = number(bytes, from: base + 14, digits: 2), minute < 60,
            let second = number(bytes, from: base + 17, digits: 2), second < 60
        else {
            return nil
        }
        return day * secondsPerDay + hour * 3600 + minute * 60 + second
    }

    /// The first ten bytes as `yyyy-MM-dd`.
    private static func dayPart<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int?
    where Bytes.Index == Int {
        let base = bytes.startIndex
        guard bytes[base + 4] == UInt8(ascii: "-"), bytes[base + 7] == UInt8(ascii: "-"),
            let year = number(bytes, from: base, digits: 4), year >= 1,
            let month = number(bytes, from: base + 5, digits: 2), (1...12).contains(month),
            let dayOfMonth = number(bytes, from: base + 8, digits: 2), dayOfMonth >= 1,
            dayOfMonth <= daysIn(month: month, year: year)
        else {
            return nil
        }
        return CivilDate.dayNumber(year: year, month: month, day: dayOfMonth)
    }

    /// The decimal number in `digits` bytes from `start`, or nil when one is not a digit.
    private static func number<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, from start: Int, digits: Int)
        -> Int?
    where Bytes.Index == Int {
        var value = 0
        for index in start..<(start + digits) {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                return nil
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Days in `month` of `year` (Gregorian leap years).
    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}

extension ISOTemporal {
    /// `yyyy-MM-ddTHH:mm:ss` for seconds since 1970-01-01T00:00:00 (the inverse of `seconds(_:)`).
    package static func timestampText(_ seconds: Int) -> String {
        let day = floorDiv(seconds, secondsPerDay)
        let time = seconds - day * secondsPerDay
        let clock = String(format: "%02d:%02d:%02d", time / 3600, time / 60 % 60, time % 60)
        return CivilDate.isoDate(ofDay: day) + "T" + clock
    }
}
