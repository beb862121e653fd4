import Foundation
import XCTest

@testable import Commands

/// What is inside the extract: shape, keys, codes, traps and defects.
final class MockPASContentTests: XCTestCase {
    private static let clean = Result { try GeneratedExtract.generate(rows: 400, seed: 11, defectRate: 0) }
    private static let defective = Result { try GeneratedExtract.generate(rows: 400, seed: 11, defectRate: 0.05) }

    override class func tearDown() {
        (try? clean.get())?.remove()
        (try? defective.get())?.remove()
    }

    func testEveryColumnMatchesSourceModel() throws {
        for extract in [try Self.clean.get(), try Self.defective.get()] {
            let catalog = try CodeSetCatalog.bundled()
            for table in SourceModel.mockPAS.tables {
                XCTAssertEqual(extract.headers[table.name], table.columns.map(\.name), table.name)
                var keys = Set<[String]>()
                let keyIndexes = table.columns.indices.filter { table.columns[$0].primaryKey }
                for row in extract.rows[table.name] ?? [] {
                    XCTAssertEqual(row.count, table.columns.count, table.name)
                    guard row.count == table.columns.count else { continue }
                    XCTAssertTrue(keys.insert(keyIndexes.map { row[$0] }).inserted, "\(table.name) duplicate key")
                    for (column, value) in zip(table.columns, row) {
                        let at = "\(table.name).\(column.name)=\(value)"
                        if value.isEmpty {
                            XCTAssertTrue(column.nullable, "\(at) is empty")
                            continue
                        }
                        XCTAssertTrue(Self.matches(value, column.type), "\(at) is not \(column.type)")
                        if let codeSet = column.codeSet, extract.directory == (try Self.clean.get()).directory {
                            XCTAssertTrue(catalog.isValid(code: value, in: codeSet, asTarget: false), at)
                        }
                    }
                }
            }
        }
    }

