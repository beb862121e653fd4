import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// The ETL's outputs are byte for byte what they were before its memory was made flat (32-bit lookup pages,
/// first rows remembered only for values repeated in their column).
///
/// A defect-heavy extract gives duplicate NHS numbers (`patient_link`), rejected parents and orphans. The digests
/// were taken from the outputs of the code before the change.
final class ETLOutputGoldenTests: XCTestCase {
    func testETLOutputs_areByteIdenticalToThoseBeforeTheMemoryRework() throws {
        let fixture = try ETLFixture.generate(rows: 400, seed: 7, defectRate: 0.2)
        defer { fixture.remove() }

        let result = try fixture.run()

        let links = try fixture.table("patient_link")
        XCTAssertGreaterThan(links.count, 2, "the extract has duplicate NHS numbers")
        var all = SHA256()
        for artifact in result.artifacts.sorted(by: { $0.path < $1.path }) {
            all.update(artifact.lastPathComponent)
            var bytes = Array(try Data(contentsOf: artifact))
            if artifact.lastPathComponent == "contract_migration_report.json" {
                // The report gained `source_totals` (the one reject rate the gate and the dashboard use); every
                // other byte is as before.
                guard case .object(var members) = try JSONValue(parsing: bytes) else { return XCTFail("not JSON") }
                let totals = try XCTUnwrap(members.removeValue(forKey: "source_totals"))
                XCTAssertEqual(totals["rejected"], .int(result.sources.reduce(0) { $0 + $1.rejected }))
                bytes = try JSONReportWriter.encode(.object(members))
            }
            all.update(bytes)
        }
        XCTAssertEqual(all.finalize().hex, "dcadf51211dcfacf2732823109b5822842abffa3d38fedda3d7216cf9b7f15ae")
    }
}
