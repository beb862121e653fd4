/// A DDL file the parser does not accept: where, and what to write instead.
///
/// The parser reads a deliberately small subset of PostgreSQL (see `DDLParser`); anything outside it is reported,
/// never skipped, because a constraint the catalog silently lost would be a constraint the migration does not check.
package struct DDLError: Error, Equatable, CustomStringConvertible {
    /// The file name used in the message (e.g. `epr_schema.sql`).
    package let source: String
    /// 1-based line of the problem.
    package let line: Int
    /// 1-based column of the problem, in characters.
    package let column: Int
    /// What is wrong and what the parser expected.
    package let message: String

    /// Creates an error at `line`:`column` of `source`.
    package init(source: String, line: Int, column: Int, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    /// `source:line:column: message`, the form editors and CI logs link to.
    package var description: String {
        "\(source):\(line):\(column): \(message)"
    }
}
