import Foundation

/// `cache_iris_emulator`: reads an InterSystems Caché/IRIS globals export in ZWRITE form through a
/// `GlobalsDescription` that says which global, subscript and piece is which table and column.
///
/// Read-only by construction: it opens files for reading only. Each `read` streams one ZWRITE file line by line;
/// a malformed line stops the read with an error naming the file, line and column.
package struct CacheIRISEmulatorConnector: SourceConnector {
    /// Its registry entry.
    package static let type = ConnectorTypeDescription(
        name: "cache_iris_emulator", label: "Caché/IRIS globals (ZWRITE export)",
        summary: "A folder of ZWRITE exports (*.zwr) read through a globals description (JSON) of tables and pieces",
        settings: [
            ConnectorSetting("directory", label: "folder holding the .zwr files", kind: .folder, required: true),
            ConnectorSetting(
                "description", label: "globals description, relative to the folder",
                defaultValue: GlobalsDescription.defaultFileName),
        ])

    package let settings: ConnectorSettings

    /// A connector with validated settings (no I/O).
    package init(settings: ConnectorSettings) {
        self.settings = settings
    }

    private var directory: String { settings["directory"] ?? "." }

    private var descriptionPath: String {
        let name = settings["description"] ?? GlobalsDescription.defaultFileName
        return name.hasPrefix("/") ? name : directory + "/" + name
    }

    private func loadDescription() throws(ConnectorError) -> GlobalsDescription {
        try GlobalsDescription.load(path: try settings.readable(descriptionPath, what: "setting description"))
    }

    package func check() throws(ConnectorError) -> ConnectorCheck {
        let description = try loadDescription()
        // A file outside the confinement counts as missing, exactly like one that does not exist.
        let missing = description.tables.filter { table in
            guard let path = try? settings.readable(directory + "/" + table.file, what: "file") else { return true }
            return !FileManager.default.isReadableFile(atPath: path)
        }
        guard missing.isEmpty else {
            return ConnectorCheck(
                connector: name, ok: false,
                message: "\(descriptionPath) describes files that are missing in \(directory): "
                    + missing.map(\.file).joined(separator: ", "),
                tables: description.tables.count)
        }
        return ConnectorCheck(
            connector: name, ok: true,
            message: "\(description.tables.count) tables described by \(descriptionPath), every .zwr file readable",
            tables: description.tables.count)
    }

    package func discover() throws(ConnectorError) -> [SourceTableDescription] {
        let description = try loadDescription()
        var tables: [SourceTableDescription] = []
        for table in description.tables {
            var rows = 0
            do {
                try scan(table) { _ in rows += 1 }
            } catch let error as ConnectorError {
                throw error
            } catch {
                throw ConnectorError(.io, "\(error)")
            }
            tables.append(
                SourceTableDescription(
                    name: table.table,
                    columns: table.columns.map {
                        .init(name: $0.name, type: $0.type ?? "string", primaryKey: $0.subscript != nil)
                    }, rows: rows))
        }
        return tables
    }

    /// The description of `name`, matched case-insensitively.
    private func table(_ name: String) throws(ConnectorError) -> GlobalsDescription.Table {
        let description = try loadDescription()
        guard let table = description.tables.first(where: { $0.table.uppercased() == name.uppercased() }) else {
            throw ConnectorError(
                .unknownTable,
                "\(descriptionPath) describes no table '\(name)'; it has "
                    + description.tables.map(\.table).joined(separator: ", "))
        }
        return table
    }

    package func columns(of name: String) throws(ConnectorError) -> [SourceTableDescription.Column] {
        try table(name).columns.map { .init(name: $0.name, type: $0.type ?? "string", primaryKey: $0.subscript != nil) }
    }

    package func location(of name: String) -> String {
        guard let table = try? table(name) else { return descriptionPath }
        return directory + "/" + table.file
    }

    @discardableResult
    package func read(table name: String, _ body: ([String]) throws -> Void) throws -> Int {
        let table = try table(name)
        var rows = 0
        try scan(table) { node in
            try body(Self.row(of: node, in: table))
            rows += 1
        }
        return rows
    }

    /// Calls `body` with every node of `table`'s global and shape, in file order.
    private func scan(_ table: GlobalsDescription.Table, _ body: (ZWriteNode) throws -> Void) throws {
        // Confined first, so an outside path is refused the same way whether it exists or not.
        let path = try settings.readable(directory + "/" + table.file, what: "the file of table \(table.table)")
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConnectorError(
                .schemaMismatch, "\(path) is missing: the globals description names it for table \(table.table)")
        }
        let reader = try LineReader(path: path)
        let parser = ZWriteLineParser()
        while let node = try reader.next({ bytes -> ZWriteNode? in
            if bytes.isEmpty { return nil }
            do {
                return try parser.parse(bytes)
            } catch let error as ZWriteSyntaxError {
                throw ConnectorError(.malformed, file: path, line: reader.line, column: error.column, error.message)
            }
        }) {
            guard let node, node.global == table.global, node.subscripts.count == table.subscripts.count else {
                continue
            }
            var matches = true
            for (position, item) in table.subscripts.enumerated() {
                if let literal = item.literal, node.subscripts[position] != literal { matches = false }
            }
            if matches { try body(node) }
        }
    }

    /// The row a node holds, columns in description order.
    static func row(of node: ZWriteNode, in table: GlobalsDescription.Table) -> [String] {
        let delimiter = table.delimiter?.unicodeScalars.first ?? "^"
        var pieces: [String] = []
        if delimiter.isASCII {
            // Splitting the UTF-8 bytes is several times faster than splitting characters or scalars, and an
            // ASCII byte never occurs inside a multi-byte UTF-8 sequence.
            let separator = UInt8(delimiter.value)
            var value = node.value
            value.withUTF8 { bytes in
                var start = 0
                for index in 0..<bytes.count where bytes[index] == separator {
                    pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = index + 1
                }
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            }
        } else {
            pieces = node.value.unicodeScalars.split(separator: delimiter, omittingEmptySubsequences: false).map {
                String(String.UnicodeScalarView($0))
            }
        }
        return table.columns.map { column in
            if let position = column.subscript { return node.subscripts[position - 1] }
            let piece = (column.piece ?? 1) - 1
            return piece < pieces.count ? pieces[piece] : ""
        }
    }
}
