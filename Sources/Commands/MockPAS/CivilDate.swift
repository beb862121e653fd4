import Foundation

/// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian, UTC).
///
/// The generator works in whole days and minutes so that output never depends on the machine's time zone or on
/// `DateFormatter`, and so that formatting millions of dates stays cheap.
package enum CivilDate {
    /// Minutes in a day.
    package static let minutesPerDay = 1440

    /// Day number of `date`, ignoring its time of day (UTC).
    package static func dayNumber(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Day number of a calendar date (H. Hinnant's days_from_civil).
    package static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Calendar date of a day number (H. Hinnant's civil_from_days).
    package static func components(ofDay dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    package static func weekday(ofDay dayNumber: Int) -> Int {
        ((dayNumber + 3) % 7 + 7) % 7
    }

    /// `yyyy-MM-dd` for a day number.
    package static func isoDate(ofDay dayNumber: Int) -> String {
        let (year, month, day) = components(ofDay: dayNumber)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
