/// One step of a mapping transform: a small, closed vocabulary, so that every contract row means exactly one thing.
///
/// A transform is a pipeline of steps written `step|step|…` (see `Transform`). The first step receives the row's
/// source fields (`source_field`, several joined with `+`); every later step receives the previous step's value.
/// An empty source value is NULL and most steps pass NULL through unchanged.
package enum TransformStep: Equatable, Sendable {
    /// The value as it is.
    case direct
    /// Leading and trailing white space removed.
    case trim
    /// Upper-cased.
    case upper
    /// Lower-cased.
    case lower
    /// Always NULL: the column is deliberately left empty (only for nullable columns).
    case null
    /// A fixed value, whatever the source says.
    case constant(String)
    /// A base-10 integer, checked.
    case integer
    /// A decimal number that fits `numeric(precision, scale)`, checked.
    case decimal(precision: Int, scale: Int)
    /// A date read in the given format, written `yyyy-MM-dd`.
    case date(ContractDateFormat)
    /// A timestamp read in the given format, written `yyyy-MM-ddTHH:mm:ss` (midnight when the format has no time).
    case datetime(ContractDateFormat)
    /// `true` for the first spelling, `false` for the second, anything else is a failure: `boolean(Y/N)`.
    case boolean(trueValue: String, falseValue: String)
    /// `true` when the source value is empty, `false` otherwise (e.g. "active" = no close date).
    case isEmpty
    /// A valid NHS number (Modulus 11, not the placeholder); anything else is a failure, never a NULL.
    case nhsNumber
    /// Translated through the crosswalk along a chain of code sets: `crosswalk(A->B)` or `crosswalk(A->B->C)`.
    case crosswalk([String])
    /// An active code of one code set (retired and unknown codes fail): `code(ADMISSION_METHOD)`.
    case code(String)
    /// Passes a code through unless the crosswalk records an unresolved decision for it towards another code set.
    case holdIfUnresolved(from: String, to: String)
    /// A local vocabulary: each listed legacy value becomes its target value; an unlisted value fails.
    case map([MapEntry])
    /// A surrogate key: `PREFIX-` followed by the inputs joined with `-`; NULL when an input is empty.
    case key(prefix: String)
    /// The non-empty inputs joined with a separator: `concat(', ')`.
    case concat(separator: String)
    /// The n-th space-separated word (1-based), NULL when there are fewer words.
    case word(Int)
    /// The words from the n-th on (1-based), joined with one space, NULL when there are none.
    case wordsFrom(Int)
    /// The value of `column` in the migrated row of `table` whose primary key is the input.
    case lookup(table: String, column: String)
    /// `true` when the second input date is at least `days` days after the first.
    case daysAtLeast(Int)
    /// `true` when the input is the greatest value among source rows sharing the row's `groupColumn`.
    case lastInGroup(groupColumn: String)
    /// The source key of the first migrated row of the driving table with the same input value.
    case firstRowKey
    /// The date of the migration run, `yyyy-MM-dd`.
    case migrationDate

    /// One `legacy:target` pair of a `map(...)` step; an empty target means NULL.
    package struct MapEntry: Equatable, Sendable {
        /// The legacy value, matched exactly.
        package let source: String
        /// What it becomes; empty means NULL.
        package let target: String

        /// Creates a pair.
        package init(source: String, target: String) {
            self.source = source
            self.target = target
        }
    }

    /// How many source fields the step takes when it is first in a pipeline.
    package var arity: ClosedRange<Int> {
        switch self {
        case .null, .constant, .migrationDate: 0...0
        case .key, .concat: 1...8
        case .daysAtLeast: 2...2
        default: 1...1
        }
    }

    /// What kind of value the step produces, for checking it against the target column's type.
    package var output: TransformOutput {
        switch self {
        case .direct, .trim, .upper, .lower, .key, .concat, .word, .wordsFrom, .lookup, .firstRowKey: .text
        case .null: .null
        case .constant(let value): .literals([value])
        case .map(let entries): .literals(entries.map(\.target).filter { !$0.isEmpty })
        case .integer: .integer
        case .decimal: .decimal
        case .date, .migrationDate: .date
        case .datetime: .timestamp
        case .boolean, .isEmpty, .daysAtLeast, .lastInGroup: .boolean
        case .nhsNumber: .text
        case .crosswalk(let chain): .code(chain.last ?? "")
        case .code(let codeSet): .code(codeSet)
        case .holdIfUnresolved(let from, _): .code(from)
        }
    }

    /// The code sets the step reads or writes, for checking them against the catalog.
    package var codeSets: [String] {
        switch self {
        case .crosswalk(let chain): chain
        case .code(let codeSet): [codeSet]
        case .holdIfUnresolved(let from, let to): [from, to]
        default: []
        }
    }
}

/// The kind of value a transform produces.
package enum TransformOutput: Equatable, Sendable {
    /// Free text.
    case text
    /// Always NULL.
    case null
    /// One of a known list of literal values (a constant or a map's targets).
    case literals([String])
    /// A base-10 integer.
    case integer
    /// A decimal number.
    case decimal
    /// `yyyy-MM-dd`.
    case date
    /// `yyyy-MM-ddTHH:mm:ss`.
    case timestamp
    /// `true` or `false`.
    case boolean
    /// A code of the named code set.
    case code(String)
}
