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
            all.update(Array(try Data(contentsOf: artifact)))
        }
        XCTAssertEqual(all.finalize().hex, "dcadf51211dcfacf2732823109b5822842abffa3d38fedda3d7216cf9b7f15ae")
    }
}
