import Foundation
import XCTest

@testable import Commands

/// The bounded page pool under the ETL's and the quality step's per-key state: pages beyond the budget go to a
/// spill file and come back unchanged, whichever structure owns them.
final class PagePoolTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("page-pool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A pool of two frames: anything beyond two pages spills.
    private func tinyPool() -> PagePool {
        PagePool(budget: 2 * PagePool.pageBytes, directory: folder.path)
    }

    func testPages_spillAndComeBackUnchanged() {
        let pool = tinyPool()
        let pages = (0..<40).map { _ in pool.allocate() }
        for (index, page) in pages.enumerated() {
            let bytes = pool.write(page).assumingMemoryBound(to: UInt64.self)
            for word in 0..<(PagePool.pageBytes / 8) {
                bytes[word] = UInt64(index) << 32 | UInt64(word)
            }
        }
        XCTAssertGreaterThanOrEqual(pool.pagesWritten, 38, "40 changed pages through 2 frames")
        for (index, page) in pages.enumerated().reversed() {
            let bytes = pool.read(page).assumingMemoryBound(to: UInt64.self)
            XCTAssertEqual(bytes[0], UInt64(index) << 32)
            XCTAssertEqual(bytes[PagePool.pageBytes / 8 - 1], UInt64(index) << 32 | UInt64(PagePool.pageBytes / 8 - 1))
        }
        XCTAssertGreaterThan(pool.pagesRead, 30)
        XCTAssertNil(pool.spillFailure)
        let leftovers = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(leftovers ?? ["?"], [], "the spill file is unlinked as soon as it is created")
    }

    func testTheSpillFile_isClosedWhenThePoolIsFreed() throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        do {
            let pool = tinyPool()
            let pages = (0..<4).map { _ in pool.allocate() }
            XCTAssertEqual(pool.read(pages[0]).load(as: UInt64.self), 0)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count, before + 1)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count, before)
    }

    func testAPageThatCannotBeReadBack_isReportedAndStopsPublishing_notACrash() throws {
        let pool = tinyPool()
        let pages = (0..<4).map { _ in pool.allocate() }
        for page in pages {
            pool.write(page).storeBytes(of: UInt64.max, as: UInt64.self)
        }
        // Pages 0 and 1 back in memory unchanged, so the next eviction writes nothing; 2 and 3 only on disk.
        XCTAssertEqual(pool.read(pages[0]).load(as: UInt64.self), UInt64.max)
        XCTAssertEqual(pool.read(pages[1]).load(as: UInt64.self), UInt64.max)
        XCTAssertNoThrow(try pool.checkIntact())
        // The disk loses the spill file's contents: truncate it through its descriptor (it has no name).
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
        let spill = try XCTUnwrap(
            descriptors.first { name in
                ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")) ?? "")
                    .contains(".dm-spill-")
            })
        XCTAssertEqual(ftruncate(try XCTUnwrap(Int32(spill)), 0), 0)
        XCTAssertEqual(pool.read(pages[2]).load(as: UInt64.self), 0, "a lost page reads as zeros")
        XCTAssertTrue(pool.readFailure?.contains("unexpected end of file") ?? false, pool.readFailure ?? "nil")
        XCTAssertThrowsError(try pool.checkIntact()) {
            XCTAssertTrue("\($0)".contains("per-key state was lost"), "\($0)")
        }
    }

    func testReleasedPages_areReusedZeroFilled_evenWhenTheyWereOnDisk() {
        let pool = tinyPool()
        let pages = (0..<6).map { _ in pool.allocate() }
        for page in pages {
            pool.write(page).storeBytes(of: UInt64.max, as: UInt64.self)
        }
        pool.release(pages)
        let again = (0..<6).map { _ in pool.allocate() }
        XCTAssertEqual(Set(again), Set(pages), "no new pages while released ones are free")
        XCTAssertEqual(pool.pageCount, 6)
        for page in again {
            XCTAssertEqual(pool.read(page).load(as: UInt64.self), 0)
        }
    }

    func testAFolderThatCannotHoldTheSpillFile_keepsEveryPageInMemoryAndSaysWhy() {
        let pool = PagePool(budget: 2 * PagePool.pageBytes, directory: folder.path + "/missing/deeper")
        let keys = KeySet(pool: pool)
        for number in stride(from: 0, to: 20 << 16, by: 1 << 15) {
            XCTAssertTrue(keys.insert("PAT-\(number)"))
        }
        for number in stride(from: 0, to: 20 << 16, by: 1 << 15) {
            XCTAssertTrue(keys.contains("PAT-\(number)"), "\(number)")
            XCTAssertFalse(keys.contains("PAT-\(number + 1)"))
        }
        XCTAssertEqual(pool.pagesWritten, 0)
        XCTAssertTrue(pool.spillFailure?.contains("cannot create a spill file") ?? false, pool.spillFailure ?? "nil")
    }

    func testKeySet_overATinyPool_matchesAnOrdinarySet() {
        var generator = SeededRandom(seed: 7)
        let keys = KeySet(pool: tinyPool())
        var reference = Set<String>()
        for _ in 0..<20_000 {
            let number = Int(generator.next() % 3_000_000)
            let key = generator.next() % 5 == 0 ? "SP\(number)" : "\(number)"
            XCTAssertEqual(keys.insert(key), reference.insert(key).inserted, key)
        }
        for _ in 0..<20_000 {
            let key = "\(generator.next() % 3_000_000)"
            XCTAssertEqual(keys.contains(key), reference.contains(key), key)
        }
        XCTAssertEqual(keys.count, reference.count)
    }

    func testKeyValueIndex_overATinyPool_matchesADictionary() {
        var generator = SeededRandom(seed: 11)
        let index = KeyValueIndex(pool: tinyPool())
        var reference: [String: String] = [:]
        let codes = ["2A", "2B", "21", "007", "", "H1"]
        for _ in 0..<30_000 {
            let key = String(generator.next() % 200_000)
            let value =
                generator.next() % 3 == 0 ? codes[Int(generator.next() % 6)] : String(generator.next() % 5_000_000)
            index.set(key, value)
            reference[key] = value
        }
        for key in (0..<200_000).map(String.init) {
            XCTAssertEqual(index.value(for: key), reference[key], key)
        }
    }

    func testRejectCauses_keepLongTextsAcrossPagesAndSpills() {
        let causes = RejectCauses(kept: [true, false, true], pool: tinyPool())
        var expected: [(table: Int, key: String, text: String)] = []
        for number in 0..<3000 {
            let length = number % 500 == 0 ? 20_000 : 40 + number % 90
            let text = "PATIENT_MASTER \(number) rejected: é " + String(repeating: "x", count: length)
            let cause = causes.add(text)
            causes.remember(table: number % 2 == 0 ? 0 : 2, key: String(number * 37), cause)
            causes.remember(table: 1, key: String(number * 37), cause)
            expected.append((number % 2 == 0 ? 0 : 2, String(number * 37), text))
        }
        for (table, key, text) in expected.reversed() {
            XCTAssertEqual(causes.cause(table: table, key: key)?.text, text, key)
            XCTAssertNil(causes.cause(table: 1, key: key), "table 1 is not kept")
            XCTAssertNil(causes.cause(table: 2 - table, key: key))
        }
    }

    func testPagedPairs_overATinyPool_readBackEveryPairAndAbsentOnesAsAbsent() {
        let pairs = PagedPairs(absent: Int.min, pool: tinyPool())
        for id in stride(from: -5000, to: 200_000, by: 7) {
            pairs.set(id, id * 3, id == 14 ? Int.min : -id)
        }
        for id in stride(from: -5000, to: 200_000, by: 7) {
            let pair = pairs.pair(id)
            XCTAssertEqual(pair?.0, id * 3)
            XCTAssertEqual(pair?.1, id == 14 ? Int.min : -id)
            XCTAssertEqual(pairs.pair(id + 1)?.0, Int.min, "never set")
        }
        XCTAssertNil(pairs.pair(1 << 40))
    }
}
