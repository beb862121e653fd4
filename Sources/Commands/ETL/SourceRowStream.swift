import Foundation
import Projections

/// The rows of one source table in the model's column order: a legacy CSV file read with bounded memory, or the
/// bundled code sets.
///
/// The file's header must name exactly the model's columns (in any order): an unknown or missing column is an
/// error naming the file and the column, because silently ignoring a renamed column would migrate NULLs.
final class SourceRowStream {
    /// The table being read.
    let table: SourceTable
    /// The file being read (`nil` for built-in tables).
    let url: URL?
    /// The file's reader (nil for built-in tables).
    private let reader: CSVReader?
    /// Position in the file of each model column; nil when the file is already in model order.
    private let order: [Int]?
    /// The rows of a built-in table.
    private var builtIn: [[String]]
    /// The next built-in row.
    private var builtInIndex = 0

    /// Opens `<directory>/<TABLE>.csv`, or the catalog for `BUNDLED_CODE_SETS`.
    init(table: SourceTable, directory: URL, codeSets: CodeSetCatalog) throws(ContractETLError) {
        self.table = table
        if table.name == BuiltInSource.codeSetsName {
            url = nil
            reader = nil
            order = nil
            builtIn = codeSets.entries.map { [$0.codeSet, $0.code, $0.description, $0.status.rawValue, $0.version] }
            return
        }
        builtIn = []
        let file = directory.appendingPathComponent("\(table.name).csv")
        url = file
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ContractETLError(
                .sourceMissing, "\(file.path) is missing; run the extract step (the contract reads \(table.name))")
        }
        let opened: CSVReader
        do {
            opened = try CSVReader(url: file)
        } catch {
            throw ContractETLError(.sourceMalformed, "\(error)")
        }
        reader = opened
        let header = opened.header
        for (position, name) in header.enumerated() where table.column(named: name) == nil {
            throw ContractETLError(
                .sourceColumns,
                "\(file.path):1:\(position + 1): unknown column \(name); the source model's \(table.name) has "
                    + table.columns.map(\.name).joined(separator: ", "))
        }
        var positions: [Int] = []
        for column in table.columns {
            guard let position = header.firstIndex(of: column.name) else {
                throw ContractETLError(
                    .sourceColumns, "\(file.path):1: column \(column.name) is missing from the header")
            }
            guard header.lastIndex(of: column.name) == position else {
                throw ContractETLError(.sourceColumns, "\(file.path):1: column \(column.name) appears twice")
            }
            positions.append(position)
        }
        order = positions == Array(positions.indices) ? nil : positions
    }

    /// The next row in model column order, or nil at the end.
    func next() throws(ContractETLError) -> [String]? {
        guard let reader else {
            guard builtInIndex < builtIn.count else { return nil }
            builtInIndex += 1
            return builtIn[builtInIndex - 1]
        }
        let row: [String]?
        do {
            row = try reader.next()
        } catch {
            throw ContractETLError(.sourceMalformed, "\(error)")
        }
        guard let row, let order else { return row }
        return order.map { row[$0] }
    }

    /// The line the last row started on (the position among code-set entries for built-in tables), for messages.
    var line: Int {
        reader?.line ?? builtInIndex + 1
    }
}
