import Foundation
import Projections

/// `csv`: a folder of RFC 4180 files with a header row, one `<TABLE>.csv` per table (the trust's own extract, or
/// the mock PAS's `mock_data/source/csv/`).
///
/// Read-only by construction: files are only opened for reading. Encoding errors, broken quoting and ragged rows
/// are errors naming the file, line and column (`CSVReader` finds them; this type only translates them).
package struct CSVSourceConnector: SourceConnector {
    /// Its registry entry.
    package static let type = ConnectorTypeDescription(
        name: "csv", label: "CSV files (RFC 4180)",
        summary: "A folder of RFC 4180 CSV files with a header row, one <TABLE>.csv per table",
        settings: [ConnectorSetting("directory", label: "folder holding the .csv files", kind: .folder, required: true)]
    )

    package let settings: ConnectorSettings

    /// A connector with validated settings (no I/O).
    package init(settings: ConnectorSettings) {
        self.settings = settings
    }

    private var directory: String { settings["directory"] ?? "." }

    /// Table names: the `.csv` files of the folder without the extension, sorted.
    private func tableNames() throws(ConnectorError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".csv") && !$0.hasPrefix(".") }.map { String($0.dropLast(4)) }.sorted()
        } catch {
            throw ConnectorError(.unreachable, "cannot list \(directory): \(error.localizedDescription)")
        }
    }

    /// The file of `table`, matched case-insensitively (a name, never a path; inside the confinement if any).
    private func file(of table: String) throws(ConnectorError) -> String {
        try SourceTableName.check(table)
        let exact = directory + "/" + table + ".csv"
        if FileManager.default.fileExists(atPath: exact) {
            return try settings.readable(exact, what: "the file of table \(table)")
        }
        if let match = try tableNames().first(where: { $0.uppercased() == table.uppercased() }) {
            return try settings.readable(directory + "/" + match + ".csv", what: "the file of table \(table)")
        }
        throw ConnectorError(
            .unknownTable, "\(exact) is missing: the folder has no file for table \(table) (\(table).csv)")
    }

    package func location(of table: String) -> String {
        (try? file(of: table)) ?? directory + "/" + table + ".csv"
    }

    package func check() throws(ConnectorError) -> ConnectorCheck {
        let names = try tableNames()
        return ConnectorCheck(
            connector: name, ok: !names.isEmpty,
            message: names.isEmpty ? "\(directory) holds no .csv files" : "\(directory): \(names.count) .csv files",
            tables: names.count)
    }

    package func columns(of table: String) throws(ConnectorError) -> [SourceTableDescription.Column] {
        let path = try file(of: table)
        do {
            let reader = try CSVReader(url: URL(fileURLWithPath: path))
            defer { reader.close() }
            return reader.header.map { .init(name: $0, type: "text", primaryKey: false) }
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    package func discover() throws(ConnectorError) -> [SourceTableDescription] {
        var tables: [SourceTableDescription] = []
        for table in try tableNames() {
            let columns = try columns(of: table)
            var rows = 0
            do {
                rows = try read(table: table) { _ in }
            } catch let error as ConnectorError {
                throw error
            } catch {
                throw ConnectorError(.io, "\(error)")
            }
            tables.append(SourceTableDescription(name: table, columns: columns, rows: rows))
        }
        return tables
    }

    @discardableResult
    package func read(table: String, _ body: ([String]) throws -> Void) throws -> Int {
        let path = try file(of: table)
        let reader: CSVReader
        do {
            reader = try CSVReader(url: URL(fileURLWithPath: path))
        } catch {
            throw Self.translate(error, path: path)
        }
        defer { reader.close() }
        var rows = 0
        while true {
            let row: [String]?
            do {
                row = try reader.next()
            } catch {
                throw Self.translate(error, path: path)
            }
            guard let row else { break }
            try body(row)
            rows += 1
        }
        return rows
    }

    /// A reader's error as a connector error with the same position.
    static func translate(_ error: Error, path: String) -> ConnectorError {
        if let error = error as? CSVError {
            return ConnectorError(.malformed, file: path, line: error.line, column: error.column, error.message)
        }
        return ConnectorError(.unreachable, "\(path): \(error)")
    }
}
