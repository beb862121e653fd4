import XCTest

@testable import Commands

final class CrosswalkTests: XCTestCase {
    private var crosswalk: Crosswalk!

    override func setUpWithError() throws {
        crosswalk = try Crosswalk.bundled()
    }

    func testLegacyGender_mapsToStatedGender() {
        let expected = ["1": "1", "2": "2", "0": "X", "9": "9"]
        for (legacy, stated) in expected {
            XCTAssertEqual(
                crosswalk.translate(legacy, from: "PERSON_GENDER_CODE_LEGACY", to: "PERSON_STATED_GENDER_CODE"),
                .mapped(stated), legacy)
        }
    }

    func testStatedGender_mapsToFHIR() {
        let expected = ["1": "male", "2": "female", "9": "other", "X": "unknown"]
        for (stated, fhir) in expected {
            XCTAssertEqual(
                crosswalk.translate(stated, from: "PERSON_STATED_GENDER_CODE", to: "FHIR_ADMINISTRATIVE_GENDER"),
                .mapped(fhir), stated)
        }
    }

    func testRetiredDischargeMethod2_rejectedNeverCoerced() {
        let outcome = crosswalk.translate("2", from: "DISCHARGE_METHOD", to: "DISCHARGE_METHOD")
        XCTAssertEqual(outcome.rule, CrosswalkRule.retiredNoAutoMap)
        XCTAssertNil(outcome.mappedCode)
    }

    func testRetiredAdmissionMethod28_rejectedNeverCoerced() {
        let outcome = crosswalk.translate("28", from: "ADMISSION_METHOD", to: "ADMISSION_METHOD")
        XCTAssertEqual(outcome.rule, CrosswalkRule.retiredNoAutoMap)
    }

    func testGenderIdentity3_4_Z_rejectedAsNoPublishedMap() {
        for code in ["3", "4", "Z"] {
            XCTAssertEqual(
                crosswalk.translate(code, from: "GENDER_IDENTITY_CODE", to: "FHIR_ADMINISTRATIVE_GENDER").rule,
                CrosswalkRule.noPublishedMap, code)
        }
    }

    func testMaritalUNK_rejectedAsQuestionable() {
        // UNK (never recorded) is not N (asked, declined): a steward must approve any choice.
        let outcome = crosswalk.translate("UNK", from: "HL7_V3_MARITAL_STATUS", to: "PERSON_MARITAL_STATUS")
        XCTAssertEqual(outcome.rule, CrosswalkRule.questionableMap)
    }

    func testMaritalPublishedRows_map() {
        let expected = ["U": "S", "D": "D", "L": "P", "M": "M", "S": "S", "W": "W"]
        for (hl7, dd) in expected {
            XCTAssertEqual(
                crosswalk.translate(hl7, from: "HL7_V3_MARITAL_STATUS", to: "PERSON_MARITAL_STATUS"), .mapped(dd), hl7)
        }
    }

    func testEveryNonAutoRowInTheFile_isRejected() {
        // Whatever is added to crosswalks.csv later, a row marked auto_map no can never produce a code.
        let manual = crosswalk.entries.filter { !$0.autoMap }
        XCTAssertEqual(manual.count, 6)
        for entry in manual {
            let outcome = crosswalk.translate(entry.sourceCode, from: entry.sourceCodeSet, to: entry.targetCodeSet)
            XCTAssertNil(outcome.mappedCode, "\(entry.sourceCodeSet) \(entry.sourceCode)")
        }
    }

    func testEveryReferenceTrapRow_isRejected() throws {
        let reference = try XCTUnwrap(
            Bundle.module.url(forResource: "Fixtures/reference/nhs-crosswalk-notes", withExtension: "csv"),
            "the reference fixture is bundled with the tests")
        let text = try String(contentsOf: reference, encoding: .utf8)
        let header = ["source_code_set", "source_code", "target_code_set", "target_code", "relationship", "basis"]
        let traps = try ResourceCSVReader.table(in: text, header: header).filter {
            $0.fields[4] != "equivalent"
        }
        XCTAssertEqual(traps.count, 6)
        for trap in traps {
            let sourceSet = trap.fields[0] == "DISCHARGE_METHOD_RETIRED" ? "DISCHARGE_METHOD" : trap.fields[0]
            let outcome = crosswalk.translate(trap.fields[1], from: sourceSet, to: trap.fields[2])
            XCTAssertNil(outcome.mappedCode, "\(trap.fields[0]) \(trap.fields[1])")
        }
    }

