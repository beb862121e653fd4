import Projections
import XCTest

@testable import Commands

/// The bundled default contract and the validator's refusals, each naming the row.
final class MappingContractTests: XCTestCase {
    private func schema() throws -> [TableSchema] {
        try EPRSchema.bundled().tables
    }

    func testDefault_validatesAgainstMockPASAndTheDDL() throws {
        let rows = try DefaultMappingContract.load()
        XCTAssertNoThrow(try MappingContract.validate(rows, source: .mockPAS, target: try schema()))
    }

    func testDefault_coversEveryColumnOfEveryTableAndVariant() throws {
        let rows = try DefaultMappingContract.load()
        let tables = try DefaultMappingContract.loadTables()
        XCTAssertEqual(MappingContract.coverage(rows, target: try schema(), tables: tables), [])
        XCTAssertEqual(MappingContract.coverage(rows, target: try schema()), [], "variants inferred from ids")
        for table in try schema() {
            let variants = tables.filter { $0.targetTable == table.name }
            XCTAssertFalse(variants.isEmpty, table.name)
            for (index, variant) in variants.enumerated() {
                let suffix = index == 0 ? "" : "#" + variant.variant
                for column in table.columns {
                    let id = "\(table.name).\(column.name)\(suffix)"
                    let row = rows.first { $0.id == id }
                    XCTAssertNotNil(row, "no row \(id)")
                    XCTAssertEqual(row?.required, !column.nullable, id)
                    XCTAssertEqual(row?.sourceTable, variant.sourceTable, id)
                }
            }
        }
        XCTAssertEqual(Set(rows.map(\.targetTable)).count, 38)
    }

    func testDefault_marksNHSCriticalFieldsCritical() throws {
        let rows = Dictionary(uniqueKeysWithValues: try DefaultMappingContract.load().map { ($0.id, $0) })
        for id in [
            "patient.nhs_number", "patient.administrative_gender", "patient.stated_gender_code",
            "patient.gender_identity_code", "patient.ethnic_category", "patient.marital_status",
            "patient_identifier.identifier_value", "hospital_spell.admission_method",
            "hospital_spell.discharge_method", "patient_allergy.substance_description", "patient_allergy.criticality",
        ] {
            XCTAssertEqual(rows[id]?.critical, true, id)
        }
        XCTAssertEqual(rows["hospital_spell.discharge_destination"]?.critical, false)
    }

    func testCoverage_listsRequiredColumnsLeftNullOrRejected() throws {
        var rows = try DefaultMappingContract.load()
        let tables = try DefaultMappingContract.loadTables()
        rows.removeAll { $0.id == "patient.birth_date" }
        if let index = rows.firstIndex(where: { $0.id == "organisation.name#gp_practice" }) {
            rows[index].transform = "null"
        }
        if let index = rows.firstIndex(where: { $0.id == "referral.priority_type" }) {
            rows[index].status = .rejected
        }
        XCTAssertEqual(
            MappingContract.coverage(rows, target: try schema(), tables: tables),
            ["organisation.name#gp_practice", "patient.birth_date", "referral.priority_type"])
    }

    func testValidate_unknownTransformNamesTheRow() throws {
        let problems = try problems { rows in rows[index(rows, "patient.birth_date")].transform = "to_date(DOB)" }
        XCTAssertEqual(problems.map(\.subject), ["patient.birth_date"])
        XCTAssertEqual(problems.first?.kind, .unknownTransform)
        XCTAssertTrue(problems.first?.message.contains("unknown transform \"to_date\"") ?? false)
    }

    func testValidate_unknownColumnsNameTheRow() throws {
        let source = try problems { rows in rows[index(rows, "patient.birth_date")].sourceField = "DATE_OF_BIRTH" }
        XCTAssertEqual(source.map(\.subject), ["patient.birth_date"])
        XCTAssertEqual(source.first?.kind, .unknownSource)
        XCTAssertTrue(source.first?.message.contains("PATIENT_MASTER has no column DATE_OF_BIRTH") ?? false)

        let target = try problems { rows in
            let at = index(rows, "patient.birth_date")
            rows[at].targetField = "dob"
            rows[at].id = "patient.dob"
        }
        XCTAssertEqual(target.map(\.subject), ["patient.dob"])
        XCTAssertEqual(target.first?.kind, .unknownTarget)

        let table = try problems { rows in rows[index(rows, "patient.birth_date")].sourceTable = "PATIENTS" }
        XCTAssertEqual(table.first?.subject, "patient.birth_date")
        XCTAssertEqual(table.first?.kind, .unknownSource)
    }

