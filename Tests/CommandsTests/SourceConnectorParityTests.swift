import Foundation
import XCTest

@testable import Commands

/// The same mock PAS through csv, cache_iris_emulator and postgres_emulator, and bad input through each.
final class SourceConnectorParityTests: XCTestCase {
    private var folder: URL!
    /// The three formats, generated once for the class; each test works on its own copy.
    nonisolated(unsafe) private static var sources: URL?

    override class func setUp() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("connectors-\(UUID().uuidString)")
        let generator = MockPASGenerator(
            rows: 12, seed: 7, defectRate: 0.2, referenceDate: GeneratedExtract.referenceDate)
        do {
            _ = try generator.generate(into: base.appendingPathComponent("csv"))
            let export = MockPASSourceExport(csvDirectory: base.appendingPathComponent("csv"))
            try export.writeGlobals(into: base.appendingPathComponent("cache"))
            try export.writeDump(to: base.appendingPathComponent("postgres/pas_dump.sql"))
            sources = base
        } catch {
            sources = nil
        }
    }

    override class func tearDown() {
        if let sources { try? FileManager.default.removeItem(at: sources) }
    }

    override func setUpWithError() throws {
        let sources = try XCTUnwrap(Self.sources, "the mock PAS could not be generated")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("connectors-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: sources, to: folder)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func connector(_ name: String) throws -> any SourceConnector {
        let settings =
            switch name {
            case "csv": ["directory": folder.appendingPathComponent("csv").path]
            case "cache_iris_emulator": ["directory": folder.appendingPathComponent("cache").path]
            default: ["dump_file": folder.appendingPathComponent("postgres/pas_dump.sql").path]
            }
        return try ConnectorRegistry.standard.connector(named: name, settings: settings)
    }

    private func files(in directory: URL) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            contents[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return contents
    }

    func testParity_sameRowsCountsAndBytesThroughEveryConnector() throws {
        let original = try files(in: folder.appendingPathComponent("csv"))
        var staged: [String: [String: Data]] = [:]
        var counts: [String: [String: Int]] = [:]
        for name in ["csv", "cache_iris_emulator", "postgres_emulator"] {
            let destination = folder.appendingPathComponent("staged-\(name)")
            let tables = try SourceExtract(connector: try connector(name), model: .mockPAS).run(into: destination)
            XCTAssertEqual(tables.map(\.name), SourceModel.mockPAS.tables.map(\.name))
            staged[name] = try files(in: destination)
            counts[name] = Dictionary(
                uniqueKeysWithValues: try connector(name).discover().map { ($0.name.uppercased(), $0.rows) })
        }
        XCTAssertEqual(staged["csv"], original, "csv re-stages the generator's bytes unchanged")
        XCTAssertEqual(staged["cache_iris_emulator"], original)
        XCTAssertEqual(staged["postgres_emulator"], original)
        XCTAssertEqual(counts["cache_iris_emulator"], counts["csv"])
        XCTAssertEqual(counts["postgres_emulator"], counts["csv"])
        XCTAssertGreaterThan(counts["csv"]?["PATIENT_MASTER"] ?? 0, 12)
    }

    func testParity_emptyFieldIsNullInTheDumpAndAnEmptyPieceInTheGlobal() throws {
        let dump = try String(contentsOf: folder.appendingPathComponent("postgres/pas_dump.sql"), encoding: .utf8)
        XCTAssertTrue(dump.contains("\t\\N\t"), "NULLs are written as \\N")
        XCTAssertFalse(dump.contains("\t\t"), "the generator never writes an empty string, only NULL")
        let globals = try String(
            contentsOf: folder.appendingPathComponent("cache/PATIENT_MASTER.zwr"), encoding: .utf8)
        XCTAssertTrue(globals.contains("^^"), "an empty piece between two delimiters")
        let preview = try connector("postgres_emulator").preview(table: "PATIENT_MASTER", limit: 50)
        let dod = try XCTUnwrap(preview.columns.firstIndex(of: "dod"))
        XCTAssertTrue(preview.rows.contains { $0[dod].isEmpty })
    }

    func testDump_hasPgDumpsStructure() throws {
        let dump = try String(contentsOf: folder.appendingPathComponent("postgres/pas_dump.sql"), encoding: .utf8)
        for text in [
            "SET standard_conforming_strings = on;", "CREATE TABLE public.patient_master (",
            "    internal_no integer NOT NULL,", "COPY public.patient_master (internal_no, hospital_no",
            "ALTER TABLE ONLY public.patient_master\n    ADD CONSTRAINT patient_master_pkey PRIMARY KEY (internal_no);",
            "-- PostgreSQL database dump complete",
        ] {
            XCTAssertTrue(dump.contains(text), text)
        }
        let tables = try connector("postgres_emulator").discover()
        XCTAssertEqual(tables.count, 34)
        XCTAssertEqual(tables.first { $0.name == "patient_master" }?.primaryKey, ["internal_no"])
    }

    /// Damages one source file, extracts over a previous good extract, and checks the error and that nothing moved.
    private func assertRejected(
        _ name: String, file: String, damage: (String) -> String, message: String, position: (Int, Int)?,
        line: UInt = #line
    ) throws {
        let target = folder.appendingPathComponent("target")
        _ = try SourceExtract(connector: try connector("csv"), model: .mockPAS).run(into: target)
        let before = try files(in: target)
        let path = folder.appendingPathComponent(file)
        let text = try String(contentsOf: path, encoding: .utf8)
        try damage(text).write(to: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(
            try SourceExtract(connector: try connector(name), model: .mockPAS).run(into: target), line: line
        ) { error in
            let error = error as? ConnectorError
            XCTAssertTrue(error?.description.contains(message) == true, "\(String(describing: error))", line: line)
            if let (row, column) = position {
                XCTAssertEqual(error?.file, path.path, line: line)
                XCTAssertEqual(error?.line, row, line: line)
                XCTAssertEqual(error?.column, column, line: line)
            }
        }
        XCTAssertEqual(try files(in: target), before, "the previous extract is untouched", line: line)
    }

    func testBadInput_malformedZWRITELine() throws {
        try assertRejected(
            "cache_iris_emulator", file: "cache/WARD.zwr",
            damage: { text in
                var lines = text.split(separator: "\n").map(String.init)
                lines[2] = #"^WARD("W99")="Ward^"_$C(9"#
                return lines.joined(separator: "\n") + "\n"
            }, message: "expected , or ) in $C", position: (3, 26))
    }

    func testBadInput_malformedCopyEscape() throws {
        let dump = try String(contentsOf: folder.appendingPathComponent("postgres/pas_dump.sql"), encoding: .utf8)
        let lines = dump.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("COPY public.ward ") })
        try assertRejected(
            "postgres_emulator", file: "postgres/pas_dump.sql",
            damage: { text in
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                lines[header + 1] = "W77\tR9Z01\tBad \\q ward\tMEDICAL\t20"
                return lines.joined(separator: "\n")
            }, message: "unknown escape \\q", position: (header + 2, 15))
    }

    func testBadInput_raggedCSV() throws {
        try assertRejected(
            "csv", file: "csv/WARD.csv", damage: { $0 + "W88,R9Z01,Extra ward\n" },
            message: "field", position: nil)
    }

    func testBadInput_unknownTable() throws {
        for name in ["csv", "cache_iris_emulator", "postgres_emulator"] {
            XCTAssertThrowsError(try connector(name).read(table: "NO_SUCH_TABLE") { _ in }, name) { error in
                XCTAssertEqual((error as? ConnectorError)?.code, .unknownTable, "\(error)")
                XCTAssertTrue("\(error)".contains("NO_SUCH_TABLE"), "\(error)")
            }
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("cache/WARD.zwr"))
        XCTAssertThrowsError(try connector("cache_iris_emulator").read(table: "WARD") { _ in }) { error in
            XCTAssertTrue("\(error)".contains("WARD.zwr is missing"), "\(error)")
        }
    }

    func testPostgresEmulator_readsARealServersDump() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/pgdump/pas_dump_pg15", withExtension: "sql"))
        let connector = try ConnectorRegistry.standard.connector(
            named: "postgres_emulator", settings: ["dump_file": url.path])
        let alerts = try connector.preview(table: "PATIENT_ALERT", limit: 10)
        XCTAssertEqual(alerts.columns.first, "alert_id")
        let text = try XCTUnwrap(alerts.rows.first { $0[0] == "1" }?[3])
        XCTAssertEqual(text, "Back\\slash\ttab\nnewline \"quoted\" café bell\u{7} cr\r")
        let patients = try connector.preview(table: "patient_master", limit: 10)
        XCTAssertEqual(patients.rows.count, 4)
        let title = try XCTUnwrap(patients.columns.firstIndex(of: "title"))
        // 100002's title is NULL (\N), 100001's the empty string: both read as the empty field.
        XCTAssertEqual(patients.rows.map { $0[title] }, ["", "Ms", "Mrs", ""])
        XCTAssertTrue(try connector.check().ok)
    }
}
