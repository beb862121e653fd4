import XCTest

@testable import Commands

final class CodeSetCatalogTests: XCTestCase {
    private func bundled() throws -> CodeSetCatalog {
        try CodeSetCatalog.bundled()
    }

    func testBundled_loadsEveryRowAndVersion() throws {
        let catalog = try bundled()
        XCTAssertEqual(catalog.entries.count, 301)
        XCTAssertEqual(catalog.codeSetNames.count, 22)
        XCTAssertEqual(catalog.bundleVersion, "1.1.0")
        XCTAssertFalse(catalog.contains(codeSet: "DISCHARGE_METHOD_RETIRED"), "folded into DISCHARGE_METHOD")
    }

    func testBundled_coversEveryReferenceRow() throws {
        // Each reference row must survive into the bundle (DISCHARGE_METHOD_RETIRED under DISCHARGE_METHOD).
        let catalog = try bundled()
        let reference = try XCTUnwrap(
            Bundle.module.url(forResource: "Fixtures/reference/nhs-code-sets", withExtension: "csv"),
            "the reference fixture is bundled with the tests")
        let text = try String(contentsOf: reference, encoding: .utf8)
        let rows = try ResourceCSVReader.table(in: text, header: ["code_set", "code", "description"])
        XCTAssertEqual(rows.count, 294)
        for row in rows {
            let set = row.fields[0] == "DISCHARGE_METHOD_RETIRED" ? "DISCHARGE_METHOD" : row.fields[0]
            XCTAssertEqual(catalog.description(of: row.fields[1], in: set), row.fields[2], "\(set) \(row.fields[1])")
        }
    }

    func testIsValid_retiredCodesValidAsSourceOnly() throws {
        let catalog = try bundled()
        XCTAssertTrue(catalog.isValid(code: "2", in: "DISCHARGE_METHOD", asTarget: false))
        XCTAssertFalse(catalog.isValid(code: "2", in: "DISCHARGE_METHOD", asTarget: true))
        XCTAssertTrue(catalog.isValid(code: "28", in: "ADMISSION_METHOD", asTarget: false))
        XCTAssertFalse(catalog.isValid(code: "28", in: "ADMISSION_METHOD", asTarget: true))
        XCTAssertTrue(catalog.isValid(code: "2A", in: "ADMISSION_METHOD", asTarget: true))
        XCTAssertFalse(catalog.isValid(code: "191", in: "MAIN_SPECIALTY_CODE", asTarget: true))
    }

    func testIsValid_exactMatchOnly() throws {
        let catalog = try bundled()
        XCTAssertTrue(catalog.isValid(code: "01", in: "ADMINISTRATIVE_CATEGORY", asTarget: true))
        XCTAssertFalse(catalog.isValid(code: "1", in: "ADMINISTRATIVE_CATEGORY", asTarget: false), "leading zero")
        XCTAssertFalse(catalog.isValid(code: "a", in: "ETHNIC_CATEGORY_2001", asTarget: false), "case")
        XCTAssertFalse(catalog.isValid(code: " A", in: "ETHNIC_CATEGORY_2001", asTarget: false), "space")
        XCTAssertFalse(catalog.isValid(code: "A", in: "NO_SUCH_SET", asTarget: false))
    }

    func testDescription_isVerbatim() throws {
        let catalog = try bundled()
        XCTAssertEqual(catalog.description(of: "X", in: "PERSON_STATED_GENDER_CODE"), "Not Known (not recorded)")
        XCTAssertEqual(catalog.description(of: "UNK", in: "HL7_V3_MARITAL_STATUS"), "unknown")
        XCTAssertNil(catalog.description(of: "Q", in: "ETHNIC_CATEGORY_2001"))
    }

    func testActiveCodes_excludeRetired() throws {
        let codes = try bundled().activeCodes(in: "DISCHARGE_METHOD")
        XCTAssertEqual(codes, ["1", "3", "4", "5", "6", "7", "8", "9"])
    }

    func testInit_rejectsDuplicateCode() {
        let csv = "code_set,code,description,status,version\nS,1,One,active,v\nS,1,Again,active,v\n"
        XCTAssertThrowsError(try CodeSetCatalog(csv: csv, bundleVersion: "t")) { error in
            XCTAssertEqual(error as? CodeSetError, .duplicate(file: "nhs-code-sets.csv", line: 3, key: "S 1"))
        }
    }

    func testInit_rejectsBadStatusHeaderAndQuoting() {
        let badStatus = "code_set,code,description,status,version\nS,1,One,withdrawn,v\n"
        XCTAssertThrowsError(try CodeSetCatalog(csv: badStatus, bundleVersion: "t"))
        let badHeader = "code_set,code,description\nS,1,One\n"
        XCTAssertThrowsError(try CodeSetCatalog(csv: badHeader, bundleVersion: "t"))
        let unterminated = "code_set,code,description,status,version\nS,1,\"One,active,v\n"
        XCTAssertThrowsError(try CodeSetCatalog(csv: unterminated, bundleVersion: "t"))
    }

    func testInitDirectory_missingFileNamesPath() {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("no-codesets-\(#line)")
        XCTAssertThrowsError(try CodeSetCatalog(directory: directory)) { error in
            guard case .fileMissing(let path) = error as? CodeSetError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("nhs-code-sets.csv"))
        }
    }

    func testResourceCSVReader_handlesQuotesAndCRLF() throws {
        let records = try ResourceCSVReader.records(in: "a,\"b,\"\"c\"\"\"\r\n\"x\ny\",\n")
        XCTAssertEqual(records.map(\.fields), [["a", "b,\"c\""], ["x\ny", ""]])
        XCTAssertEqual(records.map(\.line), [1, 2])
    }
}