    func testValidate_badCrosswalkArityAndCodeSets() throws {
        let arity = try problems { rows in
            rows[index(rows, "patient.stated_gender_code")].transform = "crosswalk(PERSON_GENDER_CODE_LEGACY)"
        }
        XCTAssertEqual(arity.map(\.subject), ["patient.stated_gender_code"])
        XCTAssertEqual(arity.first?.kind, .unknownTransform)
        XCTAssertTrue(arity.first?.message.contains("FROM_SET->TO_SET") ?? false)

        let fields = try problems { rows in rows[index(rows, "patient.stated_gender_code")].sourceField = "SEX+ETHNIC" }
        XCTAssertEqual(fields.first?.kind, .arity)
        XCTAssertEqual(fields.first?.subject, "patient.stated_gender_code")

        let wrongStart = try problems { rows in
            rows[index(rows, "patient.stated_gender_code")].transform =
                "crosswalk(PERSON_STATED_GENDER_CODE->PERSON_STATED_GENDER_CODE)"
        }
        XCTAssertEqual(wrongStart.first?.kind, .codeSet)
        XCTAssertTrue(wrongStart.first?.message.contains("start the crosswalk at PERSON_GENDER_CODE_LEGACY") ?? false)

        let noRows = try problems { rows in
            rows[index(rows, "patient.ethnic_category")].transform =
                "crosswalk(ETHNIC_CATEGORY_2001->PERSON_MARITAL_STATUS)"
        }
        XCTAssertTrue(noRows.contains { $0.message.contains("no row from ETHNIC_CATEGORY_2001") })

        let sameSetWrong = try problems { rows in
            rows[index(rows, "referral.priority_type")].transform = "code(SERVICE_REQUEST_PRIORITY_TYPE)"
        }
        XCTAssertTrue(
            sameSetWrong.first?.message.contains("crosswalk(PRIORITY_TYPE->SERVICE_REQUEST_PRIORITY_TYPE)") ?? false)
    }

    func testValidate_typeCheckListAndFlags() throws {
        let type = try problems { rows in rows[index(rows, "patient.birth_date")].transform = "direct" }
        XCTAssertEqual(type.first?.kind, .type)
        XCTAssertTrue(type.first?.message.contains("date(FORMAT)") ?? false)

        let literal = try problems { rows in
            rows[index(rows, "patient_alert.severity")].transform = "map(DNACPR:critical)"
        }
        XCTAssertTrue(literal.first?.message.contains("\"critical\"") ?? false)

        let uncritical = try problems { rows in rows[index(rows, "patient.nhs_number")].critical = false }
        XCTAssertEqual(uncritical.first?.kind, .flag)
        XCTAssertEqual(uncritical.first?.subject, "patient.nhs_number")

        let optional = try problems { rows in rows[index(rows, "patient.birth_date")].required = false }
        XCTAssertTrue(optional.first?.message.contains("set required to yes") ?? false)
    }

    func testValidate_tablePlanOrderAndVariants() throws {
        var tables = try DefaultMappingContract.loadTables()
        let referral = try XCTUnwrap(tables.firstIndex { $0.targetTable == "referral" })
        let moved = tables.remove(at: referral)
        tables.append(moved)
        let rows = try DefaultMappingContract.load()
        XCTAssertThrowsError(try MappingContract.validate(rows, source: .mockPAS, target: try schema(), tables: tables))
        { error in
            let problems = (error as? ContractError)?.problems ?? []
            XCTAssertTrue(problems.contains { $0.kind == .tablePlan && $0.message.contains("REFERRAL") }, "\(problems)")
        }
        let unknownVariant = try problems { rows in
            let at = index(rows, "organisation.name#gp_practice")
            rows[at].id = "organisation.name#surgery"
        }
        XCTAssertEqual(unknownVariant.first?.subject, "organisation.name#surgery")
        XCTAssertEqual(unknownVariant.first?.kind, .tablePlan)
    }

    func testValidate_provenanceRowsUseNoIndexes() throws {
        let problems = try problems { rows in
            rows[index(rows, "migration_xref.run_id")].transform = "last_in_group(SOURCE_TABLE)"
        }
        XCTAssertEqual(problems.map(\.subject), ["migration_xref.run_id"])
        XCTAssertEqual(problems.first?.kind, .tablePlan)
    }

    func testLoad_rejectsMalformedFiles() {
        XCTAssertThrowsError(try DefaultMappingContract.rows(csv: "id,target_table\n"))
        let header = DefaultMappingContract.rowsHeader.joined(separator: ",")
        XCTAssertThrowsError(try DefaultMappingContract.rows(csv: header + "\na,b,c,d,e,f,g,maybe,no,n\n")) { error in
            XCTAssertTrue("\(error)".contains("line 2"))
        }
        XCTAssertThrowsError(
            try DefaultMappingContract.tables(
                csv: "target_table,variant,source_table,row_filter,notes\na,b,c,where(x),\n"))
    }

    // MARK: - Helpers

    private func index(_ rows: [MappingRow], _ id: String) -> Int {
        rows.firstIndex { $0.id == id } ?? 0
    }

    /// Validates the default contract after `edit`; returns the problems (failing if there are none).
    private func problems(
        file: StaticString = #filePath, line: UInt = #line, _ edit: (inout [MappingRow]) -> Void
    ) throws -> [ContractProblem] {
        var rows = try DefaultMappingContract.load()
        edit(&rows)
        let target = try schema()
        do throws(ContractError) {
            try MappingContract.validate(rows, source: .mockPAS, target: target)
            XCTFail("the edited contract validated", file: file, line: line)
            return []
        } catch {
            return error.problems
        }
    }
}