    func testUnknownCodes_rejected() {
        XCTAssertEqual(
            crosswalk.translate("3", from: "PERSON_GENDER_CODE_LEGACY", to: "PERSON_STATED_GENDER_CODE").rule,
            CrosswalkRule.unknownCode)
        XCTAssertEqual(
            crosswalk.translate("27", from: "ADMISSION_METHOD", to: "ADMISSION_METHOD").rule, CrosswalkRule.unknownCode)
        XCTAssertEqual(
            crosswalk.translate("", from: "ETHNIC_CATEGORY_2001", to: "ETHNIC_CATEGORY_2001").rule,
            CrosswalkRule.unknownCode)
        XCTAssertEqual(
            crosswalk.translate(" 1", from: "PERSON_GENDER_CODE_LEGACY", to: "PERSON_STATED_GENDER_CODE").rule,
            CrosswalkRule.unknownCode)
        XCTAssertEqual(
            crosswalk.translate("1", from: "LOCAL_SEX", to: "PERSON_STATED_GENDER_CODE").rule,
            CrosswalkRule.unknownCodeSet)
    }

    func testValidCodeWithoutRow_isUnmappedAcrossSets() {
        // Gender identity 1 has no published map to FHIR either; only rows that exist can map.
        XCTAssertEqual(
            crosswalk.translate("1", from: "GENDER_IDENTITY_CODE", to: "FHIR_ADMINISTRATIVE_GENDER").rule,
            CrosswalkRule.unmapped)
    }

    func testSameCodeSet_keepsActiveCodes() {
        XCTAssertEqual(crosswalk.translate("2A", from: "ADMISSION_METHOD", to: "ADMISSION_METHOD"), .mapped("2A"))
        XCTAssertEqual(crosswalk.translate("6", from: "DISCHARGE_METHOD", to: "DISCHARGE_METHOD"), .mapped("6"))
        XCTAssertEqual(
            crosswalk.translate("191", from: "MAIN_SPECIALTY_CODE", to: "MAIN_SPECIALTY_CODE").rule,
            CrosswalkRule.retiredNoAutoMap)
    }

    func testOneToMany_onActiveSourceRejected() throws {
        let catalog = crosswalk.catalog
        let entry = CrosswalkEntry(
            sourceCodeSet: "PATIENT_CLASSIFICATION", sourceCode: "1", targetCodeSet: "PATIENT_CLASSIFICATION",
            targetCodes: ["2", "3"], relationship: .oneToMany, basis: "test", autoMap: false)
        let custom = try Crosswalk(catalog: catalog, entries: [entry])
        XCTAssertEqual(
            custom.translate("1", from: "PATIENT_CLASSIFICATION", to: "PATIENT_CLASSIFICATION").rule,
            CrosswalkRule.oneToMany)
    }

    func testInit_refusesAutoMapToRetiredTarget() {
        let entry = CrosswalkEntry(
            sourceCodeSet: "DISCHARGE_METHOD", sourceCode: "6", targetCodeSet: "DISCHARGE_METHOD", targetCodes: ["2"],
            relationship: .equivalent, basis: "test", autoMap: true)
        XCTAssertThrowsError(try Crosswalk(catalog: crosswalk.catalog, entries: [entry])) { error in
            guard case .inconsistentCrosswalk(_, let reason) = error as? CodeSetError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(reason.contains("retired"), reason)
        }
    }

    func testInit_refusesAutoMapOneToMany_unknownCodes_andDuplicates() {
        let catalog = crosswalk.catalog
        let csvHeader = Crosswalk.header.joined(separator: ",") + "\n"
        let cases = [
            "ADMISSION_METHOD,28,ADMISSION_METHOD,2A|2B,one-to-many,b,yes\n",
            "ADMISSION_METHOD,29,ADMISSION_METHOD,2A,equivalent,b,yes\n",
            "ADMISSION_METHOD,21,NOPE,2A,equivalent,b,yes\n",
            "ADMISSION_METHOD,21,ADMISSION_METHOD,2A,equivalent,b,maybe\n",
            "ADMISSION_METHOD,21,ADMISSION_METHOD,2A,similar,b,no\n",
            "ADMISSION_METHOD,21,ADMISSION_METHOD,2A,equivalent,b,no\nADMISSION_METHOD,21,ADMISSION_METHOD,2D,equivalent,b,no\n",
        ]
        for body in cases {
            XCTAssertThrowsError(try Crosswalk(catalog: catalog, csv: csvHeader + body), body)
        }
    }
}
