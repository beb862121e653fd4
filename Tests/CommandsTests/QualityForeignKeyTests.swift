import Foundation
import Projections
import XCTest

@testable import Commands

/// `DQ_FK_INTEGRITY` across all 38 tables: every foreign key of the DDL, an orphan on each.
final class QualityForeignKeyTests: XCTestCase {
    func testForeignKeys_everyReferenceInTheSchemaIsChecked() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        var expected: Set<String> = []
        for table in fixture.schema {
            for column in table.columns where column.foreignKey != nil {
                let key = "\(table.name)-orphan-\(column.name)"
                let primary = table.primaryKey.first ?? ""
                fixture.add(table.name, [primary: key, column.name: "missing-\(column.name)"])
                expected.insert("\(table.name)|\(key)|\(column.name)")
            }
        }
        XCTAssertGreaterThan(expected.count, 60, "the DDL has a foreign key on most tables")

        let result = try fixture.run(minPatients: 1)

        let issues = try fixture.issues(.contract)
        XCTAssertEqual(issues.rule(.foreignKeyIntegrity).locations, expected)
        XCTAssertEqual(issues.count, expected.count, "only the orphans are issues")
        XCTAssertTrue(issues.allSatisfy { $0["severity"] == "critical" })
        XCTAssertEqual(result.issuesByRule["DQ_FK_INTEGRITY"], expected.count)
        let tablesWithReferences = Set(expected.map { String($0.split(separator: "|")[0]) })
        // Every table with a foreign key was covered; these four have none.
        XCTAssertEqual(
            Set(fixture.schema.map(\.name)).subtracting(tablesWithReferences),
            ["care_professional", "code_system", "patient", "migration_xref"])
    }

    func testForeignKeys_selfReferenceResolvedWhateverTheRowOrder() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        // The child comes before its parent in the file; the reference is held until the table is complete.
        fixture.add("location", ["location_id": "bay-1", "parent_location_id": "ward-9"])
        fixture.add("location", ["location_id": "ward-9"])
        fixture.add("location", ["location_id": "bed-1", "parent_location_id": "bay-missing"])

        _ = try fixture.run()

        let issues = try fixture.issues(.contract)
        XCTAssertEqual(issues.locations, ["location|bed-1|parent_location_id"])
        XCTAssertTrue(issues.first?["message"]?.contains("location.location_id") ?? false)
    }

    func testForeignKeys_emptyOptionalReferenceIsNotAnOrphan() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.add("outpatient_appointment", ["outpatient_appointment_id": "opa-2", "referral_id": ""])
        fixture.set("patient_address", key: "patient_address-1", ["patient_id": "patient-404"])

        _ = try fixture.run()

        let issues = try fixture.issues(.contract)
        XCTAssertEqual(issues.locations, ["patient_address|patient_address-1|patient_id"])
        XCTAssertEqual(issues.first?["rule_id"], "DQ_FK_INTEGRITY")
    }
}
