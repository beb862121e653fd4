import Projections

/// What the EPR's DDL demands of one column's values: type, length, CHECK list and pattern, compiled once.
///
/// The same check runs three times on purpose: on contract literals when the contract is validated, on every cell
/// before the ETL writes a row (a violating row is rejected, never written), and on every cell read back from the
/// written files by `TargetConformanceChecker` (an independent second look, as the database would give). NOT NULL
/// is the caller's business, because an empty cell means NULL and is never passed here.
///
/// Not `Sendable`: the compiled pattern is a `Regex`, and one check belongs to one run (or one thread of the
/// re-check). A final class so that the ETL's per-cell use does not copy the column description each time.
package final class TargetColumnCheck {
    /// A value the column would refuse: a stable rule id and a sentence saying why.
    package struct Violation: Equatable, Sendable {
        /// `TARGET_TYPE`, `TARGET_LENGTH`, `TARGET_CHECK` or `TARGET_PATTERN`.
        package let rule: String
        /// What is wrong with the value.
        package let message: String
    }

    /// The column as the DDL declares it.
    package let column: ColumnSchema
    /// Its type, parsed: the one `ColumnType` the quality step checks the written files with too.
    package let kind: ColumnType
    /// The CHECK list, if any.
    private let allowed: Set<String>?
    /// The compiled pattern, if any.
    private let pattern: Regex<AnyRegexOutput>?
    /// Plain text with no CHECK list or pattern: nothing to check, the common case.
    private let unconstrained: Bool

    /// Compiles the checks of `column`; throws when its type or pattern is not one this product understands.
    package init(_ column: ColumnSchema) throws(TransformError) {
        self.column = column
        guard let kind = ColumnType(declared: column.type) else {
            throw TransformError("column \(column.name) has type \(column.type), which the ETL cannot check")
        }
        self.kind = kind
        self.allowed = column.allowedValues.map(Set.init)
        if let text = column.pattern {
            do {
                pattern = try Regex(text)
            } catch {
                throw TransformError("column \(column.name) has pattern \(text), which does not compile: \(error)")
            }
        } else {
            pattern = nil
        }
        unconstrained = kind == .text && column.allowedValues == nil && column.pattern == nil
    }

    /// The first reason the column refuses `value` (which is not empty), or nil when it accepts it.
    package func violation(of value: String) -> Violation? {
        if unconstrained { return nil }
        if let message = typeProblem(value) {
            return Violation(rule: message.rule, message: message.text)
        }
        if let allowed, !allowed.contains(value) {
            return Violation(
                rule: "TARGET_CHECK",
                message: "\"\(value)\" is not allowed in \(column.name)"
                    + (column.codeSet.map { " (code set \($0): active codes only)" } ?? ""))
        }
        // Tested through the column first: binding the optional Regex copies it, which is not free per cell.
        if column.pattern != nil, let pattern, value.firstMatch(of: pattern) == nil {
            return Violation(
                rule: "TARGET_PATTERN",
                message: "\"\(value)\" does not match \(column.name)'s pattern \(column.pattern ?? "")")
        }
        return nil
    }

    /// Why `value` does not fit the column's type or length, if it does not.
    private func typeProblem(_ value: String) -> (rule: String, text: String)? {
        switch kind.problem(with: value) {
        case nil:
            return nil
        case .length(let characters):
            return ("TARGET_LENGTH", "\(column.name) holds \(kind.expectation), got \(characters)")
        case .notOfType:
            let expected: String
            switch kind {
            case .integer: expected = "is not an integer"
            case .bigint: expected = "is not a bigint"
            case .numeric(let precision, let scale): expected = "does not fit numeric(\(precision),\(scale))"
            case .date: expected = "is not a yyyy-MM-dd date"
            case .timestamp: expected = "is not a yyyy-MM-ddTHH:mm:ss timestamp"
            case .boolean: expected = "is not true or false"
            case .text, .varchar, .char: expected = "is not \(kind.expectation)"
            }
            return ("TARGET_TYPE", "\"\(value)\" \(expected) for \(column.name)")
        }
    }
}
