import Foundation
import Projections
import XCTest

@testable import Commands

/// Each contract rule fires on a crafted bad record, with the right rule id, severity, table, key and field.
final class QualityContractRuleTests: XCTestCase {
    private func assertIssue(
        _ issue: [String: String]?, _ rule: QualityRuleID, _ severity: QualitySeverity, table: String, key: String,
        field: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let issue else {
            XCTFail("no \(rule.rawValue) issue", file: file, line: line)
            return
        }
        XCTAssertEqual(issue["run_id"], "run-test", file: file, line: line)
        XCTAssertEqual(issue["kind"], rule.kind.rawValue, file: file, line: line)
        XCTAssertEqual(issue["rule_id"], rule.rawValue, file: file, line: line)
        XCTAssertEqual(issue["severity"], severity.rawValue, file: file, line: line)
        XCTAssertEqual(issue["table"], table, file: file, line: line)
        XCTAssertEqual(issue["record_key"], key, file: file, line: line)
        XCTAssertEqual(issue["field"], field, file: file, line: line)
        XCTAssertFalse(issue["message"]?.isEmpty ?? true, file: file, line: line)
    }

    func testRequired_emptyNotNullColumnIsCritical() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("patient", key: "patient-1", ["birth_date": ""])
        fixture.add("organisation", ["organisation_id": "", "name": "No key"])

        let result = try fixture.run()

