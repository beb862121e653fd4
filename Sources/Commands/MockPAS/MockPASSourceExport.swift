import Foundation
import Projections

/// Writes the mock PAS, already generated as CSV, in the other source formats the connectors read: a Caché/IRIS
/// globals export (`mock_data/source/cache/*.zwr` and `pas_globals.json`) and a PostgreSQL dump
/// (`mock_data/source/postgres/pas_dump.sql`).
///
/// Both are converted from the CSV files row by row, so all three formats hold exactly the same data. The NULL
/// rule: the CSV's empty field is NULL (the generator writes an empty field for a missing value), so it becomes
/// `\N` in the dump and an empty piece in a global (M has no NULL); reading any of the three back gives the empty
/// field again. Every file is written to a temporary name and renamed into place when complete.
package struct MockPASSourceExport {
    /// The generated CSV folder.
    package let csvDirectory: URL
    /// The tables in it.
    package let model: SourceModel

    /// Folder of the globals export relative to the data root.
    package static let cacheRelativeDirectory = "mock_data/source/cache"
    /// The dump relative to the data root.
    package static let postgresRelativeFile = "mock_data/source/postgres/pas_dump.sql"

    /// An export of the CSV extract in `csvDirectory`.
    package init(csvDirectory: URL, model: SourceModel = .mockPAS) {
        self.csvDirectory = csvDirectory
        self.model = model
    }

    /// The global holding `table`: its name without underscores (M names are letters and digits).
    package static func globalName(of table: SourceTable) -> String {
        table.name.filter { $0.isLetter || $0.isNumber }
    }

    /// The description of the export `writeGlobals` produces: the key in the subscript, the rest in pieces.
    package func globalsDescription() -> GlobalsDescription {
        GlobalsDescription(
            tables: model.tables.map { table in
                var piece = 0
                return GlobalsDescription.Table(
                    table: table.name, file: "\(table.name).zwr", global: Self.globalName(of: table), delimiter: "^",
                    subscripts: table.primaryKey.map { GlobalsDescription.Subscript(column: $0) },
                    columns: table.columns.map { column in
                        if let position = table.primaryKey.firstIndex(of: column.name) {
                            return .init(name: column.name, subscript: position + 1, type: column.type.rawValue)
                        }
                        piece += 1
                        return .init(name: column.name, piece: piece, type: column.type.rawValue)
                    })
            })
    }

    /// Writes `<TABLE>.zwr` for every table and `pas_globals.json` into `directory`.
    package func writeGlobals(into directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let description = globalsDescription()
        for (table, layout) in zip(model.tables, description.tables) {
            let file = try AtomicFileWriter(url: directory.appendingPathComponent(layout.file))
            let keys = layout.columns.enumerated().filter { $0.element.subscript != nil }.map(\.offset)
            let pieces = layout.columns.enumerated().filter { $0.element.piece != nil }.map(\.offset)
            var buffer: [UInt8] = []
            var value: [UInt8] = []
            try forEachRow(of: table) { row, line in
                let subscripts = keys.map { row[$0] }
                if let empty = subscripts.firstIndex(of: "") {
                    throw ConnectorError(
                        .malformed, file: csvFile(table).path, line: line, column: 0,
                        "key column \(layout.columns[keys[empty]].name) is empty; a global subscript cannot be")
                }
                value.removeAll(keepingCapacity: true)
                for (position, index) in pieces.enumerated() {
                    if position > 0 { value.append(UInt8(ascii: "^")) }
                    let start = value.count
                    value.append(contentsOf: row[index].utf8)
                    if value[start...].contains(UInt8(ascii: "^")) {
                        throw ConnectorError(
                            .malformed, file: csvFile(table).path, line: line, column: 0,
                            "\(layout.columns[index].name) holds the piece delimiter ^")
                    }
                }
                value.withUnsafeBufferPointer {
                    ZWriteEncoder.appendNode(
                        global: layout.global, subscripts: subscripts, utf8Value: $0, to: &buffer)
                }
                if buffer.count >= 1 << 18 { try flush(&buffer, to: file) }
            }
            try flush(&buffer, to: file)
            try file.commit()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(description) + Data("\n".utf8)
        let file = try AtomicFileWriter(url: directory.appendingPathComponent(GlobalsDescription.defaultFileName))
        try json.withUnsafeBytes { try file.write($0) }
        try file.commit()
    }

    /// Writes the extract as `pg_dump --no-owner` plain output to `url`: settings, tables, data, primary keys.
    package func writeDump(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let file = try AtomicFileWriter(url: url)
        var buffer: [UInt8] = []
        let tables = model.tables.sorted { $0.name.lowercased() < $1.name.lowercased() }
        buffer.append(contentsOf: PgDumpText.preamble.utf8)
        for table in tables {
            buffer.append(contentsOf: PgDumpText.createTable(table).utf8)
        }
        var fields: [UInt8] = []
        for table in tables {
            buffer.append(contentsOf: PgDumpText.copyHeader(table).utf8)
            try forEachRow(of: table) { row, _ in
                fields.removeAll(keepingCapacity: true)
                for (position, value) in row.enumerated() {
                    if position > 0 { fields.append(0x09) }
                    CopyTextCodec.appendField(value.isEmpty ? nil : value, to: &fields)
                }
                fields.append(0x0A)
                buffer.append(contentsOf: fields)
                if buffer.count >= 1 << 18 { try flush(&buffer, to: file) }
            }
            buffer.append(contentsOf: "\\.\n\n\n".utf8)
        }
        // pg_dump orders constraints by their own name (`consultant_episode_pkey` before `consultant_pkey`).
        for table in tables.sorted(by: { $0.name.lowercased() + "_pkey" < $1.name.lowercased() + "_pkey" }) {
            buffer.append(contentsOf: PgDumpText.primaryKey(table).utf8)
        }
        buffer.append(contentsOf: PgDumpText.trailer.utf8)
        try flush(&buffer, to: file)
        try file.commit()
    }

    private func csvFile(_ table: SourceTable) -> URL {
        csvDirectory.appendingPathComponent("\(table.name).csv")
    }

    private func forEachRow(of table: SourceTable, _ body: ([String], Int) throws -> Void) throws {
        let reader = try CSVReader(url: csvFile(table))
        defer { reader.close() }
        guard reader.header == table.columns.map(\.name) else {
            throw ConnectorError(.schemaMismatch, "\(csvFile(table).path): the header is not the model's columns")
        }
        var line = 1
        while let row = try reader.next() {
            line += 1
            try body(row, line)
        }
    }

    private func flush(_ buffer: inout [UInt8], to file: AtomicFileWriter) throws {
        try buffer.withUnsafeBytes { try file.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
