import Foundation
import Projections
import XCTest

@testable import Commands

/// Bad input stops the ETL with an error naming the file, line, column or contract row, and publishes nothing.
final class ContractETLErrorTests: XCTestCase {
    private static let base = Result { try ETLFixture.generate(rows: 12, seed: 5, defectRate: 0) }

    override class func tearDown() {
        (try? base.get())?.remove()
    }

    private func fixture() throws -> ETLFixture {
        let copy = try Self.base.get().copy()
        addTeardownBlock { copy.remove() }
        return copy
    }

    /// Runs the ETL, expecting a `ContractETLError` with `code`; checks no target table or report was published.
    private func expectError(
        _ code: ContractETLError.Code, _ fixture: ETLFixture, contract: [MappingRow]? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        do {
            try ContractETL.run(try fixture.inputs(contract: contract))
            XCTFail("the ETL ran", file: file, line: line)
            return ""
        } catch let error as ContractETLError {
            XCTAssertEqual(error.code, code, error.message, file: file, line: line)
            let published = (try? FileManager.default.contentsOfDirectory(atPath: fixture.target.path)) ?? []
            XCTAssertEqual(published.filter { $0.hasSuffix(".csv") }, [], "half-written tables", file: file, line: line)
            let reports = (try? FileManager.default.contentsOfDirectory(atPath: fixture.reports.path)) ?? []
            XCTAssertEqual(reports, [], "reports", file: file, line: line)
            return error.message
        }
    }

    func testMissingSourceFile_namesThePath() throws {
        let fixture = try fixture()
        try FileManager.default.removeItem(at: fixture.source.appendingPathComponent("IP_SPELL.csv"))
        let message = try expectError(.sourceMissing, fixture)
        XCTAssertTrue(message.contains("IP_SPELL.csv is missing"), message)
    }

    func testMalformedSourceFile_namesFileLineAndColumn() throws {
        let fixture = try fixture()
        let url = fixture.source.appendingPathComponent("REFERRAL.csv")
        var text = try String(contentsOf: url, encoding: .utf8)
        text += "999,100001,2024-01-01,\"unterminated\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        let message = try expectError(.sourceMalformed, fixture)
        XCTAssertTrue(message.contains("REFERRAL.csv:"), message)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        XCTAssertTrue(message.contains(":\(lines):"), "line \(lines) in \(message)")
    }

    func testShortRow_isAnErrorNotAReject() throws {
        let fixture = try fixture()
        let url = fixture.source.appendingPathComponent("WARD.csv")
        try (String(contentsOf: url, encoding: .utf8) + "W99,R9Z01\n").write(to: url, atomically: true, encoding: .utf8)
        let message = try expectError(.sourceMalformed, fixture)
        XCTAssertTrue(message.contains("WARD.csv:15:"), message)
    }

    func testUnknownOrMissingColumn_namesTheColumn() throws {
        let fixture = try fixture()
        let url = fixture.source.appendingPathComponent("PATIENT_ALLERGY.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "ALLERGEN,", with: "SUBSTANCE,").write(
            to: url, atomically: true, encoding: .utf8)
        let message = try expectError(.sourceColumns, fixture)
        XCTAssertTrue(message.contains("unknown column SUBSTANCE"), message)
        XCTAssertTrue(message.contains("PATIENT_ALLERGY.csv:1:3"), message)
    }

    func testInvalidContract_isRefusedNamingTheRow() throws {
        let fixture = try fixture()
        var rows = try DefaultMappingContract.load()
        let index = try XCTUnwrap(rows.firstIndex { $0.id == "hospital_spell.discharge_method" })
        rows[index].transform = "crosswalk(DISCHARGE_METHOD)"
        let message = try expectError(.contractInvalid, fixture, contract: rows)
        XCTAssertTrue(message.contains("hospital_spell.discharge_method"), message)
    }

    func testContractMissingARequiredColumn_isRefused() throws {
        let fixture = try fixture()
        var rows = try DefaultMappingContract.load()
        let index = try XCTUnwrap(rows.firstIndex { $0.id == "patient.birth_date" })
        rows[index].status = .rejected
        let message = try expectError(.contractIncomplete, fixture, contract: rows)
        XCTAssertTrue(message.contains("patient.birth_date"), message)
    }

    func testFailedRun_leavesThePreviousOutputInPlace() throws {
        let fixture = try fixture()
        try ContractETL.run(try fixture.inputs(runID: "good"))
        let before = try Data(contentsOf: fixture.target.appendingPathComponent("patient.csv"))
        try FileManager.default.removeItem(at: fixture.source.appendingPathComponent("PROCEDURE.csv"))
        XCTAssertThrowsError(try ContractETL.run(try fixture.inputs(runID: "bad")))
        XCTAssertEqual(try Data(contentsOf: fixture.target.appendingPathComponent("patient.csv")), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.target.path)
            .filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testTheLedgersContract_isTheOneRun() throws {
        let fixture = try fixture()
        var rows = try DefaultMappingContract.load()
        let sensitive = try XCTUnwrap(rows.firstIndex { $0.id == "patient.sensitive_record" })
        rows[sensitive].transform = "constant(true)"
        let language = try XCTUnwrap(rows.firstIndex { $0.id == "patient_name.prefix" })
        rows[language].status = .rejected
        try ContractETL.run(try fixture.inputs(contract: rows))
        let patients = try fixture.table("patient")
        XCTAssertFalse(patients.isEmpty)
        XCTAssertTrue(patients.allSatisfy { $0["sensitive_record"] == "true" })
        XCTAssertTrue(try fixture.table("patient_name").allSatisfy { $0["prefix"] == "" }, "rejected row not run")
    }
}