        let issues = try fixture.issues(.contract).rule(.required)
        XCTAssertEqual(issues.count, 2)
        assertIssue(
            issues.first { $0["table"] == "patient" }, .required, .critical, table: "patient", key: "patient-1",
            field: "birth_date")
        // A row without its key is pointed at by its line in the file (header = line 1).
        assertIssue(
            issues.first { $0["table"] == "organisation" }, .required, .critical, table: "organisation",
            key: "line 3", field: "organisation_id")
        XCTAssertEqual(result.contractStatus, .fail)
        XCTAssertEqual(result.issuesByRule["DQ_REQUIRED"], 2)
    }

    func testType_eachTypeRejectsMalformedValues() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("appointment_slot", key: "appointment_slot-1", ["duration_minutes": "30.5"])
        fixture.set("patient", key: "patient-1", ["birth_date": "2024-02-30"])
        fixture.set("clinic_schedule", key: "clinic_schedule-1", ["session_start": "2024-01-01 10:00:00"])
        fixture.set("organisation", key: "organisation-1", ["active": "yes"])
        fixture.set("theatre_case", key: "theatre_case-1", ["patient_weight_kg": "1234.5"])
        fixture.set("location", key: "location-1", ["bed_count": "3000000000"])
        fixture.set("clinical_document", key: "clinical_document-1", ["content_bytes": "12e3"])

        _ = try fixture.run()

        let issues = try fixture.issues(.contract)
        XCTAssertEqual(issues.rule(.type).count, 7, "\(issues)")
        XCTAssertEqual(
            issues.rule(.type).locations,
            [
                "appointment_slot|appointment_slot-1|duration_minutes", "patient|patient-1|birth_date",
                "clinic_schedule|clinic_schedule-1|session_start", "organisation|organisation-1|active",
                "theatre_case|theatre_case-1|patient_weight_kg", "location|location-1|bed_count",
                "clinical_document|clinical_document-1|content_bytes",
            ])
        assertIssue(
            issues.rule(.type).first { $0["table"] == "patient" }, .type, .critical, table: "patient",
            key: "patient-1", field: "birth_date")
        XCTAssertTrue(issues.rule(.type).allSatisfy { $0["severity"] == "critical" })
    }

    func testLength_varcharTooLongAndCharShortAreHigh() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("organisation", key: "organisation-1", ["ods_code": "ABCDEFGHIJK"])
        // "1" for "01": the lost leading zero that PostgreSQL would pad away silently.
        fixture.set("patient", key: "patient-1", ["nhs_number_status_indicator": "1"])

        _ = try fixture.run()

        let issues = try fixture.issues(.contract)
        XCTAssertEqual(issues.count, 2)
        assertIssue(
            issues.first { $0["table"] == "organisation" }, .length, .high, table: "organisation",
            key: "organisation-1", field: "ods_code")
        assertIssue(
            issues.first { $0["table"] == "patient" }, .length, .high, table: "patient", key: "patient-1",
            field: "nhs_number_status_indicator")
    }

    func testCodeSet_retiredAdmissionMethodIsReportedWithItsCodeSet() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("hospital_spell", key: "hospital_spell-1", ["admission_method": "28"])
        fixture.set("patient", key: "patient-1", ["administrative_gender": "M"])

        _ = try fixture.run()

        let issues = try fixture.issues(.contract).rule(.codeSet)
        XCTAssertEqual(issues.count, 2)
        let spell = issues.first { $0["table"] == "hospital_spell" }
        assertIssue(spell, .codeSet, .high, table: "hospital_spell", key: "hospital_spell-1", field: "admission_method")
        XCTAssertTrue(spell?["message"]?.contains("ADMISSION_METHOD") ?? false)
        XCTAssertTrue(spell?["message"]?.contains("'28'") ?? false)
    }

    func testPattern_placeholderNHSNumberIsHighAndNotQuoted() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.set("patient", key: "patient-1", ["nhs_number": "0000000000"])
        fixture.add("patient", ["patient_id": "patient-2", "nhs_number": "943476591X"])

        _ = try fixture.run()

        let issues = try fixture.issues(.contract)
        XCTAssertEqual(issues.locations, ["patient|patient-1|nhs_number", "patient|patient-2|nhs_number"])
        assertIssue(issues.first, .pattern, .high, table: "patient", key: "patient-1", field: "nhs_number")
        XCTAssertFalse(issues.last?["message"]?.contains("943476591X") ?? true, "identifiers are not quoted")
    }

    func testPrimaryKey_duplicatesFoundInReferencedAndUnreferencedTables() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.add("patient", [:])  // a second patient-1: patient is referenced, so its keys are held exactly
        fixture.add("diagnosis", [:])  // a second diagnosis-1: nothing references diagnosis (fingerprint path)
        fixture.add("diagnosis", ["diagnosis_id": "diagnosis-2"])

        let result = try fixture.run(minPatients: 1)

        let issues = try fixture.issues(.contract).rule(.primaryKeyUnique)
        XCTAssertEqual(issues.locations, ["patient|patient-1|patient_id", "diagnosis|diagnosis-1|diagnosis_id"])
        assertIssue(
            issues.first { $0["table"] == "diagnosis" }, .primaryKeyUnique, .critical, table: "diagnosis",
            key: "diagnosis-1", field: "diagnosis_id")
        XCTAssertEqual(result.patientsLoaded, 2, "patients loaded counts rows of patient.csv")
    }

    func testReconciliation_mismatchNegativeAndMissingCountsAreCritical() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        let counts = [
            ReconciliationCount(sourceTable: "PATIENT_MASTER", extracted: 10, loaded: 8, rejected: 1),
            ReconciliationCount(sourceTable: "IP_SPELL", extracted: 5, loaded: 5, rejected: 0),
            ReconciliationCount(sourceTable: "DIAGNOSIS", extracted: 3, loaded: 3, rejected: 1),
            ReconciliationCount(sourceTable: "WARD_STAY", extracted: -1, loaded: 0, rejected: 0),
        ]

        _ = try fixture.run(reconciliation: counts)

        let issues = try fixture.issues(.contract).rule(.rowReconciliation)
        XCTAssertEqual(issues.map { $0["record_key"] ?? "" }, ["DIAGNOSIS", "PATIENT_MASTER", "WARD_STAY"])
        assertIssue(
            issues.first { $0["record_key"] == "PATIENT_MASTER" }, .rowReconciliation, .critical,
            table: "PATIENT_MASTER", key: "PATIENT_MASTER", field: "")
        XCTAssertTrue(issues[1]["message"]?.contains("1 row unaccounted for") ?? false, "\(issues[1])")
        XCTAssertTrue(issues[0]["message"]?.contains("1 row too many") ?? false, "\(issues[0])")

        _ = try fixture.run(reconciliation: [])
        XCTAssertEqual(try fixture.issues(.contract).rule(.rowReconciliation).count, 1)
    }

    func testTableStructure_missingFileWrongHeaderAndBadCSV() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        try fixture.write()
        let target = fixture.targetDirectory
        try FileManager.default.removeItem(at: target.appendingPathComponent("patient.csv"))
        try Data("site_id,name\nsite-1,x\n".utf8).write(to: target.appendingPathComponent("site.csv"))
        let diagnosis = try String(contentsOf: target.appendingPathComponent("diagnosis.csv"), encoding: .utf8)
        try Data((diagnosis + "diagnosis-2,\"unclosed\n").utf8).write(
            to: target.appendingPathComponent("diagnosis.csv"))

        let result = try QualityEngine.run(fixture.inputs())

        let issues = try fixture.issues(.contract)
        XCTAssertEqual(
            issues.rule(.tableStructure).map { $0["table"] ?? "" }.sorted(), ["diagnosis", "patient", "site"])
        XCTAssertTrue(issues.rule(.tableStructure).allSatisfy { $0["severity"] == "critical" })
        // References into an unreadable table are not checked one by one: the structure issue already fails.
        XCTAssertEqual(issues.rule(.foreignKeyIntegrity), [])
        XCTAssertEqual(result.tableRowCounts["patient"], 0)
        XCTAssertEqual(result.tableRowCounts["diagnosis"], 1)
        // No patients were read, so coverage fails too.
        XCTAssertEqual(try fixture.issues(.enterprise).rule(.patientCoverage).count, 1)
    }

    func testIssueFiles_neutraliseFormulasInValuesFromTheData() throws {
        let fixture = try TargetTablesFixture()
        fixture.addBase()
        fixture.add("organisation", ["organisation_id": "=HYPERLINK(\"x\")", "organisation_type": "@SUM(A1)"])

        _ = try fixture.run()

        let text = try String(
            contentsOf: fixture.reportsDirectory.appendingPathComponent(QualityEngine.contractIssuesFile),
            encoding: .utf8)
        XCTAssertTrue(text.contains(",\"'=HYPERLINK(\"\"x\"\")\","), text)
        XCTAssertFalse(text.contains(",=HYPERLINK"), text)
    }
}
