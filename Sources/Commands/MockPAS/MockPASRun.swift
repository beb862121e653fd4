import Foundation

/// One generation run: the random streams, id counters and open writers behind `MockPASGenerator.generate`.
///
/// A class because every table writer appends through it while a patient is being generated; it lives for one
/// call on one thread and is never shared, so it needs no lock and is not `Sendable`.
final class MockPASRun {
    let rows: Int
    let referenceDay: Int
    let writers: [MockCSVWriter]
    /// Content of the records (names, dates, codes). Where traps and defects go is drawn from separate streams, so
    /// their positions do not depend on content.
    var random: SeededRandom
    var nhsNumbers: NHSNumberAllocator
    private var traps: SelectionSampler
    private var defects: SelectionSampler
    private var trapOrdinal = 0
    var defectOrdinal = 0
    private var lastIDs: [Int]

    /// First day of the clinic calendar (a Monday about three years back) and its length in weeks.
    let calendarStart: Int
    let calendarWeeks: Int
    /// Consultant codes per specialty index, and GP practice codes (open ones first, then closed).
    var consultants: [[String]] = []
    var openPractices: [String] = []
    var closedPractices: [String] = []

    /// Days of history the extract covers; activity before this is not in the extract.
    static let historyDays = 1095
    /// Days ahead that appointments and TCIs may be booked.
    static let bookingHorizonDays = 182

    init(rows: Int, seed: UInt64, defectRate: Double, referenceDay: Int, writers: [MockCSVWriter]) {
        self.rows = rows
        self.referenceDay = referenceDay
        self.writers = writers
        random = SeededRandom.stream(1, of: seed)
        var numbers = SeededRandom.stream(3, of: seed)
        nhsNumbers = NHSNumberAllocator(random: &numbers)
        traps = SelectionSampler(
            choosing: PlannedTrap.count(forRows: rows), of: rows, random: SeededRandom.stream(4, of: seed))
        defects = SelectionSampler(
            choosing: PlannedDefect.count(forRows: rows, rate: defectRate), of: rows,
            random: SeededRandom.stream(5, of: seed))
        lastIDs = PASTable.allCases.map { $0 == .patientMaster ? 100_000 : 0 }
        let start = referenceDay - Self.historyDays - 7
        calendarStart = start - CivilDate.weekday(ofDay: start)
        calendarWeeks = (referenceDay + Self.bookingHorizonDays + 7 - calendarStart) / 7 + 1
    }

    /// The writer of `table`.
    func writer(_ table: PASTable) -> MockCSVWriter {
        writers[table.rawValue]
    }

    /// The next surrogate key of `table` (keys are dense per table; the patient number starts at 100001).
    func newID(_ table: PASTable) -> Int {
        lastIDs[table.rawValue] += 1
        return lastIDs[table.rawValue]
    }

    /// Writes reference tables, then every patient with their records.
    func writeAll(progress: ((_ table: String, _ rowsDone: Int) -> Void)?) throws(MockPASError) {
        try writeReferenceTables()
        for index in 0..<rows {
            let trap = traps.next() ? nextTrap() : nil
            let defect = defects.next() ? nextDefect() : nil
            try writePatient(trap: trap, defect: defect)
            if (index + 1) % MockPASGenerator.progressInterval == 0 {
                progress?(PASTable.patientMaster.name, index + 1)
            }
        }
    }

    /// Traps are dealt round-robin so even a small run gets the most important ones first.
    private func nextTrap() -> PlannedTrap {
        defer { trapOrdinal += 1 }
        return PlannedTrap.allCases[trapOrdinal % PlannedTrap.allCases.count]
    }

    private func nextDefect() -> PlannedDefect {
        PlannedDefect.allCases[defectOrdinal % PlannedDefect.allCases.count]
    }

    // MARK: - Time helpers

    /// Minutes since 1970 of `minuteOfDay` on `day`.
    func at(_ day: Int, _ minuteOfDay: Int) -> Int {
        day * CivilDate.minutesPerDay + minuteOfDay
    }

    /// A day in `first...last`, or `first` when the range is empty.
    func day(from first: Int, to last: Int) -> Int {
        last <= first ? first : first + random.below(last - first + 1)
    }

    /// The first clinic session of specialty `specialty` on or after `day`: (session id, session day), or nil past
    /// the calendar.
    func session(specialty: Int, onOrAfter day: Int) -> (id: Int, day: Int)? {
        let weekday = specialty % 5
        var week = max(0, (day - calendarStart - weekday + 6) / 7)
        if calendarStart + week * 7 + weekday < day { week += 1 }
        guard week < calendarWeeks else { return nil }
        return (specialty * calendarWeeks + week + 1, calendarStart + week * 7 + weekday)
    }
}
