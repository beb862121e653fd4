/// A parsed mapping transform: a pipeline of `TransformStep`s written `step|step|…` in the contract.
///
/// ```
/// direct
/// date(yyyy-MM-dd)
/// crosswalk(PERSON_GENDER_CODE_LEGACY->PERSON_STATED_GENDER_CODE)
/// lookup(CONSULTANT_EPISODE.SPELL_ID)|lookup(IP_SPELL.INTERNAL_NO)|key(PAT)
/// ```
///
/// The first step receives the row's source fields (zero for `null`, `constant` and `migration_date`; several for
/// `key`, `concat` and `days_at_least`; one for the rest), each later step the previous step's single value.
/// Parsing checks the grammar and the arguments; `MappingContract.validate` checks the names against the source,
/// the target and the code sets.
package struct Transform: Equatable, Sendable, CustomStringConvertible {
    /// The steps, applied left to right; never empty.
    package let steps: [TransformStep]
    /// The text it was parsed from.
    package let text: String

    /// Parses `text`; the error says which step is wrong and what to write instead.
    package static func parse(_ text: String) throws(TransformError) -> Transform {
        let pieces = try split(text)
        guard !pieces.isEmpty, !pieces.contains(where: { $0.allSatisfy(\.isWhitespace) }) else {
            throw TransformError("the transform is empty or has an empty step between | signs; write e.g. direct")
        }
        var steps: [TransformStep] = []
        for piece in pieces {
            steps.append(try TransformStep.parse(piece))
        }
        for (position, step) in steps.enumerated() where position > 0 {
            guard step.arity.contains(1) else {
                throw TransformError(
                    "\(name(of: step)) takes \(step.arity.lowerBound == 0 ? "no" : "several") inputs, so it can "
                        + "only be the first step of a pipeline")
            }
        }
        return Transform(steps: steps, text: text)
    }

    /// The text it was parsed from.
    package var description: String { text }

    /// How many source fields the pipeline takes (its first step's arity).
    package var arity: ClosedRange<Int> {
        steps[0].arity
    }

    /// What the pipeline produces (its last step's output).
    package var output: TransformOutput {
        steps[steps.count - 1].output
    }

    /// True for the bare `null` transform: the column is deliberately not filled.
    package var isNull: Bool {
        steps == [.null]
    }

    /// Splits at `|` signs outside parentheses and single quotes.
    private static func split(_ text: String) throws(TransformError) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for character in text {
            switch character {
            case "'" where depth > 0:
                quoted.toggle()
            case "(" where !quoted:
                depth += 1
            case ")" where !quoted:
                depth -= 1
                guard depth >= 0 else {
                    throw TransformError("\"\(text)\" closes a parenthesis it never opened")
                }
            case "|" where depth == 0 && !quoted:
                pieces.append(current)
                current = ""
                continue
            default:
                break
            }
            current.append(character)
        }
        guard depth == 0, !quoted else {
            throw TransformError("\"\(text)\" leaves a parenthesis or quote open")
        }
        pieces.append(current)
        return pieces
    }

    /// A step's name, for messages.
    private static func name(of step: TransformStep) -> String {
        switch step {
        case .null: "null"
        case .constant: "constant"
        case .migrationDate: "migration_date"
        case .key: "key"
        case .concat: "concat"
        case .daysAtLeast: "days_at_least"
        default: "this step"
        }
    }
}

/// Why a transform's text could not be parsed; `MappingContract` adds the row id.
package struct TransformError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and what to write instead.
    package let message: String

    /// Creates an error with a message that says what to do.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
