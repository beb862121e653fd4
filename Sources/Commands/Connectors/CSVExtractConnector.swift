import Foundation
import Glibc
import Projections

/// The `csv` connector over a trust's own extract: one `<TABLE>.csv` per legacy table in a folder.
///
/// Read-only by construction: the source folder is only ever opened for reading. Every file is checked completely
/// (RFC 4180, a header naming exactly the model's columns, every row as wide as the header) before anything is
/// copied into `mock_data/source/csv/`; copies go to temporary names and are renamed into place only when all are
/// complete, so a bad extract leaves the previous one untouched.
package struct CSVExtractConnector {
    /// The folder holding the extract.
    package let directory: URL
    /// The tables expected in it.
    package let model: SourceModel

    /// A connector over `directory`.
    package init(directory: URL, model: SourceModel) {
        self.directory = directory
        self.model = model
    }

    /// Checks every table and copies the extract into `destination`; returns one record per table in model order.
    package func extract(
        into destination: URL, progress: ((_ table: String, _ rowsDone: Int) -> Void)? = nil
    ) throws -> [GeneratedTable] {
        var checked: [(table: SourceTable, file: URL, rows: Int, bytes: Int)] = []
        for table in model.tables {
            let file = directory.appendingPathComponent("\(table.name).csv")
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw ConnectorError(
                    "\(file.path) is missing: the extract needs one file per legacy table (\(table.name).csv)")
            }
            let reader = try CSVReader(url: file)
            defer { reader.close() }
            let expected = table.columns.map(\.name)
            if reader.header != expected {
                let unknown = reader.header.filter { !expected.contains($0) }
                let missing = expected.filter { !reader.header.contains($0) }
                var problems: [String] = []
                if !unknown.isEmpty { problems.append("unknown column(s) \(unknown.joined(separator: ", "))") }
                if !missing.isEmpty { problems.append("missing column(s) \(missing.joined(separator: ", "))") }
                if problems.isEmpty { problems.append("columns out of order") }
                throw ConnectorError(
                    "\(file.path): \(problems.joined(separator: "; ")); expected the header "
                        + expected.joined(separator: ","))
            }
            var rows = 0
            while try reader.next() != nil {
                rows += 1
                if rows % 100_000 == 0 { progress?(table.name, rows) }
            }
            progress?(table.name, rows)
            let bytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            checked.append((table, file, rows, bytes))
        }
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        var staged: [URL] = []
        do {
            for entry in checked {
                let temporary = destination.appendingPathComponent(".\(entry.table.name).csv.partial")
                unlink(temporary.path)
                try FileManager.default.copyItem(at: entry.file, to: temporary)
                staged.append(temporary)
            }
        } catch {
            for file in staged { unlink(file.path) }
            throw error
        }
        var tables: [GeneratedTable] = []
        for (entry, temporary) in zip(checked, staged) {
            let final = destination.appendingPathComponent("\(entry.table.name).csv")
            guard rename(temporary.path, final.path) == 0 else {
                throw ConnectorError("cannot put \(final.path) in place: \(String(cString: strerror(errno)))")
            }
            tables.append(GeneratedTable(name: entry.table.name, file: final, rows: entry.rows, bytes: entry.bytes))
        }
        return tables
    }
}

/// A source that cannot be read as the model expects; the message names the file and what to fix.
package struct ConnectorError: Error, CustomStringConvertible {
    /// What is wrong.
    package var message: String
    package var description: String { message }

    init(_ message: String) {
        self.message = message
    }
}
