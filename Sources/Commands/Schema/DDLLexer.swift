/// Splits DDL text into tokens with their positions, and keeps the `-- codeset: NAME` annotations.
///
/// Words are lower-cased, as PostgreSQL folds unquoted identifiers and keywords. Ordinary `--` comments are dropped;
/// a comment whose text starts with `codeset:` is kept with its line so the parser can attach it to the column
/// defined on that line. Quoted identifiers, block comments and any character the subset does not use are errors.
package struct DDLLexer {
    /// One token of the DDL.
    package struct Token: Equatable, Sendable {
        /// What the token is.
        package enum Kind: Equatable, Sendable {
            /// A keyword or an identifier, lower-cased.
            case word(String)
            /// An unsigned integer, as in `varchar(10)`.
            case number(Int)
            /// A `'...'` literal with `''` already turned into `'`.
            case string(String)
            /// One of `(`, `)`, `,`, `;`, `~`.
            case symbol(Character)
        }

        /// What the token is.
        package let kind: Kind
        /// 1-based line.
        package let line: Int
        /// 1-based column, in Unicode scalars.
        package let column: Int
    }

    /// A `-- codeset: NAME` comment.
    package struct CodeSetAnnotation: Equatable, Sendable {
        /// The code set's name, e.g. `ADMISSION_METHOD`.
        package let name: String
        /// 1-based line of the comment.
        package let line: Int
        /// 1-based column where the comment starts.
        package let column: Int
    }

    /// The file name used in error messages.
    package let source: String

    /// Creates a lexer whose errors name `source`.
    package init(source: String) {
        self.source = source
    }

    /// Tokenises `text`; throws `DDLError` at the first character outside the subset.
    package func tokens(in text: String) throws -> (tokens: [Token], annotations: [CodeSetAnnotation]) {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var annotations: [CodeSetAnnotation] = []
        var index = 0
        var line = 1
        var lineStart = 0
        func fail(_ message: String, at position: Int) -> DDLError {
            DDLError(source: source, line: line, column: position - lineStart + 1, message: message)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let column = index - lineStart + 1
            switch scalar {
            case "\n":
                index += 1
                line += 1
                lineStart = index
            case " ", "\t", "\r":
                index += 1
            case "-" where index + 1 < scalars.count && scalars[index + 1] == "-":
                var end = index + 2
                while end < scalars.count && scalars[end] != "\n" {
                    end += 1
                }
                let body = String(String.UnicodeScalarView(scalars[(index + 2)..<end]))
                if let annotation = try codeSet(in: body, line: line, column: column) {
                    annotations.append(annotation)
                }
                index = end
            case "(", ")", ",", ";", "~":
                tokens.append(Token(kind: .symbol(Character(scalar)), line: line, column: column))
                index += 1
            case "'":
                var value = String.UnicodeScalarView()
                var end = index + 1
                while true {
                    guard end < scalars.count, scalars[end] != "\n" else {
                        throw fail("this string is not closed on its line; end it with '", at: index)
                    }
                    if scalars[end] == "'" {
                        if end + 1 < scalars.count && scalars[end + 1] == "'" {
                            value.append("'")
                            end += 2
                            continue
                        }
                        break
                    }
                    value.append(scalars[end])
                    end += 1
                }
                tokens.append(Token(kind: .string(String(value)), line: line, column: column))
                index = end + 1
            case "0"..."9":
                var end = index
                while end < scalars.count && ("0"..."9").contains(scalars[end]) {
                    end += 1
                }
                let digits = String(String.UnicodeScalarView(scalars[index..<end]))
                guard let number = Int(digits) else {
                    throw fail("the number \(digits) is too large", at: index)
                }
                tokens.append(Token(kind: .number(number), line: line, column: column))
                index = end
            case "a"..."z", "A"..."Z", "_":
                var end = index
                while end < scalars.count && Self.isWordScalar(scalars[end]) {
                    end += 1
                }
                let word = String(String.UnicodeScalarView(scalars[index..<end])).lowercased()
                tokens.append(Token(kind: .word(word), line: line, column: column))
                index = end
            case "\"":
                throw fail("quoted identifiers are not supported; use a plain lower-case name", at: index)
            case "/" where index + 1 < scalars.count && scalars[index + 1] == "*":
                throw fail("block comments are not supported; use -- comments", at: index)
            default:
                throw fail("unexpected character '\(scalar)'", at: index)
            }
        }
        return (tokens, annotations)
    }

    /// The annotation in a comment's text (after `--`), or `nil` for an ordinary comment.
    private func codeSet(in body: String, line: Int, column: Int) throws -> CodeSetAnnotation? {
        let trimmed = body.trimming([" ", "\t", "\r"])
        guard trimmed.lowercased().hasPrefix("codeset:") else {
            return nil
        }
        let name = String(trimmed.dropFirst("codeset:".count)).trimming([" ", "\t"])
        let valid =
            !name.isEmpty && name.unicodeScalars.allSatisfy { Self.isWordScalar($0) && !("a"..."z").contains($0) }
        guard valid else {
            throw DDLError(
                source: source, line: line, column: column,
                message: "'\(trimmed)' is not a code set annotation; write -- codeset: NAME with an upper-case "
                    + "code set name such as ADMISSION_METHOD")
        }
        return CodeSetAnnotation(name: name, line: line, column: column)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}

extension String {
    /// The string without leading and trailing characters from `set` (Foundation-free, for the lexer).
    fileprivate func trimming(_ set: Set<Character>) -> String {
        var view = Substring(self)
        while let first = view.first, set.contains(first) {
            view = view.dropFirst()
        }
        while let last = view.last, set.contains(last) {
            view = view.dropLast()
        }
        return String(view)
    }
}
