import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// The quality step end to end on small target-table fixtures: clean data, reports, determinism.
final class QualityEngineTests: XCTestCase {
    func testQuality_cleanBaseHasNoIssuesAndPasses() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()

        let result = try fixture.run()

        XCTAssertEqual(try fixture.issues(.contract), [])
        XCTAssertEqual(try fixture.issues(.enterprise), [])
        XCTAssertEqual(result.contractStatus, .pass)
        XCTAssertEqual(result.enterpriseStatus, .pass)
        XCTAssertEqual(result.overallStatus, .pass)
        XCTAssertEqual(result.contractIssueCount, 0)
        XCTAssertEqual(result.enterpriseIssueCount, 0)
        XCTAssertEqual(result.patientsLoaded, 1)
        XCTAssertEqual(result.tableRowCounts.count, 38)
        XCTAssertEqual(result.tableRowCounts.values.reduce(0, +), 38)
        XCTAssertEqual(Set(result.issuesByRule.keys), Set(QualityRuleID.allCases.map(\.rawValue)))
        XCTAssertEqual(
            result.artifacts.map(\.lastPathComponent),
            [QualityEngine.contractIssuesFile, QualityEngine.enterpriseIssuesFile, QualityEngine.reportFile])
    }

    func testQuality_sameInputsGiveByteIdenticalReports() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("patient", key: "patient-1", ["nhs_number": "9434765919", "death_date": "2024-01-01"])
        fixture.add("patient", ["patient_id": "patient-2", "nhs_number": "9434765919"])
        fixture.add("patient", ["patient_id": "patient-3", "nhs_number": "9434765919"])
        fixture.add("location", ["location_id": "bed-1", "parent_location_id": "nowhere"])
        fixture.set("hospital_spell", key: "hospital_spell-1", ["admission_method": "28"])
        let files = [QualityEngine.contractIssuesFile, QualityEngine.enterpriseIssuesFile, QualityEngine.reportFile]

        _ = try fixture.run(minPatients: 10)
        let first = try files.map { try Data(contentsOf: fixture.reportsDirectory.appendingPathComponent($0)) }
        _ = try fixture.run(minPatients: 10)
        let second = try files.map { try Data(contentsOf: fixture.reportsDirectory.appendingPathComponent($0)) }

        XCTAssertEqual(first, second)
        XCTAssertGreaterThan(try fixture.issues(.contract).count, 1)
        XCTAssertGreaterThan(try fixture.issues(.enterprise).count, 3)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.reportsDirectory.path)
            .filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testQuality_reportHasStatusesCountsTablesAndPatients() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("hospital_spell", key: "hospital_spell-1", ["admission_method": "28"])
        fixture.set("consultant_episode", key: "consultant_episode-1", ["episode_start": "2019-12-31T23:00:00"])

        let result = try fixture.run(minPatients: 1)
        let report = try fixture.report()

        XCTAssertEqual(report["status"], "FAIL")
        XCTAssertEqual(report["run_id"], "run-test")
        XCTAssertEqual(report["reference_date"], .string(TargetTablesFixture.referenceDate))
        XCTAssertEqual(report["contract"]?["status"], "FAIL")
        XCTAssertEqual(report["contract"]?["issue_count"], 1)
        XCTAssertEqual(report["contract"]?["by_rule"]?["DQ_CODE_SET"], 1)
        XCTAssertEqual(report["contract"]?["by_rule"]?["DQ_FK_INTEGRITY"], 0)
        XCTAssertEqual(report["contract"]?["by_severity"]?["high"], 1)
        XCTAssertEqual(report["contract"]?["by_severity"]?["critical"], 0)
        XCTAssertEqual(report["contract"]?["rule_severities"]?["DQ_FK_INTEGRITY"], "critical")
        XCTAssertNil(report["contract"]?["by_rule"]?["EQ_PATIENT_COVERAGE"])
        XCTAssertEqual(report["enterprise"]?["status"], "PASS")
        XCTAssertEqual(report["enterprise"]?["by_rule"]?["EQ_EPISODE_OUTSIDE_SPELL"], 1)
        XCTAssertEqual(report["enterprise"]?["by_severity"]?["medium"], 1)
        XCTAssertEqual(report["enterprise"]?["by_rule"]?.objectValue?.count, 10)
        XCTAssertEqual(report["patients"]?["loaded"], 1)
        XCTAssertEqual(report["patients"]?["minimum"], 1)
        XCTAssertEqual(report["patients"]?["meets_minimum"], true)
        XCTAssertEqual(report["table_rows"]?.objectValue?.count, 38)
        XCTAssertEqual(report["table_rows"]?["migration_xref"], 1)
        XCTAssertEqual(report["reconciliation"]?[0]?["balanced"], true)
        XCTAssertEqual(result.issuesByRule["DQ_CODE_SET"], 1)
        XCTAssertEqual(result.issueCount(.high), 1)
        XCTAssertEqual(result.issueCount(.critical), 0)
    }

    func testQuality_badParametersAreErrorsNotReports() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        try fixture.write()
        var inputs = fixture.inputs()
        inputs.referenceDate = "01/06/2025"
        XCTAssertThrowsError(try QualityEngine.run(inputs)) { error in
            XCTAssertEqual((error as? QualityError)?.code, "QUALITY_INVALID_INPUT")
            XCTAssertTrue("\(error)".contains("yyyy-MM-dd"))
        }
        inputs = fixture.inputs()
        inputs.minPatients = -1
        XCTAssertThrowsError(try QualityEngine.run(inputs))
        inputs = fixture.inputs()
        inputs.schema[0].columns[1].type = "money"
        XCTAssertThrowsError(try QualityEngine.run(inputs)) { error in
            XCTAssertEqual(
                error as? QualityError, .unsupportedType(table: "organisation", column: "ods_code", type: "money"))
        }
        inputs = fixture.inputs()
        inputs.schema[1].columns[1].foreignKey = "organisation.org_code"
        XCTAssertThrowsError(try QualityEngine.run(inputs)) { error in
            XCTAssertTrue("\(error)".contains("site.organisation_id references organisation.org_code"), "\(error)")
        }
        XCTAssertFalse(
            FileManager.default.fileExists(
                atPath: fixture.reportsDirectory.appendingPathComponent(QualityEngine.reportFile).path))
    }

    func testRuleCatalog_bundledListsEveryRuleAndRefusesGaps() throws {
        let catalog = try QualityRuleCatalog.bundled()
        XCTAssertEqual(catalog.rules.map(\.id), QualityRuleID.allCases.sorted())
        XCTAssertEqual(catalog.rules(of: .enterprise).count, 10)
        XCTAssertEqual(catalog[.foreignKeyIntegrity].severity, .critical)
        XCTAssertEqual(catalog[.episodeOutsideSpell].severity, .medium)

        let header = "rule_id,kind,severity,description\n"
        XCTAssertThrowsError(try QualityRuleCatalog(csv: header + "DQ_REQUIRED,contract,critical,x\n")) { error in
            XCTAssertTrue("\(error)".contains("no severity for DQ_TABLE_STRUCTURE, DQ_TYPE"), "\(error)")
        }
        let all = QualityRuleID.allCases.map { "\($0.rawValue),\($0.kind.rawValue),high,x" }
        XCTAssertNoThrow(try QualityRuleCatalog(csv: header + all.joined(separator: "\n")))
        XCTAssertThrowsError(
            try QualityRuleCatalog(csv: header + (all + ["DQ_TYPE,contract,high,x"]).joined(separator: "\n")))
        XCTAssertThrowsError(
            try QualityRuleCatalog(
                csv: header + all.joined(separator: "\n").replacingOccurrences(of: "high", with: "severe")))
        XCTAssertThrowsError(
            try QualityRuleCatalog(
                csv: header
                    + all.joined(separator: "\n").replacingOccurrences(
                        of: "DQ_TYPE,contract", with: "DQ_TYPE,enterprise")))
    }
}
