import XCTest

@testable import Commands

final class SourceModelTests: XCTestCase {
    private let model = SourceModel.mockPAS

    func testMockPAS_hasThirtyFourUniquelyNamedTablesEachWithAKey() {
        XCTAssertEqual(model.tables.count, 34)
        XCTAssertEqual(Set(model.tables.map(\.name)).count, model.tables.count)
        for table in model.tables {
            XCTAssertFalse(table.columns.isEmpty, table.name)
            XCTAssertFalse(table.summary.isEmpty, table.name)
            XCTAssertEqual(table.primaryKey.count, 1, table.name)
            XCTAssertEqual(Set(table.columns.map(\.name)).count, table.columns.count, table.name)
            XCTAssertEqual(table.name, table.name.uppercased())
        }
    }

    func testMockPAS_foreignKeysPointAtEarlierPrimaryKeys() {
        var seen: [String: SourceTable] = [:]
        for table in model.tables {
            for column in table.columns {
                guard let target = column.foreignKey else { continue }
                let parts = target.split(separator: ".").map(String.init)
                guard parts.count == 2, let parent = seen[parts[0]] ?? (parts[0] == table.name ? table : nil) else {
                    XCTFail("\(table.name).\(column.name) → \(target): parent missing or written later")
                    continue
                }
                XCTAssertEqual(parent.primaryKey, [parts[1]], "\(table.name).\(column.name) → \(target)")
                XCTAssertEqual(parent.column(named: parts[1])?.type, column.type, "\(table.name).\(column.name)")
            }
            seen[table.name] = table
        }
    }

    func testMockPAS_codedColumnsNameCatalogCodeSets() throws {
        let catalog = try CodeSetCatalog.bundled()
        var coded = 0
        for table in model.tables {
            for column in table.columns {
                XCTAssertEqual(column.type == .code, column.codeSet != nil, "\(table.name).\(column.name)")
                if let codeSet = column.codeSet {
                    XCTAssertTrue(catalog.contains(codeSet: codeSet), "\(table.name).\(column.name): \(codeSet)")
                    coded += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(coded, 20)
    }

    func testMockPAS_patientMasterCarriesTheNHSCriticalColumns() throws {
        let patient = try XCTUnwrap(model.table(named: "PATIENT_MASTER"))
        XCTAssertEqual(patient.column(named: "SEX")?.codeSet, "PERSON_GENDER_CODE_LEGACY")
        XCTAssertEqual(patient.column(named: "ETHNIC")?.codeSet, "ETHNIC_CATEGORY_2001")
        XCTAssertEqual(patient.column(named: "NHS_NO")?.type, .string, "keeps leading zeros of 0000000000")
        XCTAssertEqual(model.table(named: "IP_SPELL")?.column(named: "DISCH_METHOD")?.codeSet, "DISCHARGE_METHOD")
    }

    func testSyntheticSpecialties_matchTheCatalog() throws {
        let catalog = try CodeSetCatalog.bundled()
        XCTAssertEqual(SyntheticSpecialties.all.map(\.code), catalog.activeCodes(in: "TREATMENT_FUNCTION_CODE_SUBSET"))
        for specialty in SyntheticSpecialties.all {
            XCTAssertEqual(
                catalog.description(of: specialty.code, in: "TREATMENT_FUNCTION_CODE_SUBSET"), specialty.name)
            XCTAssertTrue(catalog.isValid(code: specialty.mainSpecialty, in: "MAIN_SPECIALTY_CODE", asTarget: true))
        }
    }

    func testSyntheticVocabulary_drawsOnlyMappableCodes() throws {
        // Trap codes must come only from the plan, never from ordinary draws.
        let crosswalk = try Crosswalk.bundled()
        let draws: [(WeightedChoice, String, String)] = [
            (SyntheticVocabulary.legacySex, "PERSON_GENDER_CODE_LEGACY", "PERSON_STATED_GENDER_CODE"),
            (SyntheticVocabulary.adultMarital, "HL7_V3_MARITAL_STATUS", "PERSON_MARITAL_STATUS"),
            (SyntheticVocabulary.ethnicity, "ETHNIC_CATEGORY_2001", "ETHNIC_CATEGORY_2001"),
            (SyntheticVocabulary.emergencyAdmission, "ADMISSION_METHOD", "ADMISSION_METHOD"),
            (SyntheticVocabulary.electiveAdmission, "ADMISSION_METHOD", "ADMISSION_METHOD"),
            (SyntheticVocabulary.dischargeMethod, "DISCHARGE_METHOD", "DISCHARGE_METHOD"),
            (SyntheticVocabulary.dischargeDestination, "DISCHARGE_DESTINATION", "DISCHARGE_DESTINATION"),
            (SyntheticVocabulary.admissionSource, "SOURCE_OF_ADMISSION", "SOURCE_OF_ADMISSION"),
            (
                SyntheticVocabulary.referralSource, "SOURCE_OF_REFERRAL_FOR_OUT_PATIENTS",
                "SOURCE_OF_REFERRAL_FOR_OUT_PATIENTS"
            ),
            (SyntheticVocabulary.attendance, "ATTENDED_OR_DID_NOT_ATTEND", "ATTENDED_OR_DID_NOT_ATTEND"),
            (SyntheticVocabulary.outcome, "OUTCOME_OF_ATTENDANCE", "OUTCOME_OF_ATTENDANCE"),
            (SyntheticVocabulary.priority, "PRIORITY_TYPE", "PRIORITY_TYPE"),
            (SyntheticVocabulary.administrativeCategory, "ADMINISTRATIVE_CATEGORY", "ADMINISTRATIVE_CATEGORY"),
        ]
        for (choice, from, to) in draws {
            for value in choice.allValues {
                XCTAssertNotNil(crosswalk.translate(value, from: from, to: to).mappedCode, "\(from) \(value)")
            }
        }
    }
}
