import Foundation
import Projections
import XCTest

@testable import Commands

/// `schemas/target_schema_catalog.csv` as the schema step will write it: derived from the bundled DDL.
final class TargetCatalogTests: XCTestCase {
    func testTargetCatalog_hasOneRowPerDDLColumnAndReadsBack() throws {
        let schema = try EPRSchema.bundled()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("CommandsTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("target_schema_catalog.csv")

        let written = try schema.writeCatalog(to: url)

        let reader = try CSVReader(url: url)
        XCTAssertEqual(
            reader.header, ["table", "column", "type", "nullable", "primary_key", "foreign_key", "code_set"])
        var rows: [[String]] = []
        try reader.forEachRow { rows.append($0) }
        XCTAssertEqual(rows.count, written)
        XCTAssertEqual(rows.count, schema.tables.reduce(0) { $0 + $1.columns.count })
        XCTAssertEqual(rows.first, ["organisation", "organisation_id", "text", "no", "yes", "", ""])
        XCTAssertEqual(Set(rows.map { $0[0] }).count, 38)
        XCTAssertTrue(
            rows.contains(["hospital_spell", "admission_method", "char(2)", "no", "no", "", "ADMISSION_METHOD"]))
        XCTAssertTrue(rows.contains(["patient_name", "patient_id", "text", "no", "no", "patient.patient_id", ""]))
        XCTAssertTrue(rows.contains(["theatre_case", "patient_weight_kg", "numeric(5,2)", "yes", "no", "", ""]))
        for row in rows {
            XCTAssertTrue(
                ["yes", "no"].contains(row[3]) && ["yes", "no"].contains(row[4]), row.joined(separator: ","))
        }
    }
}
