import Foundation
import Projections
import XCTest

@testable import Commands

/// Data safety through the ETL: crosswalk traps rejected and never coerced, invalid NHS numbers rejecting the
/// patient and everything recorded about them, non-critical failures nulled and reported.
final class ContractETLTrapTests: XCTestCase {
    /// 150 patients carry six planned traps, one of each kind (dealt round-robin), and 15 defects (two of each).
    private static let traps = Result { () throws -> (ETLFixture, ETLResult) in
        let fixture = try ETLFixture.generate(rows: 150, seed: 3, defectRate: 0.1)
        return (fixture, try fixture.run())
    }

    override class func tearDown() {
        (try? traps.get())?.0.remove()
    }

    /// Where each trap's source code set lives in the PAS, and the target table the record would have become.
    private static let trapColumns: [String: (table: String, column: String, target: String)] = [
        "DISCHARGE_METHOD_RETIRED": ("IP_SPELL", "DISCH_METHOD", "hospital_spell"),
        "ADMISSION_METHOD": ("IP_SPELL", "ADMIT_METHOD", "hospital_spell"),
        "GENDER_IDENTITY_CODE": ("PATIENT_MASTER", "GENDER_IDENTITY", "patient"),
        "HL7_V3_MARITAL_STATUS": ("PATIENT_MASTER", "MARITAL", "patient"),
    ]

    func testEveryCrosswalkTrapInTheReference_isRejectedNeverCoerced() throws {
        let (fixture, _) = try Self.traps.get()
        let notes = try Self.referenceTraps()
        XCTAssertEqual(notes.count, 6, "2 one-to-many, 3 no published map, 1 questionable")
        let rejects = try fixture.rejects()
        let xref = try fixture.table("migration_xref")
        for trap in notes {
            let place = try XCTUnwrap(Self.trapColumns[trap.codeSet], trap.codeSet)
            let source = try fixture.sourceTable(place.table)
            let keyColumn = place.table == "IP_SPELL" ? "SPELL_ID" : "INTERNAL_NO"
            let carriers = source.filter { $0[place.column] == trap.code }.compactMap { $0[keyColumn] }
            XCTAssertFalse(carriers.isEmpty, "the extract has no \(trap.codeSet) \(trap.code) to test")
            for key in carriers {
                let reject = rejects.first {
                    $0["source_table"] == place.table && $0["source_key"] == key && $0["field"] == place.column
                        && $0["target_table"] == place.target
                }
                XCTAssertEqual(reject?["raw_value"], trap.code, "\(trap.codeSet) \(trap.code) on \(place.table) \(key)")
                let rule = reject?["rule"] ?? ""
                XCTAssertTrue(rule.hasPrefix("CW_") && !rule.hasSuffix("_NULLED"), "\(trap.code): \(rule)")
                XCTAssertFalse(
                    xref.contains {
                        $0["source_table"] == place.table && $0["source_key"] == key
                            && $0["target_table"] == place.target
                    },
                    "\(place.table) \(key) carrying \(trap.code) was migrated")
            }
        }
        // Nothing retired or unpublished reached the target under any spelling.
        let spells = try fixture.table("hospital_spell")
        XCTAssertFalse(spells.contains { $0["discharge_method"] == "2" || $0["admission_method"] == "28" })
    }

    func testInvalidNHSNumbers_rejectThePatientAndEverythingRecordedAboutThem() throws {
        let (base, _) = try Self.traps.get()
        let fixture = try base.copy()
        defer { fixture.remove() }
        // Give the patient with the most spells a placeholder, and another a wrong check digit.
        let spells = try fixture.sourceTable("IP_SPELL")
        let counts = Dictionary(grouping: spells, by: { $0["INTERNAL_NO"] ?? "" }).mapValues(\.count)
        let busy = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        let (placeholder, badDigit) = (busy[0], busy[1])
        try fixture.editSource("PATIENT_MASTER") { row in
            if row["INTERNAL_NO"] == placeholder { row["NHS_NO"] = "0000000000" }
            if row["INTERNAL_NO"] == badDigit { row["NHS_NO"] = "9434765918" }
        }
        let result = try ContractETL.run(try fixture.inputs())
        XCTAssertTrue(result.conformancePassed)
        let rejects = try fixture.rejects()
        for (patient, rule) in [(placeholder, "NHS_NUMBER_PLACEHOLDER"), (badDigit, "NHS_NUMBER_CHECK_DIGIT_MISMATCH")]
        {
            XCTAssertTrue(
                rejects.contains {
                    $0["source_table"] == "PATIENT_MASTER" && $0["source_key"] == patient && $0["rule"] == rule
                        && $0["target_table"] == "patient"
                }, rule)
            let descendants = try Self.descendants(of: patient, in: fixture)
            XCTAssertGreaterThan(descendants.count, 3, "the patient should have a spell, episodes, codes")
            for (table, key) in descendants {
                let reject = rejects.first { $0["source_table"] == table && $0["source_key"] == key }
                XCTAssertEqual(reject?["rule"], "PARENT_REJECTED", "\(table) \(key)")
                XCTAssertTrue(
                    reject?["reason"]?.contains("PATIENT_MASTER \(patient) rejected: \(rule) on NHS_NO") ?? false,
                    "\(table) \(key): \(reject?["reason"] ?? "no reject")")
            }
            for table in try EPRSchema.bundled().tables where table.column(named: "patient_id") != nil {
                XCTAssertFalse(
                    try fixture.table(table.name).contains { $0["patient_id"] == "PAT-\(patient)" },
                    "\(table.name) holds a row of rejected patient \(patient)")
            }
        }
    }

