/// A CSV file that does not follow RFC 4180 (or a row that does not fit its header).
///
/// Reading is strict on purpose: a migration must never guess what a malformed extract meant, so the reader stops
/// at the first problem and says where it is and how to fix it. Positions are 1-based; `line` counts physical
/// lines of the file (a quoted field spanning lines advances it) and `column` counts Unicode scalars on that line,
/// so an editor's "go to line:column" lands on the offending character.
package struct CSVError: Error, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason; new cases may be added.
    package enum Code: String, Sendable {
        /// A quoted field is still open at the end of the file.
        case unterminatedQuote = "unterminated_quote"
        /// A `"` appears inside a field that did not start with a quote.
        case quoteInUnquotedField = "quote_in_unquoted_field"
        /// Something other than a comma or a line break follows a closing quote.
        case textAfterClosingQuote = "text_after_closing_quote"
        /// A row has more or fewer fields than the header.
        case fieldCountMismatch = "field_count_mismatch"
        /// A field's bytes are not valid UTF-8.
        case invalidUTF8 = "invalid_utf8"
        /// A field is larger than the reader's limit (usually a quote that was never closed).
        case fieldTooLong = "field_too_long"
        /// The writer was used wrongly (no header, a row of the wrong width, a write after commit).
        case invalidUse = "invalid_use"
    }

    /// Why the file was rejected.
    package let code: Code
    /// The file being read or written, as given by the caller.
    package let file: String
    /// 1-based physical line of the problem (0 when it is not about a position in the file).
    package let line: Int
    /// 1-based column, in Unicode scalars, on `line` (0 when it is not about a position in the file).
    package let column: Int
    /// What is wrong and what to do about it, in words an operator can act on.
    package let message: String

    /// Creates an error; `message` should say what to do, not only what happened.
    package init(_ code: Code, file: String, line: Int, column: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form editors and CI logs link to.
    package var description: String {
        if line == 0 {
            return "\(file): \(message)"
        }
        return "\(file):\(line):\(column): \(message)"
    }
}
