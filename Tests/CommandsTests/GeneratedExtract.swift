import Foundation
import XCTest

@testable import Commands

/// A generated extract read back for assertions (test support; small extracts only).
struct GeneratedExtract {
    /// Header and rows per table name.
    let headers: [String: [String]]
    let rows: [String: [[String]]]
    let tables: [GeneratedTable]
    let directory: URL

    static let referenceDate = Date(
        timeIntervalSince1970: Double(CivilDate.dayNumber(year: 2026, month: 11, day: 27)) * 86_400)

    /// Generates into a fresh temporary directory and reads every file back.
    static func generate(rows: Int, seed: UInt64, defectRate: Double) throws -> GeneratedExtract {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mockpas-\(rows)-\(seed)-\(defectRate)-\(UUID().uuidString)")
        let generator = MockPASGenerator(rows: rows, seed: seed, defectRate: defectRate, referenceDate: referenceDate)
        let tables = try generator.generate(into: directory)
        var headers: [String: [String]] = [:]
        var rowsByTable: [String: [[String]]] = [:]
        for table in tables {
            let text = try String(contentsOf: table.file, encoding: .utf8)
            let records = try ResourceCSVReader.records(in: text).map(\.fields)
            headers[table.name] = records.first ?? []
            rowsByTable[table.name] = Array(records.dropFirst())
        }
        return GeneratedExtract(headers: headers, rows: rowsByTable, tables: tables, directory: directory)
    }

    /// Values of one column of one table.
    func column(_ table: String, _ column: String) -> [String] {
        guard let index = headers[table]?.firstIndex(of: column) else { return [] }
        return (rows[table] ?? []).map { $0[index] }
    }

    /// Rows of a table as dictionaries (column name → value).
    func records(_ table: String) -> [[String: String]] {
        let header = headers[table] ?? []
        return (rows[table] ?? []).map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// Bytes of every file, by table name.
    func fileContents() throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for table in tables { contents[table.name] = try Data(contentsOf: table.file) }
        return contents
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
