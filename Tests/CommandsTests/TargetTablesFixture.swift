import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// A folder of the 38 target tables for quality tests, built from the bundled DDL.
///
/// `addBase()` puts one valid row in every table, keyed `<table>-1`, with every required column filled by a valid
/// default and every required foreign key pointing at the parent's `-1` row, so the base alone has no issues. A
/// test then adds or overrides the few values its rule is about.
final class TargetTablesFixture {
    static let referenceDate = "2025-06-01"

    let root: URL
    let targetDirectory: URL
    let reportsDirectory: URL
    let schema: [TableSchema]
    private(set) var rows: [String: [[String: String]]] = [:]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quality-\(UUID().uuidString)")
        targetDirectory = root.appendingPathComponent("target_contract", isDirectory: true)
        reportsDirectory = root.appendingPathComponent("reports", isDirectory: true)
        try FileManager.default.createDirectory(at: targetDirectory, withIntermediateDirectories: true)
        schema = try EPRSchema.bundled().tables
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func table(_ name: String) -> TableSchema {
        schema.first { $0.name == name } ?? TableSchema(name: name, columns: [])
    }

    /// One valid row of every table.
    func addBase() {
        for table in schema {
            add(table.name, [:])
        }
    }

    /// Adds a row: `values` plus valid defaults for the required columns it leaves out. The key defaults to
    /// `<table>-1`.
    func add(_ name: String, _ values: [String: String]) {
        var row: [String: String] = [:]
        for column in table(name).columns {
            if let value = values[column.name] {
                row[column.name] = value
            } else if column.primaryKey {
                row[column.name] = "\(name)-1"
            } else if !column.nullable {
                row[column.name] = Self.defaultValue(for: column)
            }
        }
        rows[name, default: []].append(row)
    }

    /// Changes `column` of the row keyed `key`.
    func set(_ name: String, key: String, _ values: [String: String]) {
        guard let primary = table(name).primaryKey.first,
            let index = rows[name]?.firstIndex(where: { $0[primary] == key })
        else {
            XCTFail("no \(name) row \(key)")
            return
        }
        for (column, value) in values {
            rows[name]?[index][column] = value
        }
    }

    /// Writes every table's file (header only for tables without rows).
    func write() throws {
        for table in schema {
            let writer = try CSVWriter(
                url: targetDirectory.appendingPathComponent("\(table.name).csv"), header: table.columns.map(\.name))
            for row in rows[table.name] ?? [] {
                try writer.write(table.columns.map { row[$0.name] ?? "" })
            }
            try writer.commit()
        }
    }

    func inputs(
        minPatients: Int = 1, reconciliation: [ReconciliationCount]? = nil, runID: String = "run-test"
    ) -> QualityInputs {
        let loaded = rows.values.reduce(0) { $0 + $1.count }
        return QualityInputs(
            targetDirectory: targetDirectory, schema: schema,
            reconciliation: reconciliation
                ?? [ReconciliationCount(sourceTable: "PATIENT_MASTER", extracted: loaded, loaded: loaded, rejected: 0)],
            minPatients: minPatients, referenceDate: Self.referenceDate, runID: runID,
            reportsDirectory: reportsDirectory)
    }

    /// Writes the tables and runs the quality step.
    func run(minPatients: Int = 1, reconciliation: [ReconciliationCount]? = nil) throws -> QualityResult {
        try write()
        return try QualityEngine.run(inputs(minPatients: minPatients, reconciliation: reconciliation))
    }

    /// The rows of an issue file as dictionaries.
    func issues(_ kind: QualityIssueKind) throws -> [[String: String]] {
        let file = kind == .contract ? QualityEngine.contractIssuesFile : QualityEngine.enterpriseIssuesFile
        let reader = try CSVReader(url: reportsDirectory.appendingPathComponent(file))
        XCTAssertEqual(reader.header, QualityIssue.csvHeader)
        var result: [[String: String]] = []
        try reader.forEachRow { row in
            result.append(Dictionary(uniqueKeysWithValues: zip(reader.header, row)))
        }
        return result
    }

    /// The parsed pipeline report.
    func report() throws -> JSONValue {
        let data = try Data(contentsOf: reportsDirectory.appendingPathComponent(QualityEngine.reportFile))
        return try JSONValue(parsing: [UInt8](data))
    }

    static func defaultValue(for column: ColumnSchema) -> String {
        if let target = column.foreignKeyTable {
            return "\(target)-1"
        }
        if let first = column.allowedValues?.first {
            return first
        }
        switch ColumnType(declared: column.type) {
        case .date: return "2020-01-01"
        case .timestamp: return "2020-01-01T09:00:00"
        case .boolean: return "false"
        case .integer, .bigint: return "1"
        case .numeric: return "1"
        case .char(let length): return String(repeating: "0", count: length)
        default: return "x"
        }
    }
}

/// Compact views of issue rows for assertions.
extension [[String: String]] {
    /// The issues of one rule.
    func rule(_ id: QualityRuleID) -> [[String: String]] {
        filter { $0["rule_id"] == id.rawValue }
    }

    /// `table|record_key|field` of each issue, for set comparisons.
    var locations: Set<String> {
        Set(map { "\($0["table"] ?? "")|\($0["record_key"] ?? "")|\($0["field"] ?? "")" })
    }
}
