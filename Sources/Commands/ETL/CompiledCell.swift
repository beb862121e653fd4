/// One target column of one variant, ready to run: source column positions, resolved steps, and the DDL check.
///
/// A final class, not a struct: the ETL visits every cell of every row, and copying a struct of arrays and
/// strings out of its array costs a retain and a release per field each time.
final class CompiledCell {
    /// The contract row's id, for reports; empty for a column no row fills (it is written NULL).
    let rowID: String
    /// The contract row's `source_field`, written to the rejects file's `field` column.
    let field: String
    /// Positions of the source fields in the source row (model column order).
    let inputs: [Int]
    /// The pipeline; empty means NULL.
    let steps: [CompiledStep]
    /// An unmappable value rejects the record rather than being written as NULL.
    let critical: Bool
    /// The code set named in the rejects file when the cell fails outside a crosswalk.
    let codeSet: String?
    /// What the DDL demands of the column's values.
    let check: TargetColumnCheck
    /// Whether the column may be NULL.
    let nullable: Bool

    /// Creates a cell.
    init(
        rowID: String, field: String, inputs: [Int], steps: [CompiledStep], critical: Bool, codeSet: String?,
        check: TargetColumnCheck, nullable: Bool
    ) {
        self.rowID = rowID
        self.field = field
        self.inputs = inputs
        self.steps = steps
        self.critical = critical
        self.codeSet = codeSet
        self.check = check
        self.nullable = nullable
    }

    /// The target column's name.
    var column: String { check.column.name }

    /// Whether a failure of this cell rejects the record (critical, or a NOT NULL column that cannot be left empty).
    var failureBlocks: Bool { critical || !nullable }
}

/// A `TransformStep` with its names resolved to positions and indexes, so running it does no lookups by name.
enum CompiledStep {
    case direct, trim, upper, lower, null, integer, isEmpty, nhsNumber, migrationDate
    case constant(String)
    case decimal(precision: Int, scale: Int)
    case date(ContractDateFormat)
    case datetime(ContractDateFormat)
    case boolean(trueValue: String, falseValue: String)
    /// One hop of a crosswalk (`code(X)` is the hop X→X), with a memo of outcomes by raw value.
    case translate(from: String, to: String, memo: CrosswalkMemo)
    case hold(from: String, to: String)
    case map([String: String])
    /// The key prefix with its `-` already appended.
    case key(prefix: String)
    case concat(separator: String)
    case word(Int)
    case wordsFrom(Int)
    /// Index into the run's lookup indexes.
    case lookup(slot: Int, table: String, column: String)
    case daysAtLeast(Int)
    /// Position of the group column and index into the run's group maxima.
    case lastInGroup(groupInput: Int, slot: Int)
    /// Index into the run's first-row-by-value indexes.
    case firstRowKey(slot: Int)
}

/// The result of running one cell.
enum CellOutcome {
    /// The value to write; nil is NULL.
    case value(String?)
    /// The value cannot be migrated: a stable rule, the reason in words, and the code set concerned.
    case failure(rule: String, reason: String, codeSet: String?)
}

/// Crosswalk outcomes already computed for one hop, by raw value.
///
/// Code columns repeat a few dozen values millions of times; remembering the outcome saves three string hashes
/// per cell. The memo is bounded, so a column full of garbage cannot grow it without limit. A class because the
/// compiled step is a value copied into every variant's cell list; one run owns it on one thread.
final class CrosswalkMemo {
    /// Distinct values remembered at most.
    private static let limit = 4096
    /// Outcomes by raw value.
    private var outcomes: [String: CrosswalkOutcome] = [:]

    /// The outcome for `code`, computing and remembering it when new.
    func outcome(_ code: String, from: String, to: String, crosswalk: Crosswalk) -> CrosswalkOutcome {
        if let known = outcomes[code] { return known }
        let outcome = crosswalk.translate(code, from: from, to: to)
        if outcomes.count < Self.limit { outcomes[code] = outcome }
        return outcome
    }
}
