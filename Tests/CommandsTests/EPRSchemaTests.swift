import Foundation
import Projections
import XCTest

@testable import Commands

final class EPRSchemaTests: XCTestCase {
    /// DESIGN.md section 5, in its order (which is also dependency order).
    private static let designTables = [
        "organisation", "site", "location", "care_professional", "care_professional_role", "service", "code_system",
        "code_value", "patient", "patient_identifier", "patient_name", "patient_address", "patient_telecom",
        "patient_gp_registration", "patient_related_person", "patient_alert", "patient_allergy", "patient_link",
        "patient_consent_preference", "referral", "rtt_pathway", "rtt_period_event", "waiting_list_entry",
        "waiting_list_suspension", "tci_offer", "clinic_schedule", "appointment_slot", "outpatient_appointment",
        "appointment_cancellation", "hospital_spell", "consultant_episode", "ward_stay", "critical_care_period",
        "theatre_case", "diagnosis", "procedure", "clinical_document", "migration_xref",
    ]

    private var schema: EPRSchema {
        get throws { try EPRSchema.bundled() }
    }

    private func column(_ table: String, _ column: String) throws -> ColumnSchema {
        let found = try XCTUnwrap(try schema.table(named: table), "no table \(table)")
        return try XCTUnwrap(found.column(named: column), "no column \(table).\(column)")
    }

    func testBundled_hasExactlyThe38TablesOfTheDesignInOrder() throws {
        XCTAssertEqual(Self.designTables.count, 38)
        XCTAssertEqual(try schema.tables.map(\.name), Self.designTables)
    }

    func testBundled_everyTableHasASurrogateTextPrimaryKey() throws {
        for table in try schema.tables {
            XCTAssertEqual(table.primaryKey, ["\(table.name)_id"], table.name)
            XCTAssertEqual(table.column(named: "\(table.name)_id")?.type, "text", table.name)
            XCTAssertEqual(table.column(named: "\(table.name)_id")?.nullable, false, table.name)
        }
    }

    func testBundled_everyForeignKeyPointsAtAPrimaryKeyDefinedAtOrAboveIt() throws {
        let tables = try schema.tables
        var foreignKeys = 0
        for (position, table) in tables.enumerated() {
            for column in table.columns {
                guard let foreignKey = column.foreignKey else {
                    continue
                }
                foreignKeys += 1
                let target = try XCTUnwrap(column.foreignKeyTable)
                let targetPosition = try XCTUnwrap(
                    tables.firstIndex { $0.name == target }, "\(table.name).\(column.name) -> \(foreignKey)")
                XCTAssertLessThanOrEqual(targetPosition, position, "\(table.name).\(column.name) -> \(foreignKey)")
                XCTAssertEqual(tables[targetPosition].primaryKey, [column.foreignKeyColumn ?? ""], foreignKey)
                XCTAssertEqual(tables[targetPosition].column(named: column.foreignKeyColumn ?? "")?.type, column.type)
            }
        }
        // PostgreSQL 15 reported 83 foreign keys when the file was loaded; the parser must see every one of them.
        XCTAssertEqual(foreignKeys, 83)
    }

    func testBundled_everyCodeSetCommentNamesAReferenceCodeSet() throws {
        let reference = try ReferenceCodeSets()
        let columns = try schema.tables.flatMap { table in table.columns.map { (table.name, $0) } }
        let coded = columns.filter { $0.1.codeSet != nil }
        XCTAssertEqual(coded.count, 24)
        for (table, column) in coded {
            let codeSet = column.codeSet ?? ""
            XCTAssertFalse(reference.allCodes(codeSet).isEmpty, "\(table).\(column.name): unknown code set \(codeSet)")
        }
    }

    func testBundled_codeSetColumnsAllowExactlyTheActiveCodes() throws {
        let reference = try ReferenceCodeSets()
        for table in try schema.tables {
            for column in table.columns {
                guard let codeSet = column.codeSet else {
                    continue
                }
                let allowed = try XCTUnwrap(column.allowedValues, "\(table.name).\(column.name) has no CHECK list")
                XCTAssertEqual(allowed, reference.activeCodes(codeSet), "\(table.name).\(column.name)")
            }
        }
    }

