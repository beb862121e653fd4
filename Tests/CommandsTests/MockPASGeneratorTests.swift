import Foundation
import XCTest

@testable import Commands

final class MockPASGeneratorTests: XCTestCase {
    func testGenerate_sameSeedGivesByteIdenticalFiles() throws {
        let first = try GeneratedExtract.generate(rows: 150, seed: 7, defectRate: 0.05)
        let second = try GeneratedExtract.generate(rows: 150, seed: 7, defectRate: 0.05)
        defer {
            first.remove()
            second.remove()
        }
        XCTAssertEqual(try first.fileContents(), try second.fileContents())
    }

    func testGenerate_differentSeedGivesDifferentFiles() throws {
        let first = try GeneratedExtract.generate(rows: 50, seed: 7, defectRate: 0.02)
        let second = try GeneratedExtract.generate(rows: 50, seed: 8, defectRate: 0.02)
        defer {
            first.remove()
            second.remove()
        }
        let a = try first.fileContents()
        let b = try second.fileContents()
        XCTAssertNotEqual(a["PATIENT_MASTER"], b["PATIENT_MASTER"])
        XCTAssertNotEqual(a["IP_SPELL"], b["IP_SPELL"])
    }

    func testGenerate_returnsEveryTableWithRowsAndBytesOfTheFile() throws {
        let extract = try GeneratedExtract.generate(rows: 30, seed: 1, defectRate: 0)
        defer { extract.remove() }
        XCTAssertEqual(extract.tables.map(\.name), SourceModel.mockPAS.tables.map(\.name))
        for table in extract.tables {
            let attributes = try FileManager.default.attributesOfItem(atPath: table.file.path)
            XCTAssertEqual(attributes[.size] as? Int, table.bytes, table.name)
            XCTAssertEqual(extract.rows[table.name]?.count, table.rows, table.name)
            XCTAssertEqual(table.file.lastPathComponent, table.name + ".csv")
        }
        XCTAssertEqual(extract.rows["PATIENT_MASTER"]?.count, 30, "no defects, no extra patients")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: extract.directory.path)
            .filter { !$0.hasSuffix(".csv") || $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "temporary files renamed away")
    }

    func testGenerate_reportsProgressPerTable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mockpas-progress-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var reported: [String: Int] = [:]
        let tables = try MockPASGenerator(rows: 5, seed: 3, referenceDate: GeneratedExtract.referenceDate)
            .generate(into: directory) { table, rows in reported[table] = rows }
        XCTAssertEqual(reported.count, tables.count)
        for table in tables { XCTAssertEqual(reported[table.name], table.rows) }
    }

    func testGenerate_rejectsOutOfRangeParameters() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mockpas-bad-\(UUID())")
        for (rows, rate) in [(-1, 0.0), (10, -0.1), (10, 1.5), (10, Double.nan)] {
            let generator = MockPASGenerator(
                rows: rows, seed: 1, defectRate: rate, referenceDate: GeneratedExtract.referenceDate)
            XCTAssertThrowsError(try generator.generate(into: directory)) { error in
                XCTAssertEqual((error as? MockPASError)?.code, "MOCK_PAS_INVALID_PARAMETER")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path))
    }

    func testGenerate_failureLeavesNoFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mockpas-fail-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A directory where a temporary file must go makes the run fail part-way through opening files.
        let blocker = directory.appendingPathComponent(".PATIENT_MASTER.csv.partial")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        let generator = MockPASGenerator(rows: 10, seed: 1, referenceDate: GeneratedExtract.referenceDate)
        XCTAssertThrowsError(try generator.generate(into: directory)) { error in
            XCTAssertEqual((error as? MockPASError)?.code, "MOCK_PAS_IO")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(left, [".PATIENT_MASTER.csv.partial"])
    }

    func testGenerate_zeroRowsWritesHeadersAndReferenceData() throws {
        let extract = try GeneratedExtract.generate(rows: 0, seed: 1, defectRate: 0.5)
        defer { extract.remove() }
        XCTAssertEqual(extract.rows["PATIENT_MASTER"]?.count, 0)
        XCTAssertEqual(extract.rows["SPECIALTY"]?.count, 35)
        XCTAssertEqual(extract.headers["IP_SPELL"], SourceModel.mockPAS.table(named: "IP_SPELL")?.columns.map(\.name))
    }
}
