/// A mapping contract that must not be run: every problem found, each naming the row and what to do about it.
///
/// Validation collects all problems rather than stopping at the first, so a steward fixing an edited contract sees
/// the whole list at once. `description` prints one problem per line.
package struct ContractError: Error, Equatable, CustomStringConvertible {
    /// The problems, in contract order.
    package let problems: [ContractProblem]

    /// Wraps the problems found.
    package init(problems: [ContractProblem]) {
        self.problems = problems
    }

    /// Stable identifier for logs and API errors.
    package var code: String { "CONTRACT_INVALID" }

    /// One line per problem, prefixed by a count.
    package var description: String {
        let lines = problems.map { "  " + $0.description }
        return "the mapping contract has \(problems.count) problem(s):\n" + lines.joined(separator: "\n")
    }
}

/// One problem with one contract row (or one line of `contract_tables.csv`).
package struct ContractProblem: Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem; tests and API clients match on it.
    package enum Kind: String, Sendable {
        /// A file of the contract could not be read or has a malformed line.
        case malformedFile = "malformed_file"
        /// Two rows share an id, or an id does not match its target table and field.
        case badRowID = "bad_row_id"
        /// The transform does not parse.
        case unknownTransform = "unknown_transform"
        /// A source table or column that the source model does not have.
        case unknownSource = "unknown_source"
        /// A target table or column that the EPR's DDL does not have.
        case unknownTarget = "unknown_target"
        /// The transform takes a different number of source fields than the row gives.
        case arity
        /// A code set that is unknown, or does not match the source or target column's.
        case codeSet = "code_set"
        /// The transform's output does not fit the target column's type or allowed values.
        case type
        /// The required or critical flag contradicts the DDL or the data-safety rules.
        case flag
        /// The table-level rules (variants, filters, processing order) are inconsistent.
        case tablePlan = "table_plan"
    }

    /// The row id (`table.column[#variant]`) or `contract_tables.csv` position the problem is about.
    package let subject: String
    /// What kind of problem.
    package let kind: Kind
    /// What is wrong and what to do.
    package let message: String

    /// Creates a problem.
    package init(_ subject: String, _ kind: Kind, _ message: String) {
        self.subject = subject
        self.kind = kind
        self.message = message
    }

    /// `row <id>: <message>`.
    package var description: String {
        "\(subject): \(message)"
    }
}
