/// One line of a ZWRITE export: a global node and its value, e.g. `^PAT(123,"A")="SMITH^JOHN"`.
package struct ZWriteNode: Sendable, Equatable {
    /// Global name without the caret, e.g. `PAT`.
    package var global: String
    /// Subscripts as text: a numeric subscript in its canonical form (`123`), a string subscript decoded.
    package var subscripts: [String]
    /// The node's value, decoded (doubled quotes undone, `$C(…)` expanded, `_` pieces joined).
    package var value: String

    /// Creates a node.
    package init(global: String, subscripts: [String], value: String) {
        self.global = global
        self.subscripts = subscripts
        self.value = value
    }
}

/// A line that is not valid ZWRITE; `column` is 1-based, in Unicode scalars.
package struct ZWriteSyntaxError: Error, Equatable, Sendable {
    /// 1-based column on the line.
    package var column: Int
    /// What was expected.
    package var message: String

    /// Creates an error.
    package init(column: Int, _ message: String) {
        self.column = column
        self.message = message
    }
}
