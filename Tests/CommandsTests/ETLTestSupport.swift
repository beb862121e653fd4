import Foundation
import Projections
import XCTest

@testable import Commands

/// A generated extract and one ETL run over it, in a temporary folder (test support).
struct ETLFixture {
    /// 2026-01-15, the reference date of the brief's default run.
    static let referenceDate = Date(
        timeIntervalSince1970: Double(CivilDate.dayNumber(year: 2026, month: 1, day: 15)) * 86_400)
    /// The injected run time.
    static let migratedAt = Date(timeIntervalSince1970: referenceDate.timeIntervalSince1970 + 9 * 3600)

    let root: URL
    let source: URL
    var target: URL { root.appendingPathComponent("target") }
    var reports: URL { root.appendingPathComponent("reports") }

    /// Generates `rows` patients into `<root>/source`.
    static func generate(rows: Int, seed: UInt64, defectRate: Double) throws -> ETLFixture {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("etl-\(rows)-\(seed)-\(UUID().uuidString)", isDirectory: true)
        let source = root.appendingPathComponent("source", isDirectory: true)
        _ = try MockPASGenerator(rows: rows, seed: seed, defectRate: defectRate, referenceDate: referenceDate)
            .generate(into: source)
        return ETLFixture(root: root, source: source)
    }

    /// A fixture whose source is a copy of `other`'s, to be edited by a test.
    func copy() throws -> ETLFixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("etl-copy-\(UUID().uuidString)")
        let source = root.appendingPathComponent("source", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: self.source, to: source)
        return ETLFixture(root: root, source: source)
    }

    /// The inputs of a run into `<root>/<folder>`.
    func inputs(
        runID: String = "run-test", folder: String = "", contract: [MappingRow]? = nil,
        progress: (@Sendable (String, Int) -> Void)? = nil
    ) throws -> ETLInputs {
        let crosswalk = try Crosswalk.bundled()
        let base = folder.isEmpty ? root : root.appendingPathComponent(folder)
        return ETLInputs(
            sourceDirectory: source, sourceModel: .mockPAS, contract: try contract ?? DefaultMappingContract.load(),
            schema: try EPRSchema.bundled().tables, codeSets: crosswalk.catalog, crosswalks: crosswalk, runID: runID,
            targetDirectory: base.appendingPathComponent("target"),
            reportsDirectory: base.appendingPathComponent("reports"),
            migratedAt: Self.migratedAt, progress: progress)
    }

    /// Runs the ETL with the default contract into `<root>/target` and `<root>/reports`.
    @discardableResult
    func run(runID: String = "run-test") throws -> ETLResult {
        try ContractETL.run(try inputs(runID: runID))
    }

    /// Rows of a file as dictionaries (header → value).
    static func records(_ url: URL) throws -> [[String: String]] {
        let reader = try CSVReader(url: url)
        var rows: [[String: String]] = []
        while let row = try reader.next() {
            rows.append(Dictionary(uniqueKeysWithValues: zip(reader.header, row)))
        }
        return rows
    }

    /// Rows of a target table.
    func table(_ name: String, in folder: String = "") throws -> [[String: String]] {
        let base = folder.isEmpty ? target : root.appendingPathComponent(folder).appendingPathComponent("target")
        return try Self.records(base.appendingPathComponent("\(name).csv"))
    }

    /// Rows of a source table.
    func sourceTable(_ name: String) throws -> [[String: String]] {
        try Self.records(source.appendingPathComponent("\(name).csv"))
    }

    /// Rows of `crosswalk_rejects.csv`.
    func rejects() throws -> [[String: String]] {
        try Self.records(reports.appendingPathComponent(ContractETL.rejectsFileName))
    }

    /// Rewrites one source file, changing rows with `edit` (header → value).
    func editSource(_ table: String, _ edit: (inout [String: String]) -> Void) throws {
        let url = source.appendingPathComponent("\(table).csv")
        let reader = try CSVReader(url: url)
        let header = reader.header
        let writer = try CSVWriter(url: url, header: header)
        while let row = try reader.next() {
            var record = Dictionary(uniqueKeysWithValues: zip(header, row))
            edit(&record)
            try writer.write(header.map { record[$0] ?? "" })
        }
        try writer.commit()
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
