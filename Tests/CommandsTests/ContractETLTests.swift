import Foundation
import Projections
import Synchronization
import XCTest

@testable import Commands

/// The ETL end to end on generated extracts: the brief's default run, integrity, conformance, determinism, errors.
final class ContractETLTests: XCTestCase {
    /// The brief's default: 20 patients, seed 42, defect rate 0.02, reference date 2026-01-15.
    private static let brief = Result { () throws -> (ETLFixture, ETLResult) in
        let fixture = try ETLFixture.generate(rows: 20, seed: 42, defectRate: 0.02)
        return (fixture, try fixture.run())
    }
    /// Enough patients for every trap and defect.
    private static let larger = Result { () throws -> (ETLFixture, ETLResult) in
        let fixture = try ETLFixture.generate(rows: 300, seed: 7, defectRate: 0.05)
        return (fixture, try fixture.run())
    }

    override class func tearDown() {
        (try? brief.get())?.0.remove()
        (try? larger.get())?.0.remove()
    }

    func testBriefDefaultRun_loadsTwentyPatientsWithACrosswalkRejectAndPasses() throws {
        let (fixture, result) = try Self.brief.get()
        let patients = try XCTUnwrap(result.tables.first { $0.table == "patient" })
        XCTAssertGreaterThanOrEqual(patients.loaded, 20)
        XCTAssertEqual(try fixture.table("patient").count, patients.loaded)
        XCTAssertGreaterThanOrEqual(result.rejectsByRule.filter { $0.key.hasPrefix("CW_") }.values.reduce(0, +), 1)
        XCTAssertTrue(result.conformancePassed, "\(result.conformanceViolations)")
        XCTAssertEqual(result.tables.count, 38)
        XCTAssertEqual(result.artifacts.count, 40)
        for url in result.artifacts {
            XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), url.path)
        }
        let report = try Data(contentsOf: fixture.reports.appendingPathComponent(ContractETL.reportFileName))
        let json = try JSONSerialization.jsonObject(with: report) as? [String: Any]
        XCTAssertEqual(json?["status"] as? String, "PASS")
        let tables = json?["tables"] as? [String: [String: Any]]
        XCTAssertEqual(tables?.count, 38)
        XCTAssertEqual(tables?["patient"]?["loaded"] as? Int, patients.loaded)
    }

    func testEveryTable_extractedEqualsLoadedPlusRejected_andSourcesBalance() throws {
        for (fixture, result) in [try Self.brief.get(), try Self.larger.get()] {
            for table in result.tables {
                XCTAssertEqual(table.extracted, table.loaded + table.rejected, table.table)
            }
            XCTAssertEqual(
                result.sources.count, SourceModel.mockPAS.tables.count + 1, "34 PAS tables and the code sets")
            for source in result.sources {
                XCTAssertTrue(source.balanced, source.sourceTable)
                if source.sourceTable != BuiltInSource.codeSetsName {
                    XCTAssertEqual(
                        source.extracted, try fixture.sourceTable(source.sourceTable).count, source.sourceTable)
                }
            }
            let xref = try XCTUnwrap(result.tables.first { $0.table == "migration_xref" })
            XCTAssertEqual(xref.loaded, result.loadedRows, "one provenance row per migrated row")
        }
    }

    func testReferentialIntegrity_overAll38Tables() throws {
        // An independent check (not the ETL's own checker): every key unique, every foreign key resolves.
        let (fixture, _) = try Self.larger.get()
        let schema = try EPRSchema.bundled().tables
        var keys: [String: Set<String>] = [:]
        var rows: [String: [[String: String]]] = [:]
        for table in schema {
            let records = try fixture.table(table.name)
            rows[table.name] = records
            let key = try XCTUnwrap(table.primaryKey.first)
            let values = records.map { $0[key] ?? "" }
            XCTAssertEqual(Set(values).count, values.count, "\(table.name) has duplicate keys")
            XCTAssertFalse(values.contains(""), "\(table.name) has an empty key")
            keys[table.name] = Set(values)
        }
        var checked = 0
        for table in schema {
            for column in table.columns {
                guard let parent = column.foreignKeyTable else { continue }
                for row in rows[table.name] ?? [] {
                    guard let value = row[column.name], !value.isEmpty else { continue }
                    XCTAssertTrue(keys[parent]?.contains(value) ?? false, "\(table.name).\(column.name)=\(value)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 5_000)
        let xrefKeys = Set(
            (rows["migration_xref"] ?? []).map { "\($0["target_table"] ?? "")|\($0["target_key"] ?? "")" })
        for table in schema where table.name != "migration_xref" {
            for row in rows[table.name] ?? [] {
                let key = "\(table.name)|\(row[table.primaryKey[0]] ?? "")"
                XCTAssertTrue(xrefKeys.contains(key), "no provenance for \(key)")
            }
        }
    }

    func testOutput_conformsToTheDDL() throws {
        let (fixture, result) = try Self.larger.get()
        XCTAssertTrue(result.conformancePassed, "\(result.conformanceViolations)")
        XCTAssertEqual(result.conformanceViolationCount, 0)
        for table in try EPRSchema.bundled().tables {
            let header = try CSVReader(url: fixture.target.appendingPathComponent("\(table.name).csv")).header
            XCTAssertEqual(header, table.columns.map(\.name), table.name)
        }
        let spell = try XCTUnwrap(try fixture.table("hospital_spell").first)
        XCTAssertNotNil(
            spell["admission_datetime"]?.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$"#, options: .regularExpression))
        XCTAssertTrue(
            try fixture.table("organisation").allSatisfy { $0["active"] == "true" || $0["active"] == "false" })
    }

    func testConformanceChecker_findsEveryKindOfViolation() throws {
        let (fixture, _) = try Self.brief.get()
        let copy = try fixture.copy()
        defer { copy.remove() }
        try ContractETL.run(try copy.inputs())
        let patients = copy.target.appendingPathComponent("patient.csv")
        var text = try String(contentsOf: patients, encoding: .utf8)
        let first = try XCTUnwrap(try copy.table("patient").first)
        text += "PAT-1,0000000000,01,H1,1990-02-30,,M,1,,,A,,,,false\n"
        text += "\(first["patient_id"] ?? ""),,01,H2,1990-01-01,,male,1,,,A,,,,false\n"
        try text.write(to: patients, atomically: true, encoding: .utf8)
        let addresses = copy.target.appendingPathComponent("patient_address.csv")
        try (String(contentsOf: addresses, encoding: .utf8) + "PADDR-X,PAT-404,home,1 Road,,,,,,,\n")
            .write(to: addresses, atomically: true, encoding: .utf8)
        let checker = TargetConformanceChecker(
            schema: try EPRSchema.bundled().tables, directory: copy.target, limit: 50,
            keyMemoryBudget: ContractETL.defaultKeyMemoryBudget)
        let outcome = try checker.check(expectedRows: [:])
        let all = outcome.violations.joined(separator: "\n")
        XCTAssertTrue(all.contains("TARGET_PATTERN"), all)
        XCTAssertTrue(all.contains("1990-02-30"), all)
        XCTAssertTrue(all.contains("\"M\" is not allowed in administrative_gender"), all)
        XCTAssertTrue(all.contains("duplicate primary key"), all)
        XCTAssertTrue(all.contains("patient_id = PAT-404 has no row in patient"), all)
        XCTAssertEqual(outcome.violationCount, 5)
    }

    func testSameInputsTwice_byteIdenticalApartFromTheRunID() throws {
        let (fixture, _) = try Self.brief.get()
        let first = try ContractETL.run(try fixture.inputs(runID: "run-A", folder: "twice-a"))
        let second = try ContractETL.run(try fixture.inputs(runID: "run-B", folder: "twice-b"))
        XCTAssertEqual(first.artifacts.count, second.artifacts.count)
        for (a, b) in zip(first.artifacts, second.artifacts) {
            XCTAssertEqual(a.lastPathComponent, b.lastPathComponent)
            var left = try String(contentsOf: a, encoding: .utf8)
            var right = try String(contentsOf: b, encoding: .utf8)
            if a.lastPathComponent == "migration_xref.csv" {
                XCTAssertNotEqual(left, right, "the run id differs")
                left = left.replacingOccurrences(of: ",run-A,", with: ",RUN,")
                right = right.replacingOccurrences(of: ",run-B,", with: ",RUN,")
            } else {
                left = left.replacingOccurrences(of: "run-A", with: "RUN")
                right = right.replacingOccurrences(of: "run-B", with: "RUN")
            }
            XCTAssertEqual(left, right, a.lastPathComponent)
        }
    }

    func testProgress_reportsEachSourceTable() throws {
        let (fixture, _) = try Self.brief.get()
        let seen = Mutex<[String: Int]>([:])
        try ContractETL.run(
            try fixture.inputs(folder: "progress") { table, rows in seen.withLock { $0[table] = rows } })
        let final = seen.withLock { $0 }
        XCTAssertEqual(final["PATIENT_MASTER"], try fixture.sourceTable("PATIENT_MASTER").count)
        XCTAssertEqual(final["CLINIC_SESSION"], try fixture.sourceTable("CLINIC_SESSION").count)
    }

    func testJSONReport_isSortedAndIndented() throws {
        let (fixture, _) = try Self.brief.get()
        let text = try String(
            contentsOf: fixture.reports.appendingPathComponent(ContractETL.reportFileName), encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("{\n  \"code_sets_version\": \"1.1.0\",\n  \"conformance\": {\n"))
        XCTAssertTrue(text.hasSuffix("}\n"))
    }
}
