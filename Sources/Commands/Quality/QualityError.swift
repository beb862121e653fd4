/// Why the quality step could not run at all.
///
/// Problems *in the target data* are never errors: they are issues in the report, so one bad row cannot hide the
/// rest. These errors are about the step's own inputs (its rule file, the schema it was handed, its parameters),
/// where carrying on would produce a report that looks complete but checked the wrong thing.
package enum QualityError: Error, Equatable, CustomStringConvertible {
    /// `quality_rules.csv` is malformed or does not list every rule exactly once.
    case ruleCatalog(String)
    /// The schema declares a column type the checks do not understand.
    case unsupportedType(table: String, column: String, type: String)
    /// A CHECK pattern in the schema is not a valid regular expression.
    case invalidPattern(table: String, column: String, pattern: String)
    /// A parameter of the step is unusable (reference date, minimum, run id).
    case invalidInput(String)
    /// The step's per-key state could not be read back from its spill file (see `PagePool`).
    case stateLost(String)

    /// Stable identifier for logs and API errors.
    package var code: String {
        switch self {
        case .ruleCatalog: "QUALITY_RULE_CATALOG"
        case .unsupportedType: "QUALITY_UNSUPPORTED_TYPE"
        case .invalidPattern: "QUALITY_INVALID_PATTERN"
        case .invalidInput: "QUALITY_INVALID_INPUT"
        case .stateLost: "QUALITY_STATE_LOST"
        }
    }

    /// A sentence an operator can act on.
    package var description: String {
        switch self {
        case .ruleCatalog(let reason):
            "quality_rules.csv: \(reason)"
        case .unsupportedType(let table, let column, let type):
            "\(table).\(column) has type \(type), which the quality checks do not know; "
                + "use text, varchar(n), char(n), integer, bigint, numeric(p,s), date, timestamp or boolean"
        case .invalidPattern(let table, let column, let pattern):
            "\(table).\(column) has CHECK pattern \(pattern), which is not a valid regular expression"
        case .invalidInput(let reason), .stateLost(let reason):
            reason
        }
    }
}