    func testOrphans_areRejectedPointingToTheMissingParent() throws {
        let (fixture, _) = try Self.traps.get()
        let patients = Set(try fixture.sourceTable("PATIENT_MASTER").compactMap { $0["INTERNAL_NO"] })
        let orphans = try fixture.sourceTable("PATIENT_ADDRESS").filter { !patients.contains($0["INTERNAL_NO"] ?? "") }
        XCTAssertFalse(orphans.isEmpty, "the defect plan should include an orphan address")
        let rejects = try fixture.rejects()
        for orphan in orphans {
            let reject = rejects.first {
                $0["source_table"] == "PATIENT_ADDRESS" && $0["source_key"] == orphan["ADDRESS_ID"]
            }
            XCTAssertEqual(reject?["rule"], "PARENT_MISSING")
            XCTAssertEqual(
                reject?["reason"],
                "parent PATIENT_MASTER \(orphan["INTERNAL_NO"] ?? "") is not in the extract (orphan reference)")
        }
    }

    func testNonCriticalUnknownCode_isNulledAndReported_criticalOneRejects() throws {
        let (fixture, _) = try Self.traps.get()
        let source = try fixture.sourceTable("IP_SPELL")
        let rejects = try fixture.rejects()
        let spells = try fixture.table("hospital_spell")
        let nulled = source.filter { $0["DISCH_DEST"] == "00" }
        let rejected = source.filter { $0["ADMIT_METHOD"] == "27" }
        XCTAssertFalse(nulled.isEmpty && rejected.isEmpty, "the defect plan should include an unknown code")
        for spell in nulled {
            let id = spell["SPELL_ID"] ?? ""
            let row = spells.first { $0["hospital_spell_id"] == "SPELL-\(id)" }
            XCTAssertEqual(row?["discharge_destination"], "", "written as NULL")
            let reject = rejects.first { $0["source_table"] == "IP_SPELL" && $0["source_key"] == id }
            XCTAssertEqual(reject?["rule"], "CW_UNKNOWN_CODE_NULLED")
            XCTAssertTrue(reject?["reason"]?.hasPrefix("non-blocking:") ?? false)
        }
        for spell in rejected {
            let id = spell["SPELL_ID"] ?? ""
            XCTAssertFalse(spells.contains { $0["hospital_spell_id"] == "SPELL-\(id)" })
            XCTAssertTrue(try fixture.rejects().contains { $0["source_key"] == id && $0["rule"] == "CW_UNKNOWN_CODE" })
        }
    }

    func testRejectsFile_neutralisesFormulasForSpreadsheets() throws {
        let (base, _) = try Self.traps.get()
        let fixture = try base.copy()
        defer { fixture.remove() }
        try fixture.editSource("PATIENT_ALLERGY") { row in
            if row["ALLERGY_ID"] == "1" { row["ALLERGY_STATUS"] = "=HYPERLINK(\"http://x\")" }
        }
        try ContractETL.run(try fixture.inputs())
        let text = try String(
            contentsOf: fixture.reports.appendingPathComponent(ContractETL.rejectsFileName), encoding: .utf8)
        XCTAssertTrue(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "formula cell must start with '")
        XCTAssertEqual(
            try fixture.rejects().first { $0["source_table"] == "PATIENT_ALLERGY" && $0["source_key"] == "1" }?["rule"],
            "MAP_UNLISTED_VALUE")
    }

    // MARK: - Helpers

    /// The reference's rows that must be rejected: one-to-many with NO AUTO MAP, no published map, questionable.
    private static func referenceTraps() throws -> [(codeSet: String, code: String)] {
        let url = try XCTUnwrap(
            Bundle.module.url(
                forResource: "nhs-crosswalk-notes", withExtension: "csv", subdirectory: "Fixtures/reference"))
        return try ETLFixture.records(url).compactMap { row in
            let relationship = row["relationship"] ?? ""
            let trap = ["NO AUTO MAP", "no published map", "QUESTIONABLE"].contains { relationship.contains($0) }
            guard trap, let codeSet = row["source_code_set"], let code = row["source_code"] else { return nil }
            return (codeSet, code)
        }
    }

    /// Every source row that depends on the patient through the source model's foreign keys, as (table, key).
    private static func descendants(of patient: String, in fixture: ETLFixture) throws -> [(String, String)] {
        var reached: [String: Set<String>] = ["PATIENT_MASTER": [patient]]
        var found: [(String, String)] = []
        for table in SourceModel.mockPAS.tables where table.name != "PATIENT_MASTER" {
            guard let key = table.primaryKey.first else { continue }
            let references = table.columns.compactMap { column in
                column.foreignKey.map { (column.name, String($0.prefix { $0 != "." })) }
            }
            guard !references.isEmpty else { continue }
            for row in try fixture.sourceTable(table.name) {
                let linked = references.contains { column, parent in
                    reached[parent]?.contains(row[column] ?? "") ?? false
                }
                if linked, let value = row[key] {
                    reached[table.name, default: []].insert(value)
                    found.append((table.name, value))
                }
            }
        }
        return found
    }
}
