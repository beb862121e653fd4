import Foundation

/// What a `pg_dump` plain-format file holds: its tables, their columns and keys, and where each COPY block is.
package struct PgDumpCatalog: Sendable, Equatable {
    /// One table of the dump.
    package struct Table: Sendable, Equatable {
        /// Schema, e.g. `public`.
        package var schema: String
        /// Table name, unquoted (unquoted identifiers folded to lower case, as PostgreSQL does).
        package var name: String
        /// Columns and declared types from `CREATE TABLE`, in table order.
        package var columns: [(name: String, type: String)]
        /// Primary-key columns (from `CREATE TABLE` or `ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY`).
        package var primaryKey: [String] = []
        /// Columns of the COPY block in data order (nil: no COPY block seen).
        package var copyColumns: [String]?
        /// 1-based line of the first data line of the COPY block.
        package var copyLine = 0
        /// Byte offset of the first data line.
        package var copyOffset = 0
        /// Data lines in the COPY block.
        package var rows = 0

        package static func == (left: Table, right: Table) -> Bool {
            left.schema == right.schema && left.name == right.name
                && left.columns.map(\.name) == right.columns.map(\.name)
                && left.columns.map(\.type) == right.columns.map(\.type) && left.primaryKey == right.primaryKey
                && left.copyColumns == right.copyColumns && left.copyLine == right.copyLine
                && left.copyOffset == right.copyOffset && left.rows == right.rows
        }
    }

    /// Tables in the order the dump creates them.
    package var tables: [Table] = []

    /// The table `name` (case-insensitive) in `schema`.
    package func table(_ name: String, schema: String) -> Table? {
        tables.first { $0.schema == schema && $0.name.lowercased() == name.lowercased() }
    }
}

/// A dump line that cannot be understood; `column` is 1-based.
package struct PgDumpSyntaxError: Error, Equatable, Sendable {
    /// 1-based column.
    package var column: Int
    /// What is wrong.
    package var message: String
}