    func testCleanOutput_everyForeignKeyResolves() throws {
        let extract = try Self.clean.get()
        var checked = 0
        for table in SourceModel.mockPAS.tables {
            for column in table.columns {
                guard let target = column.foreignKey else { continue }
                let parts = target.split(separator: ".").map(String.init)
                let parents = Set(extract.column(parts[0], parts[1]))
                for value in extract.column(table.name, column.name) where !value.isEmpty {
                    XCTAssertTrue(parents.contains(value), "\(table.name).\(column.name)=\(value) → \(target)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
    }

    func testCleanOutput_nhsNumbersValidUniqueAndInTestRange() throws {
        let numbers = try Self.clean.get().column("PATIENT_MASTER", "NHS_NO")
        XCTAssertEqual(numbers.count, 400)
        for number in numbers {
            XCTAssertTrue(number.hasPrefix("999"), number)
            XCTAssertTrue(NHSNumber.validate(number).isValid, number)
        }
        XCTAssertEqual(Set(numbers).count, numbers.count)
    }

    func testCleanOutput_hasNoTimelineDefects() throws {
        let extract = try Self.clean.get()
        for spell in extract.records("IP_SPELL") {
            guard let discharge = spell["DISCH_DATETIME"], !discharge.isEmpty else { continue }
            XCTAssertGreaterThanOrEqual(discharge, spell["ADMIT_DATETIME"] ?? "", spell["SPELL_ID"] ?? "")
        }
        XCTAssertEqual(try Self.futureAppointmentsOfDeceased(extract), 0)
    }

    func testCleanOutput_containsEveryPlannedTrapAndTheCrosswalkRejectsThem() throws {
        let extract = try Self.clean.get()
        let crosswalk = try Crosswalk.bundled()
        let dischargeMethods = extract.column("IP_SPELL", "DISCH_METHOD")
        let admissionMethods = extract.column("IP_SPELL", "ADMIT_METHOD")
        let genderIdentities = extract.column("PATIENT_MASTER", "GENDER_IDENTITY")
        XCTAssertTrue(dischargeMethods.contains("2"))
        XCTAssertTrue(admissionMethods.contains("28"))
        XCTAssertTrue(["3", "4", "Z"].allSatisfy(genderIdentities.contains))
        XCTAssertTrue(extract.column("PATIENT_MASTER", "MARITAL").contains("UNK"))
        for method in dischargeMethods where method == "2" {
            XCTAssertNil(crosswalk.translate(method, from: "DISCHARGE_METHOD", to: "DISCHARGE_METHOD").mappedCode)
        }
        // Planned at one patient in 25, not left to chance: 400 patients carry 16 traps.
        XCTAssertEqual(admissionMethods.filter { $0 == "28" }.count, 3)
    }

    func testDefects_everyKindAppears() throws {
        let extract = try Self.defective.get()
        let numbers = extract.column("PATIENT_MASTER", "NHS_NO")
        XCTAssertEqual(numbers.count, 400 + 9, "20 defects, 9 of them extra patients")
        XCTAssertTrue(numbers.contains("0000000000"), "placeholder")
        XCTAssertTrue(
            numbers.contains { NHSNumber.validate($0).rule == "NHS_NUMBER_CHECK_DIGIT_MISMATCH" }, "bad check digit")
        XCTAssertLessThan(Set(numbers).count, numbers.count, "duplicate NHS number")
        XCTAssertTrue(extract.column("IP_SPELL", "ADMIT_METHOD").contains("27"), "unknown admission method")
        XCTAssertTrue(extract.column("IP_SPELL", "DISCH_DEST").contains("00"), "unknown discharge destination")
        XCTAssertTrue(
            extract.records("IP_SPELL").contains {
                !($0["DISCH_DATETIME"] ?? "").isEmpty && $0["DISCH_DATETIME"] ?? "" < $0["ADMIT_DATETIME"] ?? ""
            }, "discharge before admission")
        XCTAssertGreaterThan(try Self.futureAppointmentsOfDeceased(extract), 0)
        let patients = Set(extract.column("PATIENT_MASTER", "INTERNAL_NO"))
        let spells = Set(extract.column("IP_SPELL", "SPELL_ID"))
        XCTAssertTrue(extract.column("PATIENT_ADDRESS", "INTERNAL_NO").contains { !patients.contains($0) }, "orphan")
        XCTAssertTrue(extract.column("CONSULTANT_EPISODE", "SPELL_ID").contains { !spells.contains($0) }, "orphan")
    }

    func testRows20Seed42_hasATrapAndTwentyMigratablePatients() throws {
        let extract = try GeneratedExtract.generate(rows: 20, seed: 42, defectRate: 0.02)
        defer { extract.remove() }
        let crosswalk = try Crosswalk.bundled()
        var rejectable = 0
        for (column, codeSet) in [("DISCH_METHOD", "DISCHARGE_METHOD"), ("ADMIT_METHOD", "ADMISSION_METHOD")] {
            for value in extract.column("IP_SPELL", column) where !value.isEmpty {
                if crosswalk.translate(value, from: codeSet, to: codeSet).mappedCode == nil { rejectable += 1 }
            }
        }
        XCTAssertGreaterThanOrEqual(rejectable, 1)
        var seen = Set<String>()
        let migratable = extract.records("PATIENT_MASTER").filter { patient in
            let number = patient["NHS_NO"] ?? ""
            let sex = crosswalk.translate(
                patient["SEX"] ?? "", from: "PERSON_GENDER_CODE_LEGACY", to: "PERSON_STATED_GENDER_CODE")
            let ethnic = crosswalk.translate(
                patient["ETHNIC"] ?? "", from: "ETHNIC_CATEGORY_2001", to: "ETHNIC_CATEGORY_2001")
            return NHSNumber.validate(number).isValid && seen.insert(number).inserted && sex.mappedCode != nil
                && ethnic.mappedCode != nil
        }
        XCTAssertGreaterThanOrEqual(migratable.count, 20)
    }

    private static func futureAppointmentsOfDeceased(_ extract: GeneratedExtract) throws -> Int {
        let deceased = Set(
            extract.records("PATIENT_MASTER").filter { !($0["DOD"] ?? "").isEmpty }.map { $0["INTERNAL_NO"] ?? "" })
        return extract.records("OP_APPOINTMENT").filter {
            deceased.contains($0["INTERNAL_NO"] ?? "") && ($0["APPT_DATETIME"] ?? "") > "2026-11-28"
        }.count
    }

    private static func matches(_ value: String, _ type: SourceColumnType) -> Bool {
        func digits(_ text: Substring) -> Bool { !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }
        switch type {
        case .string, .code:
            return true
        case .integer:
            return Int(value) != nil
        case .decimal:
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 2 && digits(parts[0]) && digits(parts[1])
        case .date:
            return isDate(Substring(value))
        case .datetime:
            let parts = value.split(separator: " ")
            guard parts.count == 2, isDate(parts[0]) else { return false }
            let time = parts[1].split(separator: ":")
            return time.count == 3 && time.allSatisfy { $0.count == 2 && digits($0) } && Int(time[0]) ?? 99 < 24
                && Int(time[1]) ?? 99 < 60
        }
    }

    private static func isDate(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        let number = CivilDate.dayNumber(year: year, month: month, day: day)
        return CivilDate.components(ofDay: number) == (year, month, day)
    }
}
