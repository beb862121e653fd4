import Projections

/// Constraints (PRIMARY KEY, FOREIGN KEY / REFERENCES, CHECK) and codeset annotations.
extension DDLParser {
    /// The two CHECK forms the subset knows.
    enum Check {
        case allowedValues([String])
        case pattern(String)
    }

    mutating func parseTableConstraint(of table: inout TableSchema, hasPrimaryKey: inout Bool) throws {
        let token = try nextToken("a table constraint")
        switch token.kind {
        case .word("primary"):
            try expectWord("key", "after PRIMARY")
            if hasPrimaryKey {
                throw error(at: token, "table \(table.name) already has a PRIMARY KEY")
            }
            try expectSymbol("(", "after PRIMARY KEY")
            repeat {
                let index = try definedColumn(in: table, "a primary key column")
                table.columns[index].primaryKey = true
                table.columns[index].nullable = false
            } while consumeSymbol(",")
            try expectSymbol(")", "after the primary key columns")
            hasPrimaryKey = true
        case .word("foreign"):
            try expectWord("key", "after FOREIGN")
            try expectSymbol("(", "after FOREIGN KEY")
            let index = try definedColumn(in: table, "the foreign key column")
            if peek().map({ isSymbol($0, ",") }) == true {
                throw error(at: token, "composite foreign keys are not supported; reference a single-column key")
            }
            try expectSymbol(")", "after the foreign key column")
            try expectWord("references", "after FOREIGN KEY (column)")
            let name = table.columns[index].name
            if let existing = table.columns[index].foreignKey {
                throw error(at: token, "column \(name) already references \(existing)")
            }
            table.columns[index].foreignKey = try parseReferenceTarget(from: table.name, column: name)
        default:
            try expectSymbol("(", "after CHECK")
            let index = try definedColumn(in: table, "the column the CHECK is about")
            try applyCheck(try parseCheckCondition(), to: &table.columns[index], at: token)
            try expectSymbol(")", "to close the CHECK")
        }
    }

    /// Reads `CHECK (column IN (...))` or `CHECK (column ~ '...')` after the CHECK keyword of a column definition.
    mutating func parseCheck(on column: inout ColumnSchema, checkToken: DDLLexer.Token) throws {
        try expectSymbol("(", "after CHECK")
        let subject = try peekToken("the column the CHECK is about")
        let name = try identifier("the column the CHECK is about")
        guard name == column.name else {
            throw error(
                at: subject,
                "a CHECK in the definition of column \(column.name) must be about \(column.name), not \(name); "
                    + "write it on \(name)'s line or as a table-level CHECK")
        }
        try applyCheck(try parseCheckCondition(), to: &column, at: checkToken)
        try expectSymbol(")", "to close the CHECK")
    }

    /// Reads `table (column)` after REFERENCES and returns `table.column`, checking that it is a primary key.
    mutating func parseReferenceTarget(from table: String, column: String) throws -> String {
        let tableToken = try peekToken("the referenced table")
        let target = try identifier("the referenced table")
        try expectSymbol("(", "after the referenced table: REFERENCES \(target) (column)")
        let columnToken = try peekToken("the referenced column")
        let targetColumn = try identifier("the referenced column")
        if peek().map({ isSymbol($0, ",") }) == true {
            throw error(at: columnToken, "composite foreign keys are not supported; reference a single-column key")
        }
        try expectSymbol(")", "after the referenced column")
        if target == table {
            selfReferences.append((column: targetColumn, token: columnToken))
        } else {
            guard let referenced = tables.first(where: { $0.name == target }) else {
                throw error(
                    at: tableToken,
                    "\(table).\(column) references table \(target), which is not defined above; define \(target) "
                        + "first (tables must be in dependency order)")
            }
            try requireSinglePrimaryKey(referenced, column: targetColumn, at: columnToken)
        }
        return "\(target).\(targetColumn)"
    }

    /// Self-references can only be checked once the whole table, including a table-level PRIMARY KEY, is read.
    func checkSelfReferences(of table: TableSchema) throws {
        for reference in selfReferences {
            try requireSinglePrimaryKey(table, column: reference.column, at: reference.token)
        }
    }

    /// Gives each `-- codeset:` comment to the one column whose definition spans its line.
    mutating func attach(_ annotations: [DDLLexer.CodeSetAnnotation]) throws {
        for annotation in annotations {
            let owners = spans.filter { $0.firstLine <= annotation.line && annotation.line <= $0.lastLine }
            let at = DDLLexer.Token(kind: .word(annotation.name), line: annotation.line, column: annotation.column)
            guard let owner = owners.first else {
                throw error(
                    at: at,
                    "this codeset comment is not on a line of a column definition; put it on the line of the "
                        + "column it describes")
            }
            guard owners.count == 1 else {
                throw error(
                    at: at,
                    "several columns are defined on line \(annotation.line); put the column this codeset comment "
                        + "describes on its own line")
            }
            let column = tables[owner.table].columns[owner.column]
            if let existing = column.codeSet {
                throw error(
                    at: at, "column \(tables[owner.table].name).\(column.name) already has code set \(existing)")
            }
            tables[owner.table].columns[owner.column].codeSet = annotation.name
        }
    }

    private mutating func parseCheckCondition() throws -> Check {
        let token = try nextToken("IN or ~ in the CHECK")
        switch token.kind {
        case .word("in"):
            try expectSymbol("(", "after IN")
            var values: [String] = []
            repeat {
                let valueToken = try peekToken("a quoted value")
                let value = try string("a quoted value such as '1'")
                if values.contains(value) {
                    throw error(at: valueToken, "'\(value)' is listed twice in this CHECK")
                }
                values.append(value)
            } while consumeSymbol(",")
            try expectSymbol(")", "after the last value of IN (...)")
            return .allowedValues(values)
        case .symbol("~"):
            return .pattern(try string("a quoted regular expression"))
        default:
            throw error(
                at: token,
                "unexpected \(describe(token)) in CHECK; this parser reads CHECK (column IN ('a', 'b')) and "
                    + "CHECK (column ~ 'regex')")
        }
    }

    private func applyCheck(_ check: Check, to column: inout ColumnSchema, at token: DDLLexer.Token) throws {
        switch check {
        case .allowedValues(let values):
            if column.allowedValues != nil {
                throw error(at: token, "column \(column.name) already has a CHECK ... IN list; merge the two")
            }
            column.allowedValues = values
        case .pattern(let pattern):
            if column.pattern != nil {
                throw error(at: token, "column \(column.name) already has a CHECK ... ~ pattern; merge the two")
            }
            column.pattern = pattern
        }
    }

    /// Reads a column name that must already be defined in `table`; returns its index.
    private mutating func definedColumn(in table: TableSchema, _ what: String) throws -> Int {
        let token = try peekToken(what)
        let name = try identifier(what)
        guard let index = table.columns.firstIndex(where: { $0.name == name }) else {
            throw error(
                at: token,
                "column \(name) is not defined above in table \(table.name); define it before this constraint")
        }
        return index
    }

    private func requireSinglePrimaryKey(_ table: TableSchema, column: String, at token: DDLLexer.Token) throws {
        guard table.column(named: column) != nil else {
            throw error(at: token, "table \(table.name) has no column \(column)")
        }
        guard table.primaryKey == [column] else {
            throw error(
                at: token,
                "\(table.name).\(column) is not the primary key of \(table.name); a foreign key must reference "
                    + "\(table.primaryKey.map { "\(table.name).\($0)" }.joined(separator: ", "))")
        }
    }
}
