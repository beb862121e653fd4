import XCTest

@testable import Commands

/// The compact key structures the ETL keeps per table.
final class KeySetTests: XCTestCase {
    func testKeySet_exactMembershipForNumberedAndOtherKeys() {
        let keys = KeySet()
        for key in ["PAT-100001", "PAT-7", "100001", "CP-C9000001", "CV-ADMISSION_METHOD-2A", "X-0", "0"] {
            XCTAssertTrue(keys.insert(key), key)
            XCTAssertFalse(keys.insert(key), "\(key) twice")
        }
        XCTAssertEqual(keys.count, 7)
        for key in ["PAT-100001", "PAT-7", "100001", "CP-C9000001", "CV-ADMISSION_METHOD-2A", "X-0", "0"] {
            XCTAssertTrue(keys.contains(key), key)
        }
        // Leading zeros, other prefixes and huge numbers are different keys, never aliases.
        for key in ["PAT-0100001", "PAT-100002", "PAT100001", "100002", "00", "PAT-", "", "SPELL-7", "X-00"] {
            XCTAssertFalse(keys.contains(key), key)
        }
        XCTAssertTrue(keys.insert("PAT-0100001"))
        XCTAssertTrue(keys.insert("N-99999999999999999999"))
        XCTAssertTrue(keys.contains("N-99999999999999999999"))
        XCTAssertFalse(keys.contains("N-99999999999999999998"))
        XCTAssertTrue(keys.insert("PAT-4294967296"), "just above the bitmap range")
        XCTAssertTrue(keys.contains("PAT-4294967296"))
    }

    func testKeyValueIndex_storesNumbersCompactlyAndTextExactly() {
        let index = KeyValueIndex()
        index.set("17", "100001")
        index.set("18", "2A")
        index.set("C900", "326")
        index.set("19", "007")
        XCTAssertEqual(index.value(for: "17"), "100001")
        XCTAssertEqual(index.value(for: "18"), "2A")
        XCTAssertEqual(index.value(for: "C900"), "326")
        XCTAssertEqual(index.value(for: "19"), "007", "leading zeros kept")
        XCTAssertNil(index.value(for: "20"))
        index.set("18", "11")
        XCTAssertEqual(index.value(for: "18"), "11", "a number replaces text")
        index.raise("5", to: 2)
        index.raise("5", to: 1)
        index.raise("5", to: 3)
        XCTAssertEqual(index.number(for: "5"), 3)
        index.set("9434765919", "100001")
        XCTAssertEqual(index.value(for: "9434765919"), "100001", "an NHS number as key")
        XCTAssertNil(index.value(for: "9434765918"))
        index.set("9434765919", "H1")
        XCTAssertEqual(index.value(for: "9434765919"), "H1")
        XCTAssertTrue(index.setIfAbsent("30", "1"))
        XCTAssertFalse(index.setIfAbsent("30", "2"))
        XCTAssertEqual(index.value(for: "30"), "1")
        index.set("31", number: 42)
        index.set("32", number: -7)
        index.set("33", number: 1 << 40)
        XCTAssertEqual(index.value(for: "31"), "42")
        XCTAssertEqual(index.number(for: "32"), -7, "a negative number is kept as its text")
        XCTAssertEqual(index.number(for: "33"), 1 << 40, "so is one too large for an entry")
        index.raise("32", to: -3)
        XCTAssertEqual(index.number(for: "32"), -3)
    }
}
