import Foundation
import XCTest

@testable import Commands

/// The generator's small parts: random streams, calendar arithmetic, the CSV writer, NHS numbers, sampling.
final class MockPASBuildingBlockTests: XCTestCase {
    func testSplitMix64_knownFirstOutputForSeedZero() {
        var mixer = SplitMix64(state: 0)
        XCTAssertEqual(mixer.next(), 0xE220_A839_7B1D_CDAF)
    }

    func testSeededRandom_isReproducibleAndStreamsDiffer() {
        var a = SeededRandom(seed: 42)
        var b = SeededRandom(seed: 42)
        XCTAssertEqual((0..<100).map { _ in a.next() }, (0..<100).map { _ in b.next() })
        var c = SeededRandom.stream(1, of: 42)
        var d = SeededRandom.stream(2, of: 42)
        XCTAssertNotEqual(c.next(), d.next())
    }

    func testSeededRandom_belowStaysInRangeAndCoversIt() {
        var random = SeededRandom(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let value = random.below(7)
            XCTAssertTrue((0..<7).contains(value))
            seen.insert(value)
        }
        XCTAssertEqual(seen.count, 7)
        XCTAssertEqual(random.below(0), 0)
        XCTAssertEqual(random.below(-3), 0)
    }

    func testCivilDate_knownDaysAndRoundTrip() {
        XCTAssertEqual(CivilDate.dayNumber(year: 1970, month: 1, day: 1), 0)
        XCTAssertEqual(CivilDate.dayNumber(year: 2000, month: 3, day: 1), 11_017)
        XCTAssertEqual(CivilDate.isoDate(ofDay: CivilDate.dayNumber(year: 2024, month: 2, day: 29)), "2024-02-29")
        XCTAssertEqual(CivilDate.weekday(ofDay: CivilDate.dayNumber(year: 2026, month: 11, day: 27)), 4, "Friday")
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let (year, month, dayOfMonth) = CivilDate.components(ofDay: day)
            XCTAssertEqual(CivilDate.dayNumber(year: year, month: month, day: dayOfMonth), day)
        }
    }

    func testCSVWriter_quotesOnlyWhatNeedsQuotingAndFormatsValues() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try MockCSVWriter(temporaryURL: url, header: ["A", "B", "C", "D", "E", "F", "G"])
        writer.text("plain O'Brien")
        writer.text("Flat 3, Court")
        writer.text("say \"hi\"")
        writer.text("two\nlines")
        writer.tenths(724)
        writer.date(CivilDate.dayNumber(year: 2026, month: 1, day: 5))
        writer.dateTime(CivilDate.dayNumber(year: 2026, month: 1, day: 5) * 1440 + 9 * 60 + 5)
        try writer.endRow()
        writer.empty()
        writer.int(-42)
        writer.int(0)
        writer.int(1_234_567)
        writer.optional(nil)
        writer.date(nil)
        writer.dateTime(nil)
        try writer.endRow()
        try writer.close()
        let expected =
            "A,B,C,D,E,F,G\nplain O'Brien,\"Flat 3, Court\",\"say \"\"hi\"\"\",\"two\nlines\",72.4,2026-01-05,"
            + "2026-01-05 09:05:00\n,-42,0,1234567,,,\n"
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), expected)
        XCTAssertEqual(writer.rows, 2)
        XCTAssertEqual(writer.bytes, expected.utf8.count)
    }

    func testNHSNumberAllocator_givesDistinctValidTestRangeNumbers() {
        var random = SeededRandom(seed: 9)
        var allocator = NHSNumberAllocator(random: &random)
        var seen = Set<String>()
        for _ in 0..<20_000 {
            guard let number = allocator.next() else { return XCTFail("exhausted early") }
            XCTAssertTrue(number.hasPrefix("999"))
            XCTAssertTrue(NHSNumber.validate(number).isValid, number)
            XCTAssertTrue(seen.insert(number).inserted, number)
        }
        let wrong = allocator.nextWithWrongCheckDigit(by: 4)
        XCTAssertEqual(wrong.map { NHSNumber.validate($0).rule }, "NHS_NUMBER_CHECK_DIGIT_MISMATCH")
    }

    func testSelectionSampler_choosesExactlyTheCount() {
        for (count, total) in [(0, 10), (1, 20), (16, 400), (10, 10), (12, 5)] {
            var sampler = SelectionSampler(choosing: count, of: total, random: SeededRandom(seed: 3))
            let chosen = (0..<total).filter { _ in sampler.next() }.count
            XCTAssertEqual(chosen, min(count, total), "\(count) of \(total)")
        }
    }

    func testPlannedCounts() {
        XCTAssertEqual(PlannedTrap.count(forRows: 9), 0)
        XCTAssertEqual(PlannedTrap.count(forRows: 10), 1)
        XCTAssertEqual(PlannedTrap.count(forRows: 20), 1)
        XCTAssertEqual(PlannedTrap.count(forRows: 1_000), 40)
        XCTAssertEqual(PlannedDefect.count(forRows: 20, rate: 0.02), 1)
        XCTAssertEqual(PlannedDefect.count(forRows: 20, rate: 0), 0)
        XCTAssertEqual(PlannedDefect.count(forRows: 1_000, rate: 0.02), 20)
    }
}
