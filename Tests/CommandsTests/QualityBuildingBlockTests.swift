import Foundation
import XCTest

@testable import Commands

/// The quality step's building blocks: type checks, date parsing and the key sets.
final class QualityBuildingBlockTests: XCTestCase {
    func testColumnType_parsesTheDDLTypes() {
        XCTAssertEqual(ColumnType(declared: "text"), .text)
        XCTAssertEqual(ColumnType(declared: "varchar(10)"), .varchar(10))
        XCTAssertEqual(ColumnType(declared: "char(2)"), .char(2))
        XCTAssertEqual(ColumnType(declared: "numeric(5, 2)"), .numeric(precision: 5, scale: 2))
        XCTAssertEqual(ColumnType(declared: "numeric(5,2)"), .numeric(precision: 5, scale: 2))
        XCTAssertEqual(ColumnType(declared: "bigint"), .bigint)
        XCTAssertNil(ColumnType(declared: "money"))
        XCTAssertNil(ColumnType(declared: "varchar(0)"))
        XCTAssertNil(ColumnType(declared: "numeric(2,3)"))
    }

    func testColumnType_acceptsExactlyTheContractForms() {
        let integer = ColumnType.integer
        for good in ["0", "-5", "2147483647", "-2147483648", "007"] {
            XCTAssertNil(integer.problem(with: good), good)
        }
        for bad in ["+5", " 5", "5 ", "2147483648", "1.0", "1e3", "-", "five"] {
            XCTAssertEqual(integer.problem(with: bad), .notOfType, bad)
        }
        XCTAssertNil(ColumnType.bigint.problem(with: "-9223372036854775808"))
        XCTAssertEqual(ColumnType.bigint.problem(with: "9223372036854775808"), .notOfType)

        let weight = ColumnType.numeric(precision: 5, scale: 2)
        for good in ["72.5", "999.99", "-1", "0.05", "000123.4"] {
            XCTAssertNil(weight.problem(with: good), good)
        }
        for bad in ["1000", "72.505", "72.", ".5", "7,5", "1e2", "--1"] {
            XCTAssertEqual(weight.problem(with: bad), .notOfType, bad)
        }

        XCTAssertNil(ColumnType.boolean.problem(with: "true"))
        XCTAssertEqual(ColumnType.boolean.problem(with: "TRUE"), .notOfType)
        XCTAssertEqual(ColumnType.boolean.problem(with: "1"), .notOfType)

        XCTAssertNil(ColumnType.varchar(3).problem(with: "Zoë"), "characters, not bytes")
        XCTAssertEqual(ColumnType.varchar(3).problem(with: "Zoës"), .length(4))
        XCTAssertNil(ColumnType.char(2).problem(with: "01"))
        XCTAssertEqual(ColumnType.char(2).problem(with: "1"), .length(1))
        XCTAssertEqual(ColumnType.char(2).problem(with: "011"), .length(3))
    }

    func testISOTemporal_parsesRealDatesAndTimesOnly() {
        XCTAssertEqual(ISOTemporal.day("1970-01-01"), 0)
        XCTAssertEqual(ISOTemporal.day("2024-02-29"), CivilDate.dayNumber(year: 2024, month: 2, day: 29))
        XCTAssertEqual(ISOTemporal.day("1900-01-01"), CivilDate.dayNumber(year: 1900, month: 1, day: 1))
        for bad in ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-4-1", "20240401", ""] {
            XCTAssertNil(ISOTemporal.day(bad), bad)
        }
        XCTAssertEqual(ISOTemporal.seconds("1970-01-02T00:00:01"), 86_401)
        for bad in [
            "2024-01-01 10:00:00", "2024-01-01T24:00:00", "2024-01-01T10:60:00", "2024-01-01T10:00",
            "2024-01-01T10:00:00Z",
        ] {
            XCTAssertNil(ISOTemporal.seconds(bad), bad)
        }
        XCTAssertEqual(ISOTemporal.dayOfDateOrTimestamp("1969-12-31T23:59:59"), -1, "before 1970 rounds down")
        XCTAssertEqual(ISOTemporal.dayOfDateOrTimestamp("1969-12-31"), -1)
        for text in ["1969-12-31T23:59:59", "2024-02-29T07:05:09", "1900-01-01T00:00:00"] {
            XCTAssertEqual(ISOTemporal.seconds(text).map(ISOTemporal.timestampText), text)
        }
    }

    func testKeySet_exactMembershipAndDensePositionsThroughGrowth() {
        let set = QualityKeySet(capacity: 4)
        for number in 0..<10_000 {
            let result = set.insert("PAT-\(number)")
            XCTAssertEqual(result.inserted, true)
            XCTAssertEqual(result.index, number)
        }
        XCTAssertEqual(set.count, 10_000)
        XCTAssertEqual(set.insert("PAT-42").inserted, false)
        XCTAssertEqual(set.insert("PAT-42").index, 42)
        XCTAssertEqual(set.index(of: "PAT-9999"), 9999)
        XCTAssertNil(set.index(of: "PAT-10000"))
        XCTAssertFalse(set.contains("PAT-"))
        XCTAssertFalse(set.contains("pat-1"))
        XCTAssertEqual(set.key(at: 1234), "PAT-1234")
        XCTAssertTrue(set.insert("").inserted, "the empty key is a key like any other")
        XCTAssertEqual(set.key(at: set.count - 1), "")
        XCTAssertTrue(set.insert("Zoë-ünïcode").inserted)
        XCTAssertTrue(set.contains("Zoë-ünïcode"))
    }

    func testFingerprintSet_findsRepeats() {
        var set = FingerprintSet(capacity: 2)
        for value in 0..<5_000 {
            XCTAssertTrue(set.insert(UInt64(value) &* 0x9E37_79B9_7F4A_7C15))
        }
        XCTAssertFalse(set.insert(0), "0 is stored like any fingerprint")
        XCTAssertFalse(set.insert(7 &* 0x9E37_79B9_7F4A_7C15))
        XCTAssertTrue(set.contains(4_999 &* 0x9E37_79B9_7F4A_7C15))
        XCTAssertFalse(set.contains(5_000 &* 0x9E37_79B9_7F4A_7C15))
        XCTAssertEqual(set.count, 5_000)
    }
}
