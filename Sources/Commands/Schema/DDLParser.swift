import Projections

/// Reads the EPR's DDL into `TableSchema` values: a small, strict parser for one PostgreSQL subset.
///
/// Accepted, and nothing else (keywords in any case):
///
/// ```sql
/// CREATE TABLE name (
///     column type [NOT NULL] [PRIMARY KEY] [REFERENCES table (column)]
///                 [CHECK (column IN ('v', ...))] [CHECK (column ~ 'regex')],  -- codeset: CODE_SET_NAME
///     PRIMARY KEY (column, ...),
///     FOREIGN KEY (column) REFERENCES table (column),
///     CHECK (column IN ('v', ...))
/// );
/// ```
///
/// with types `text`, `varchar(n)`, `char(n)`, `integer`, `bigint`, `date`, `timestamp`, `boolean` and
/// `numeric(p, s)`. A `-- codeset: NAME` comment on any line of a column's definition names the column's code set.
///
/// Beyond syntax it checks what the catalog and the ETL rely on, each with the line to fix: no duplicate tables or
/// columns; one primary key per table, present in every table; a foreign key names a table defined above (or the
/// table itself) and that table's single-column primary key; table-level constraints name columns defined above
/// them; a CHECK on a column definition is about that column; every codeset comment belongs to exactly one column.
package struct DDLParser {
    /// Lines a column definition occupies, to attach the codeset comments on them.
    struct ColumnSpan {
        let table: Int
        let column: Int
        let firstLine: Int
        let lastLine: Int
    }

    /// The file name used in error messages.
    package let source: String
    // Internal rather than private: the extensions in DDLParser+Constraints.swift and DDLParser+Tokens.swift use them.
    let tokens: [DDLLexer.Token]
    var position = 0
    var tables: [TableSchema] = []
    var spans: [ColumnSpan] = []
    /// Foreign keys of the table being parsed that point at that same table, checked once it is complete.
    var selfReferences: [(column: String, token: DDLLexer.Token)] = []

    private init(source: String, tokens: [DDLLexer.Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Parses `text` (named `source` in errors) into tables in file order; throws `DDLError`.
    package static func parse(_ text: String, source: String) throws -> [TableSchema] {
        let (tokens, annotations) = try DDLLexer(source: source).tokens(in: text)
        var parser = DDLParser(source: source, tokens: tokens)
        while parser.position < parser.tokens.count {
            try parser.parseCreateTable()
        }
        try parser.attach(annotations)
        return parser.tables
    }

    private mutating func parseCreateTable() throws {
        try expectWord("create", "each statement must be CREATE TABLE")
        try expectWord("table", "each statement must be CREATE TABLE")
        let nameToken = try peekToken("a table name")
        let name = try identifier("a table name")
        if tables.contains(where: { $0.name == name }) {
            throw error(at: nameToken, "table \(name) is defined twice; remove or rename one of them")
        }
        try expectSymbol("(", "after the table name")
        var table = TableSchema(name: name, columns: [])
        var hasPrimaryKey = false
        selfReferences = []
        repeat {
            try parseElement(of: &table, hasPrimaryKey: &hasPrimaryKey)
        } while consumeSymbol(",")
        try expectSymbol(")", "to end the column list (or a comma before the next column)")
        try expectSymbol(";", "after the closing parenthesis of CREATE TABLE \(name)")
        guard hasPrimaryKey else {
            throw error(at: nameToken, "table \(name) has no PRIMARY KEY; the migration keys every row by one")
        }
        try checkSelfReferences(of: table)
        tables.append(table)
    }

    private mutating func parseElement(of table: inout TableSchema, hasPrimaryKey: inout Bool) throws {
        let first = try peekToken("a column definition")
        switch first.kind {
        case .word("primary"), .word("foreign"), .word("check"):
            try parseTableConstraint(of: &table, hasPrimaryKey: &hasPrimaryKey)
        case .word("constraint"), .word("unique"), .word("exclude"):
            throw error(
                at: first,
                "\(describe(first)) constraints are not supported; use PRIMARY KEY, FOREIGN KEY or CHECK")
        default:
            try parseColumn(of: &table, hasPrimaryKey: &hasPrimaryKey)
        }
    }

    private mutating func parseColumn(of table: inout TableSchema, hasPrimaryKey: inout Bool) throws {
        let nameToken = try peekToken("a column name")
        let name = try identifier("a column name")
        if table.column(named: name) != nil {
            throw error(at: nameToken, "column \(name) is defined twice in table \(table.name)")
        }
        var column = ColumnSchema(name: name, type: try parseType(of: name))
        var notNull = false
        // A ';' also ends the definition, so that a missing ')' is reported as such.
        while let token = peek(), !isSymbol(token, ","), !isSymbol(token, ")"), !isSymbol(token, ";") {
            position += 1
            switch token.kind {
            case .word("not"):
                try expectWord("null", "after NOT")
                if notNull {
                    throw error(at: token, "NOT NULL is given twice for column \(name)")
                }
                notNull = true
            case .word("primary"):
                try expectWord("key", "after PRIMARY")
                if hasPrimaryKey {
                    throw error(at: token, "table \(table.name) already has a PRIMARY KEY")
                }
                hasPrimaryKey = true
                column.primaryKey = true
            case .word("references"):
                if column.foreignKey != nil {
                    throw error(at: token, "column \(name) already REFERENCES \(column.foreignKey ?? "")")
                }
                column.foreignKey = try parseReferenceTarget(from: table.name, column: name)
            case .word("check"):
                try parseCheck(on: &column, checkToken: token)
            default:
                throw error(
                    at: token,
                    "unexpected \(describe(token)) in the definition of column \(name); this parser reads NOT NULL, "
                        + "PRIMARY KEY, REFERENCES table (column) and CHECK (...)")
            }
        }
        column.nullable = !notNull && !column.primaryKey
        let lastLine = tokens[position - 1].line
        spans.append(
            ColumnSpan(table: tables.count, column: table.columns.count, firstLine: nameToken.line, lastLine: lastLine))
        table.columns.append(column)
    }

    /// Reads a type and returns its normalised spelling (`varchar(10)`, `numeric(5,2)`).
    private mutating func parseType(of column: String) throws -> String {
        let token = try peekToken("a type for column \(column)")
        let type = try identifier("a type for column \(column)")
        switch type {
        case "text", "integer", "bigint", "date", "timestamp", "boolean":
            return type
        case "varchar", "char":
            try expectSymbol("(", "after \(type): give its length, e.g. \(type)(10)")
            let length = try number("the length of \(type)")
            guard length >= 1 else {
                throw error(at: token, "\(type) needs a length of at least 1")
            }
            try expectSymbol(")", "after the length of \(type)")
            return "\(type)(\(length))"
        case "numeric":
            try expectSymbol("(", "after numeric: give precision and scale, e.g. numeric(5, 2)")
            let precision = try number("the precision of numeric")
            try expectSymbol(",", "between the precision and the scale of numeric")
            let scale = try number("the scale of numeric")
            try expectSymbol(")", "after the scale of numeric")
            guard (1...1000).contains(precision), scale <= precision else {
                throw error(
                    at: token, "numeric(\(precision), \(scale)) needs 1 <= precision <= 1000 and scale <= precision")
            }
            return "numeric(\(precision),\(scale))"
        default:
            throw error(
                at: token,
                "unsupported type '\(type)' for column \(column); use text, varchar(n), char(n), integer, bigint, "
                    + "date, timestamp, boolean or numeric(p, s)")
        }
    }
}