/// Reads a plain-format dump line by line into a `PgDumpCatalog`; a value with no I/O.
///
/// It understands what `pg_dump` writes for tables: `CREATE TABLE schema.name (` with one column or constraint a
/// line up to `);`, `ALTER TABLE [ONLY] schema.name` followed by `ADD CONSTRAINT … PRIMARY KEY (…);`, and
/// `COPY schema.name (columns) FROM stdin;` followed by data lines up to `\.` (only counted here; `CopyTextCodec`
/// decodes them when the table is read). Everything else (`SET`, comments, `SELECT pg_catalog.set_config`,
/// other objects) is skipped.
package struct PgDumpScanner: Sendable {
    private enum State: Sendable {
        case statements
        case createTable(Int)
        case alterTable(Int)
        case copy(Int, startLine: Int)
    }

    /// What has been read so far.
    package private(set) var catalog = PgDumpCatalog()
    private var state = State.statements

    /// A scanner at the start of a dump.
    package init() {}

    /// Whether a COPY block is still open (the dump ended early if so at the end); its first line if so.
    package var openCopyLine: Int? {
        if case .copy(_, let startLine) = state { return startLine }
        return nil
    }

    /// Takes the next line: its text, 1-based number and the byte offset of the following line.
    package mutating func consume(_ line: UnsafeBufferPointer<UInt8>, number: Int, nextOffset: Int)
        throws(PgDumpSyntaxError)
    {
        if case .copy(let index, _) = state {
            if line.count == 2 && line[0] == 0x5C && line[1] == UInt8(ascii: ".") {
                state = .statements
            } else {
                catalog.tables[index].rows += 1
            }
            return
        }
        let text = String(decoding: line, as: UTF8.self)
        switch state {
        case .createTable(let index):
            try tableElement(text, table: index)
        case .alterTable(let index):
            state = .statements
            if let range = text.range(of: "PRIMARY KEY (") {
                catalog.tables[index].primaryKey = try Self.identifierList(
                    String(text[range.upperBound...].prefix { $0 != ")" }))
            }
        case .statements, .copy:
            if text.hasPrefix("CREATE TABLE ") {
                let rest = text.dropFirst("CREATE TABLE ".count)
                guard rest.hasSuffix(" (") else {
                    throw PgDumpSyntaxError(column: 1, message: "expected CREATE TABLE name ( on one line")
                }
                let (schema, name) = try Self.qualifiedName(String(rest.dropLast(2)))
                catalog.tables.append(PgDumpCatalog.Table(schema: schema, name: name, columns: []))
                state = .createTable(catalog.tables.count - 1)
            } else if text.hasPrefix("ALTER TABLE ") {
                var rest = String(text.dropFirst("ALTER TABLE ".count))
                if rest.hasPrefix("ONLY ") { rest.removeFirst("ONLY ".count) }
                let target = rest.prefix { $0 != " " && $0 != ";" }
                let (schema, name) = try Self.qualifiedName(String(target))
                if let index = catalog.tables.firstIndex(where: { $0.schema == schema && $0.name == name }),
                    !rest.contains(";")
                {
                    state = .alterTable(index)
                }
            } else if text.hasPrefix("COPY ") {
                try copyHeader(text, number: number, nextOffset: nextOffset)
            }
        }
    }

    private mutating func tableElement(_ text: String, table index: Int) throws(PgDumpSyntaxError) {
        var element = text.trimmingCharacters(in: .whitespaces)
        if element == ");" || element.hasPrefix(")") {
            state = .statements
            return
        }
        if element.hasSuffix(",") { element.removeLast() }
        if element.hasPrefix("CONSTRAINT ") || element.hasPrefix("PRIMARY KEY") {
            if let range = element.range(of: "PRIMARY KEY (") {
                catalog.tables[index].primaryKey = try Self.identifierList(
                    String(element[range.upperBound...].prefix { $0 != ")" }))
            }
            return
        }
        let (name, rest) = try Self.identifier(element)
        var type = rest.trimmingCharacters(in: .whitespaces)
        for marker in [" NOT NULL", " DEFAULT ", " PRIMARY KEY", " CONSTRAINT ", " REFERENCES ", " COLLATE ", " NULL"] {
            if let range = type.range(of: marker) { type = String(type[..<range.lowerBound]) }
        }
        if type == "NOT NULL" || type.isEmpty {
            throw PgDumpSyntaxError(column: 1, message: "column \(name) has no type")
        }
        catalog.tables[index].columns.append((name, type))
        if rest.contains("PRIMARY KEY") { catalog.tables[index].primaryKey.append(name) }
    }

    private mutating func copyHeader(_ text: String, number: Int, nextOffset: Int) throws(PgDumpSyntaxError) {
        guard text.hasSuffix(" FROM stdin;"), let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
        else {
            throw PgDumpSyntaxError(column: 1, message: "expected COPY schema.table (columns) FROM stdin;")
        }
        let target = text[text.index(text.startIndex, offsetBy: 5)..<open].trimmingCharacters(in: .whitespaces)
        let (schema, name) = try Self.qualifiedName(target)
        let columns = try Self.identifierList(String(text[text.index(after: open)..<close]))
        var index = catalog.tables.firstIndex { $0.schema == schema && $0.name == name }
        if index == nil {
            catalog.tables.append(
                PgDumpCatalog.Table(schema: schema, name: name, columns: columns.map { ($0, "text") }))
            index = catalog.tables.count - 1
        }
        guard let index else { return }
        catalog.tables[index].copyColumns = columns
        catalog.tables[index].copyLine = number + 1
        catalog.tables[index].copyOffset = nextOffset
        catalog.tables[index].rows = 0
        state = .copy(index, startLine: number)
    }

    /// `schema.name` (either part may be quoted); a bare name is in `public`.
    static func qualifiedName(_ text: String) throws(PgDumpSyntaxError) -> (String, String) {
        let (first, rest) = try identifier(text)
        guard rest.hasPrefix(".") else {
            guard rest.isEmpty else {
                throw PgDumpSyntaxError(column: 1, message: "unexpected '\(rest)' after \(first)")
            }
            return ("public", first)
        }
        let (second, tail) = try identifier(String(rest.dropFirst()))
        guard tail.isEmpty else { throw PgDumpSyntaxError(column: 1, message: "unexpected '\(tail)' after \(second)") }
        return (first, second)
    }

    /// `a, "B", c` as names.
    static func identifierList(_ text: String) throws(PgDumpSyntaxError) -> [String] {
        var names: [String] = []
        var rest = text.trimmingCharacters(in: .whitespaces)
        while !rest.isEmpty {
            let (name, tail) = try identifier(rest)
            names.append(name)
            rest = tail.trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix(",") { rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces) }
        }
        return names
    }

    /// One identifier at the start of `text` (quoted with `""` doubling, or bare and folded to lower case) and the
    /// text after it.
    static func identifier(_ text: String) throws(PgDumpSyntaxError) -> (String, String) {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\"" {
            scalars = scalars.dropFirst()
            var name = ""
            while true {
                guard let scalar = scalars.first else {
                    throw PgDumpSyntaxError(column: 1, message: "a quoted identifier is not closed")
                }
                scalars = scalars.dropFirst()
                if scalar == "\"" {
                    guard scalars.first == "\"" else { break }
                    scalars = scalars.dropFirst()
                }
                name.unicodeScalars.append(scalar)
            }
            return (name, String(String.UnicodeScalarView(scalars)))
        }
        let name = scalars.prefix { $0 == "_" || $0 == "$" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        guard !name.isEmpty else { throw PgDumpSyntaxError(column: 1, message: "expected a name in '\(text)'") }
        return (
            String(String.UnicodeScalarView(name)).lowercased(),
            String(String.UnicodeScalarView(scalars.dropFirst(name.count)))
        )
    }
}
