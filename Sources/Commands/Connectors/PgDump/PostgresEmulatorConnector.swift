import Foundation
import Synchronization

/// `postgres_emulator`: reads a `pg_dump` plain-format file (`CREATE TABLE`, `COPY … FROM stdin` blocks) as if it
/// were the server the dump came from.
///
/// The first call scans the whole dump once into a `PgDumpCatalog` (schema, keys, and where each COPY block starts
/// and how many rows it has); `read` then seeks straight to the table's block and decodes its lines with
/// `CopyTextCodec`, so reading every table costs one pass plus one read of each block. A malformed COPY line
/// stops the read with an error naming the file, line and column.
package struct PostgresEmulatorConnector: SourceConnector {
    /// Its registry entry.
    package static let type = ConnectorTypeDescription(
        name: "postgres_emulator", label: "PostgreSQL dump (pg_dump plain format)",
        summary: "A pg_dump plain-format .sql file read as the database it came from: schema, keys and COPY data",
        settings: [
            ConnectorSetting("dump_file", label: "pg_dump plain-format file (.sql)", kind: .file, required: true),
            ConnectorSetting("schema", label: "schema to read", defaultValue: "public"),
        ])

    package let settings: ConnectorSettings
    private let cache = CatalogCache()

    /// A connector with validated settings (no I/O).
    package init(settings: ConnectorSettings) {
        self.settings = settings
    }

    private var path: String { settings["dump_file"] ?? "" }
    private var schema: String { settings["schema"] ?? "public" }

    /// The dump's catalog, scanned once per connector.
    package func catalog() throws(ConnectorError) -> PgDumpCatalog {
        if let catalog = cache.value.withLock({ $0 }) { return catalog }
        let reader = try LineReader(path: try settings.readable(path, what: "setting dump_file"))
        var scanner = PgDumpScanner()
        do {
            while try reader.next({ bytes -> Void in
                do {
                    try scanner.consume(bytes, number: reader.line, nextOffset: reader.nextOffset)
                } catch let error as PgDumpSyntaxError {
                    throw ConnectorError(.malformed, file: path, line: reader.line, column: error.column, error.message)
                }
            }) != nil {}
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.io, "\(path): \(error)")
        }
        if let line = scanner.openCopyLine {
            throw ConnectorError(
                .malformed, file: path, line: line, column: 1,
                "this COPY block has no end marker \\. (is the dump cut short?)")
        }
        cache.value.withLock { $0 = scanner.catalog }
        return scanner.catalog
    }

    package func check() throws(ConnectorError) -> ConnectorCheck {
        let catalog = try catalog()
        let tables = catalog.tables.filter { $0.schema == schema }
        let rows = tables.reduce(0) { $0 + $1.rows }
        return ConnectorCheck(
            connector: name, ok: !tables.isEmpty,
            message: tables.isEmpty
                ? "\(path) has no tables in schema \(schema)"
                : "\(path): \(tables.count) tables in schema \(schema), \(rows) rows in COPY blocks",
            tables: tables.count)
    }

    package func discover() throws(ConnectorError) -> [SourceTableDescription] {
        var tables: [SourceTableDescription] = []
        for table in try catalog().tables where table.schema == schema {
            tables.append(
                SourceTableDescription(name: table.name, columns: try columns(of: table.name), rows: table.rows))
        }
        return tables
    }

    private func table(_ name: String) throws(ConnectorError) -> PgDumpCatalog.Table {
        let catalog = try catalog()
        guard let table = catalog.table(name, schema: schema) else {
            throw ConnectorError(
                .unknownTable,
                "\(path) has no table '\(name)' in schema \(schema); it has "
                    + catalog.tables.filter { $0.schema == schema }.map(\.name).joined(separator: ", "))
        }
        return table
    }

    package func columns(of name: String) throws(ConnectorError) -> [SourceTableDescription.Column] {
        let table = try table(name)
        let types = Dictionary(table.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        return (table.copyColumns ?? table.columns.map(\.name)).map {
            .init(name: $0, type: types[$0] ?? "text", primaryKey: table.primaryKey.contains($0))
        }
    }

    package func location(of name: String) -> String {
        "\(path) (table \(schema).\(name.lowercased()))"
    }

    @discardableResult
    package func read(table name: String, _ body: ([String]) throws -> Void) throws -> Int {
        let table = try table(name)
        guard let columns = table.copyColumns else { return 0 }
        let reader = try LineReader(path: try settings.readable(path, what: "setting dump_file"))
        try reader.seek(to: table.copyOffset, line: table.copyLine)
        var fields: [String?] = []
        var row: [String] = []
        row.reserveCapacity(columns.count)
        var rows = 0
        while true {
            let more = try reader.next { bytes -> Bool in
                if bytes.count == 2 && bytes[0] == 0x5C && bytes[1] == UInt8(ascii: ".") { return false }
                do {
                    try CopyTextCodec.decode(bytes, into: &fields)
                } catch let error as CopyTextSyntaxError {
                    throw ConnectorError(.malformed, file: path, line: reader.line, column: error.column, error.message)
                }
                guard fields.count == columns.count else {
                    throw ConnectorError(
                        .malformed, file: path, line: reader.line, column: 1,
                        "\(fields.count) fields where COPY \(table.name) lists \(columns.count) columns")
                }
                row.removeAll(keepingCapacity: true)
                // NULL and '' both become the CSV extract's empty field (see SourceConnector).
                for field in fields { row.append(field ?? "") }
                try body(row)
                rows += 1
                return true
            }
            guard more == true else { break }
        }
        return rows
    }
}

/// The scanned catalog, shared by copies of one connector; the `Mutex` protects it.
private final class CatalogCache: Sendable {
    let value = Mutex<PgDumpCatalog?>(nil)
}
