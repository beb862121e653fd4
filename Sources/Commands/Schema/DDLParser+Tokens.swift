/// Token-level reading: look ahead, expect, and errors that name the line.
extension DDLParser {
    func peek() -> DDLLexer.Token? {
        position < tokens.count ? tokens[position] : nil
    }

    /// The next token without consuming it; at the end of the file, an error saying what was expected.
    func peekToken(_ expected: String) throws -> DDLLexer.Token {
        guard let token = peek() else {
            throw endOfFile(expected)
        }
        return token
    }

    mutating func nextToken(_ expected: String) throws -> DDLLexer.Token {
        let token = try peekToken(expected)
        position += 1
        return token
    }

    mutating func identifier(_ expected: String) throws -> String {
        let token = try nextToken(expected)
        guard case .word(let word) = token.kind else {
            throw error(at: token, "expected \(expected), found \(describe(token))")
        }
        return word
    }

    mutating func number(_ expected: String) throws -> Int {
        let token = try nextToken(expected)
        guard case .number(let value) = token.kind else {
            throw error(at: token, "expected \(expected), found \(describe(token))")
        }
        return value
    }

    mutating func string(_ expected: String) throws -> String {
        let token = try nextToken(expected)
        guard case .string(let value) = token.kind else {
            throw error(at: token, "expected \(expected), found \(describe(token))")
        }
        return value
    }

    mutating func expectWord(_ word: String, _ context: String) throws {
        let token = try nextToken(word.uppercased())
        guard token.kind == .word(word) else {
            throw error(at: token, "expected \(word.uppercased()) (\(context)), found \(describe(token))")
        }
    }

    mutating func expectSymbol(_ symbol: Character, _ context: String) throws {
        let token = try nextToken("'\(symbol)'")
        guard isSymbol(token, symbol) else {
            throw error(at: token, "expected '\(symbol)' \(context), found \(describe(token))")
        }
    }

    /// Consumes `symbol` if it comes next.
    mutating func consumeSymbol(_ symbol: Character) -> Bool {
        guard let token = peek(), isSymbol(token, symbol) else {
            return false
        }
        position += 1
        return true
    }

    func isSymbol(_ token: DDLLexer.Token, _ symbol: Character) -> Bool {
        token.kind == .symbol(symbol)
    }

    /// How a token reads in a message: `'varchar'`, `'('`, `the number 10`, `the string 'x'`.
    func describe(_ token: DDLLexer.Token) -> String {
        switch token.kind {
        case .word(let word):
            return "'\(word)'"
        case .number(let value):
            return "the number \(value)"
        case .string(let value):
            return "the string '\(value)'"
        case .symbol(let symbol):
            return "'\(symbol)'"
        }
    }

    func error(at token: DDLLexer.Token, _ message: String) -> DDLError {
        DDLError(source: source, line: token.line, column: token.column, message: message)
    }

    private func endOfFile(_ expected: String) -> DDLError {
        let last = tokens.last
        return DDLError(
            source: source, line: last?.line ?? 1, column: (last?.column ?? 0) + 1,
            message: "the file ends where \(expected) was expected; a CREATE TABLE statement is incomplete")
    }
}
