import Foundation
import Projections
import XCTest

@testable import Commands

/// The ETL and the quality step write the same bytes whether their per-key state fits the memory budget or
/// spills almost all of it to disk: the budget changes where the state lives, never a verdict.
final class SpillingRunTests: XCTestCase {
    /// Two pages for the main pass (and the smallest pool, two frames, for the other threads): every table's key
    /// bitmap, lookup index and reject cause goes through the spill file many times over.
    private static let tinyBudget = 2 * PagePool.pageBytes

    func testETLAndQuality_underATinyBudget_writeTheSameBytesAsInMemory() throws {
        let fixture = try ETLFixture.generate(rows: 3000, seed: 42, defectRate: 0.05)
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let roomy = try ContractETL.run(try fixture.inputs(folder: "roomy"))
        var tiny = try fixture.inputs(folder: "tiny")
        tiny.keyMemoryBudget = Self.tinyBudget
        let spilled = try ContractETL.run(tiny)
        XCTAssertGreaterThan(spilled.rejectCount, 100, "the fixture exercises the reject causes")
        XCTAssertTrue(spilled.conformancePassed)
        XCTAssertEqual(roomy.artifacts.map(\.lastPathComponent), spilled.artifacts.map(\.lastPathComponent))
        XCTAssertEqual(roomy.artifacts.count, 38 + 2)
        for (left, right) in zip(roomy.artifacts, spilled.artifacts) {
            XCTAssertEqual(try Data(contentsOf: left), try Data(contentsOf: right), left.lastPathComponent)
        }
        XCTAssertEqual(try hiddenFiles(in: tiny.targetDirectory), [], "no spill file is left behind")

        var outputs: [[Data]] = []
        for (folder, budget) in [("roomy", QualityEngine.defaultKeyMemoryBudget), ("tiny", Self.tinyBudget)] {
            let base = fixture.root.appendingPathComponent(folder)
            var inputs = QualityInputs(
                targetDirectory: base.appendingPathComponent("target"), schema: try EPRSchema.bundled().tables,
                reconciliation: roomy.sources.map {
                    ReconciliationCount(
                        sourceTable: $0.sourceTable, extracted: $0.extracted, loaded: $0.loaded, rejected: $0.rejected)
                }, minPatients: 3000, referenceDate: "2026-01-15", runID: "run-test",
                reportsDirectory: base.appendingPathComponent("quality"))
            inputs.keyMemoryBudget = budget
            let result = try QualityEngine.run(inputs)
            XCTAssertGreaterThan(result.enterpriseIssueCount, 10, folder)
            outputs.append(try result.artifacts.map { try Data(contentsOf: $0) })
        }
        XCTAssertEqual(outputs[0].count, 3)
        XCTAssertEqual(outputs[0], outputs[1], "quality reports under a tiny budget")
    }

    /// Names in `folder` starting with a dot (where a spill file would be).
    private func hiddenFiles(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
    }
}
