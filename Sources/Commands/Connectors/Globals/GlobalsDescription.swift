import Foundation

/// Which global, subscript and `^`-piece holds which table and column: the data-file description the
/// `cache_iris_emulator` connector reads a ZWRITE export through (JSON, `format` `dm-globals/1`).
///
/// ```json
/// {"format": "dm-globals/1", "tables": [
///   {"table": "PATIENT_MASTER", "file": "PATIENT_MASTER.zwr", "global": "PATIENTMASTER", "delimiter": "^",
///    "subscripts": [{"column": "INTERNAL_NO"}],
///    "columns": [{"name": "INTERNAL_NO", "subscript": 1, "type": "integer"},
///                {"name": "HOSPITAL_NO", "piece": 1, "type": "string"}]}]}
/// ```
///
/// A subscript is either a column (`{"column": NAME}`) or a constant (`{"literal": "ALIAS"}`), so several tables can
/// share one global (`^PAT(id)` and `^PAT(id,"ALIAS",n)`): a table takes the nodes of its global with as many
/// subscripts as it lists and equal literals, and skips the others. A missing trailing piece reads as empty, as
/// `$PIECE` does; pieces past the last described one are ignored.
package struct GlobalsDescription: Sendable, Equatable, Codable {
    /// One subscript position.
    package struct Subscript: Sendable, Equatable, Codable {
        /// The column this subscript holds, if it is not a literal.
        package var column: String?
        /// A constant subscript, if it is not a column.
        package var literal: String?

        /// Creates a subscript.
        package init(column: String? = nil, literal: String? = nil) {
            self.column = column
            self.literal = literal
        }
    }

    /// One column and where it lives.
    package struct Column: Sendable, Equatable, Codable {
        /// Column name.
        package var name: String
        /// 1-based position in `subscripts`, for a key column.
        package var `subscript`: Int?
        /// 1-based piece of the node's value, for a data column.
        package var piece: Int?
        /// Declared type, for `discover` (default `string`).
        package var type: String?

        /// Creates a column.
        package init(name: String, subscript: Int? = nil, piece: Int? = nil, type: String? = nil) {
            self.name = name
            self.subscript = `subscript`
            self.piece = piece
            self.type = type
        }
    }

    /// One table.
    package struct Table: Sendable, Equatable, Codable {
        /// Table name the migration uses.
        package var table: String
        /// The ZWRITE file, relative to the description's folder.
        package var file: String
        /// Global name without the caret.
        package var global: String
        /// Piece delimiter, one character (default `^`).
        package var delimiter: String?
        /// The node's subscripts.
        package var subscripts: [Subscript]
        /// Columns in row order.
        package var columns: [Column]

        /// Creates a table.
        package init(
            table: String, file: String, global: String, delimiter: String? = nil, subscripts: [Subscript],
            columns: [Column]
        ) {
            self.table = table
            self.file = file
            self.global = global
            self.delimiter = delimiter
            self.subscripts = subscripts
            self.columns = columns
        }
    }

    /// `dm-globals/1`.
    package var format: String
    /// The tables.
    package var tables: [Table]

    /// The format this build reads.
    package static let currentFormat = "dm-globals/1"
    /// The description's file name in the mock PAS's `cache/` folder.
    package static let defaultFileName = "pas_globals.json"

    /// Creates a description.
    package init(tables: [Table]) {
        self.format = Self.currentFormat
        self.tables = tables
    }

    /// Reads and checks the description at `path`.
    package static func load(path: String) throws(ConnectorError) -> GlobalsDescription {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConnectorError(
                .unreachable, "cannot read the globals description \(path): \(error.localizedDescription)")
        }
        let description: GlobalsDescription
        do {
            description = try JSONDecoder().decode(GlobalsDescription.self, from: data)
        } catch {
            throw ConnectorError(.malformed, file: path, line: 0, column: 0, "not a dm-globals/1 description: \(error)")
        }
        try description.validate(path: path)
        return description
    }

    /// Checks that every column is either a subscript or a piece and that they refer to real positions.
    package func validate(path: String) throws(ConnectorError) {
        func fail(_ message: String) -> ConnectorError {
            ConnectorError(.malformed, file: path, line: 0, column: 0, message)
        }
        guard format == Self.currentFormat else { throw fail("format is '\(format)', expected \(Self.currentFormat)") }
        var seen: Set<String> = []
        for table in tables {
            guard seen.insert(table.table.uppercased()).inserted else { throw fail("table \(table.table) twice") }
            guard (table.delimiter ?? "^").unicodeScalars.count == 1 else {
                throw fail("table \(table.table): the delimiter must be one character")
            }
            guard !table.file.contains(".."), !table.file.hasPrefix("/") else {
                throw fail("table \(table.table): file must be a name inside the description's folder")
            }
            var names: Set<String> = []
            for column in table.columns {
                guard names.insert(column.name).inserted else {
                    throw fail("table \(table.table): column \(column.name) twice")
                }
                switch (column.subscript, column.piece) {
                case (let position?, nil):
                    guard position >= 1, position <= table.subscripts.count,
                        table.subscripts[position - 1].column == column.name
                    else {
                        throw fail(
                            "table \(table.table): column \(column.name) names subscript \(position), "
                                + "which is not {\"column\": \"\(column.name)\"}")
                    }
                case (nil, let piece?):
                    guard piece >= 1 else { throw fail("table \(table.table): column \(column.name) piece < 1") }
                default:
                    throw fail("table \(table.table): column \(column.name) needs exactly one of subscript or piece")
                }
            }
            for item in table.subscripts where (item.column == nil) == (item.literal == nil) {
                throw fail("table \(table.table): each subscript is either {\"column\": …} or {\"literal\": …}")
            }
        }
    }
}
