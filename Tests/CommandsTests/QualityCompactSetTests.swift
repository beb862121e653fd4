import XCTest

@testable import Commands

/// The structures that keep the quality step's memory flat: `RetainedKeySet`, `NumberSet`, `PagedPairs`.
final class QualityCompactSetTests: XCTestCase {
    func testRetainedKeySet_exactForNumberedAndTextKeysWithStableIds() {
        let set = RetainedKeySet()
        var ids: [String: Int] = [:]
        for key in ["PAT-100001", "PAT-7", "100001", "CV-ADMISSION_METHOD-2A", "PAT-07", "", "Zoë-ünïcode", "X-0"] {
            guard let id = set.insert(key) else {
                return XCTFail("\(key) is new")
            }
            ids[key] = id
            XCTAssertNil(set.insert(key), "\(key) twice")
        }
        XCTAssertEqual(Set(ids.values).count, ids.count, "ids are distinct")
        for (key, id) in ids {
            XCTAssertEqual(set.id(of: key), id, key)
            XCTAssertTrue(set.contains(key), key)
        }
        for key in ["PAT-100002", "PAT-0100001", "PAT100001", "00", "PAT-", "SPELL-7", "X-00", "pat-7"] {
            XCTAssertFalse(set.contains(key), key)
        }
    }

    func testNumberSet_findsRepeatsBeforeAndAfterMovingToTheBitmap() {
        var dense = NumberSet()
        for offset in 0..<200_000 {
            XCTAssertTrue(dense.insert(9_990_000_000 + UInt64(offset) * 7))
        }
        XCTAssertFalse(dense.insert(9_990_000_007), "a repeat after the move to the bitmap")
        XCTAssertTrue(dense.insert(9_990_000_008))
        XCTAssertEqual(dense.count, 200_001)
        var sparse = NumberSet()
        XCTAssertTrue(sparse.insert(0))
        XCTAssertTrue(sparse.insert(1), "0 and 1 are different numbers")
        XCTAssertFalse(sparse.insert(0))
        for offset in 0..<70_000 {
            XCTAssertTrue(sparse.insert(4_000_000_000 + UInt64(offset) * 100_003))
        }
        XCTAssertFalse(sparse.insert(4_000_000_000 + 69_999 * 100_003))
    }

    func testPagedPairs_storesByIdIncludingNegativeIds() {
        let pairs = PagedPairs(absent: -1)
        XCTAssertNil(pairs.pair(5))
        pairs.set(5, 50, 51)
        pairs.set(1 << 32 | 5, 60, 61)
        pairs.set(-1, 70, 71)
        pairs.set(-4097, 80, 81)
        XCTAssertEqual(pairs.pair(5).map { [$0.0, $0.1] }, [50, 51])
        XCTAssertEqual(pairs.pair(1 << 32 | 5).map { [$0.0, $0.1] }, [60, 61])
        XCTAssertEqual(pairs.pair(-1).map { [$0.0, $0.1] }, [70, 71])
        XCTAssertEqual(pairs.pair(-4097).map { [$0.0, $0.1] }, [80, 81])
        XCTAssertEqual(pairs.pair(6).map { [$0.0, $0.1] }, [-1, -1], "an unset id in a used page reads as absent")
    }
}