    func testBundled_retiredCodesAreNotAllowed() throws {
        let admission = try column("hospital_spell", "admission_method")
        XCTAssertEqual(admission.codeSet, "ADMISSION_METHOD")
        XCTAssertFalse(admission.allowedValues?.contains("28") ?? true)
        XCTAssertTrue(admission.allowedValues?.contains("2D") ?? false)
        let discharge = try column("hospital_spell", "discharge_method")
        XCTAssertEqual(discharge.codeSet, "DISCHARGE_METHOD")
        XCTAssertFalse(discharge.allowedValues?.contains("2") ?? true)
        XCTAssertEqual(discharge.allowedValues, ["1", "3", "4", "5", "6", "7", "8", "9"])
        let specialty = try column("consultant_episode", "main_specialty_code")
        for retired in ["191", "312", "510", "520", "610", "620", "832", "990"] {
            XCTAssertFalse(specialty.allowedValues?.contains(retired) ?? true, retired)
        }
    }

    func testBundled_genderColumnsMatchTheBrief() throws {
        let administrative = try column("patient", "administrative_gender")
        XCTAssertEqual(administrative.allowedValues, ["male", "female", "other", "unknown"])
        XCTAssertEqual(administrative.codeSet, "FHIR_ADMINISTRATIVE_GENDER")
        XCTAssertFalse(administrative.nullable)
        let stated = try column("patient", "stated_gender_code")
        XCTAssertEqual(stated.allowedValues, ["1", "2", "9", "X"])
        XCTAssertEqual(stated.codeSet, "PERSON_STATED_GENDER_CODE")
        XCTAssertFalse(stated.nullable)
    }

    func testBundled_nhsNumberIsTenDigitsAndNeverThePlaceholder() throws {
        let nhsNumber = try column("patient", "nhs_number")
        XCTAssertEqual(nhsNumber.type, "char(10)")
        let pattern = try XCTUnwrap(nhsNumber.pattern)
        let regex = try NSRegularExpression(pattern: pattern)
        func matches(_ value: String) -> Bool {
            regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
        for valid in ["9434765919", "9990000018", "9999999999"] {
            XCTAssertTrue(matches(valid), valid)
        }
        for invalid in ["0000000000", "999000001", "99900000181", "999000001X", "999 000 0018", ""] {
            XCTAssertFalse(matches(invalid), invalid)
        }
    }

    func testBundled_whatACliniciansNeedsIsRequired() throws {
        let required = [
            ("patient", "birth_date"), ("patient", "local_patient_identifier"),
            ("patient", "nhs_number_status_indicator"), ("patient_allergy", "substance_description"),
            ("patient_allergy", "criticality"), ("patient_alert", "alert_text"),
            ("hospital_spell", "admission_datetime"), ("hospital_spell", "admission_method"),
            ("hospital_spell", "patient_classification"), ("outpatient_appointment", "attendance_status"),
            ("referral", "priority_type"), ("diagnosis", "diagnosis_code"), ("procedure", "procedure_date"),
            ("migration_xref", "source_key"), ("migration_xref", "run_id"),
        ]
        for (table, name) in required {
            XCTAssertFalse(try column(table, name).nullable, "\(table).\(name)")
        }
        // Open spells have no discharge yet; an NHS number may still be being traced.
        XCTAssertTrue(try column("hospital_spell", "discharge_method").nullable)
        XCTAssertTrue(try column("patient", "nhs_number").nullable)
    }

    func testBundled_migrationXrefCanNameEveryOtherTable() throws {
        let target = try column("migration_xref", "target_table")
        XCTAssertEqual(target.allowedValues, Array(Self.designTables.dropLast()))
        XCTAssertNil(target.codeSet)
    }

    func testBundled_namesAreSnakeCaseAndTypesFromTheSubset() throws {
        let typePattern = try NSRegularExpression(
            pattern: "^(text|integer|bigint|date|timestamp|boolean|varchar\\([0-9]+\\)|char\\([0-9]+\\)"
                + "|numeric\\([0-9]+,[0-9]+\\))$")
        let namePattern = try NSRegularExpression(pattern: "^[a-z][a-z0-9_]*$")
        func matches(_ regex: NSRegularExpression, _ value: String) -> Bool {
            regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
        for table in try schema.tables {
            XCTAssertTrue(matches(namePattern, table.name), table.name)
            for column in table.columns {
                XCTAssertTrue(matches(namePattern, column.name), "\(table.name).\(column.name)")
                XCTAssertTrue(matches(typePattern, column.type), "\(table.name).\(column.name): \(column.type)")
            }
        }
    }

    func testBundled_ddlTextIsTheResourceFile() throws {
        let bundled = try schema
        let onDisk = try String(contentsOf: try EPRSchema.bundledURL(), encoding: .utf8)
        XCTAssertEqual(bundled.ddl, onDisk)
        XCTAssertTrue(bundled.ddl.hasSuffix(");\n"))
    }
}
