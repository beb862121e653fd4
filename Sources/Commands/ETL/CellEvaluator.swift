import Foundation

/// Runs compiled cells on source rows, and holds the indexes their lookups read.
///
/// One evaluator per thread: the ETL's main thread owns one whose indexes fill up as parents are accepted; the
/// provenance worker owns another with empty indexes (the `migration_xref` variant uses no lookups). A class so
/// the indexes are updated in place; not `Sendable`.
final class CellEvaluator {
    /// The layout dates are written in.
    private static let isoDate = ContractDateFormat("yyyy-MM-dd")
    /// The crosswalk every code goes through.
    let crosswalks: Crosswalk
    /// The run's date for `migration_date`, ISO.
    let migrationDateText: String
    /// Remembered parent columns, by lookup slot.
    let lookups: [KeyValueIndex]
    /// First migrated row per value, by first-row slot.
    let firstRows: [KeyValueIndex]
    /// Largest value per group, by group slot.
    let groupMaxima: [KeyValueIndex]

    /// An evaluator with empty indexes sized for `plan`.
    init(crosswalks: Crosswalk, migrationDateText: String, plan: ETLPlan, pool: PagePool) {
        self.crosswalks = crosswalks
        self.migrationDateText = migrationDateText
        lookups = plan.lookupSlots.map { _ in KeyValueIndex(pool: pool) }
        firstRows = plan.firstRowSlots.map { _ in KeyValueIndex(pool: pool) }
        groupMaxima = (0..<plan.groupSlots).map { _ in KeyValueIndex(pool: pool) }
    }

    /// One field that cannot be migrated as it is.
    struct Failure {
        let field: String
        let column: String
        let raw: String
        let codeSet: String?
        let rule: String
        let reason: String
    }

    /// A candidate target row: its values (empty = NULL) and what failed, split by whether it blocks the record.
    struct Assembly {
        var values: [String] = []
        var blocking: [Failure] = []
        var nulled: [Failure] = []
    }

    /// Runs every cell of `variant` on `row` and checks each value against the DDL (type, length, CHECK list,
    /// pattern, NOT NULL). A failure of a critical or NOT NULL column blocks the record; any other is nulled.
    func assemble(_ variant: ETLPlan.Variant, row: [String]) -> Assembly {
        var assembly = Assembly()
        assembly.values.reserveCapacity(variant.cells.count)
        for cell in variant.cells {
            var failure: Failure?
            switch evaluate(cell, row: row) {
            case .value(let value?) where !value.isEmpty:
                if let violation = cell.check.violation(of: value) {
                    failure = Self.failure(cell, row, rule: violation.rule, reason: violation.message, codeSet: nil)
                } else {
                    assembly.values.append(value)
                    continue
                }
            case .value:
                if !cell.nullable {
                    failure = Self.failure(
                        cell, row, rule: "REQUIRED_MISSING",
                        reason: "\(variant.target.name).\(cell.column) is NOT NULL but the source value is empty",
                        codeSet: nil)
                }
            case .failure(let rule, let reason, let codeSet):
                failure = Self.failure(cell, row, rule: rule, reason: reason, codeSet: codeSet)
            }
            // An empty string is NULL, exactly as the CSV will hold it, so the row is written without conversion.
            assembly.values.append("")
            if let failure {
                if cell.failureBlocks { assembly.blocking.append(failure) } else { assembly.nulled.append(failure) }
            }
        }
        return assembly
    }

    /// A failure of `cell` on `row`, with the raw source value(s).
    private static func failure(_ cell: CompiledCell, _ row: [String], rule: String, reason: String, codeSet: String?)
        -> Failure
    {
        let raw = cell.inputs.count == 1 ? row[cell.inputs[0]] : cell.inputs.map { row[$0] }.joined(separator: "+")
        return Failure(
            field: cell.field.isEmpty ? cell.column : cell.field, column: cell.column, raw: raw,
            codeSet: codeSet ?? cell.codeSet, rule: rule, reason: reason)
    }

    /// Runs one cell's pipeline on a source row. An empty source value is NULL; most steps pass NULL through.
    func evaluate(_ cell: CompiledCell, row: [String]) -> CellOutcome {
        guard let first = cell.steps.first else { return .value(nil) }
        var value: String?
        var remaining = cell.steps[...]
        if cell.inputs.count == 1 {
            let raw = row[cell.inputs[0]]
            value = raw.isEmpty ? nil : raw
        } else if cell.inputs.count > 1 {
            let values = cell.inputs.map { row[$0] }
            remaining = remaining.dropFirst()
            switch combine(first, values) {
            case .value(let combined): value = combined
            case .failure(let rule, let reason, let codeSet):
                return .failure(rule: rule, reason: reason, codeSet: codeSet)
            }
        }
        for step in remaining {
            switch apply(step, value, row: row) {
            case .value(let next): value = next
            case .failure(let rule, let reason, let codeSet):
                return .failure(rule: rule, reason: reason, codeSet: codeSet ?? cell.codeSet)
            }
        }
        return .value(value)
    }

    /// The first step of a pipeline that reads several source fields.
    private func combine(_ step: CompiledStep, _ values: [String]) -> CellOutcome {
        switch step {
        case .key(let prefix):
            return .value(values.contains(where: \.isEmpty) ? nil : prefix + values.joined(separator: "-"))
        case .concat(let separator):
            let present = values.filter { !$0.isEmpty }
            return .value(present.isEmpty ? nil : present.joined(separator: separator))
        case .daysAtLeast(let days):
            guard !values[0].isEmpty, !values[1].isEmpty else { return .value(nil) }
            guard let from = Self.isoDate?.dayNumber(values[0]), let to = Self.isoDate?.dayNumber(values[1]) else {
                return .failure(
                    rule: "FORMAT_DATE", reason: "\"\(values[0])\" or \"\(values[1])\" is not a yyyy-MM-dd date",
                    codeSet: nil)
            }
            return .value(to - from >= days ? "true" : "false")
        default:
            return apply(step, values.first.flatMap { $0.isEmpty ? nil : $0 }, row: values)
        }
    }

    /// One step on one value; `row` is there for steps that read another column.
    private func apply(_ step: CompiledStep, _ value: String?, row: [String]) -> CellOutcome {
        switch step {
        case .null: return .value(nil)
        case .constant(let constant): return .value(constant)
        case .migrationDate: return .value(migrationDateText)
        case .isEmpty: return .value(value == nil ? "true" : "false")
        default: break
        }
        guard let value else { return .value(nil) }
        switch step {
        case .direct:
            return .value(value)
        case .trim:
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            return .value(trimmed.isEmpty ? nil : trimmed)
        case .upper:
            return .value(value.uppercased())
        case .lower:
            return .value(value.lowercased())
        case .integer:
            return Int(value) != nil ? .value(value) : format("FORMAT_INTEGER", "\"\(value)\" is not a whole number")
        case .decimal(let precision, let scale):
            return ColumnType.fitsNumeric(value, precision: precision, scale: scale)
                ? .value(value)
                : format("FORMAT_DECIMAL", "\"\(value)\" is not a number within numeric(\(precision),\(scale))")
        case .date(let layout):
            return layout.isoDate(value).map { .value($0) }
                ?? format("FORMAT_DATE", "\"\(value)\" is not a date in the form \(layout)")
        case .datetime(let layout):
            return layout.isoTimestamp(value).map { .value($0) }
                ?? format("FORMAT_DATETIME", "\"\(value)\" is not a date and time in the form \(layout)")
        case .boolean(let yes, let no):
            if value == yes { return .value("true") }
            if value == no { return .value("false") }
            return format("FORMAT_BOOLEAN", "\"\(value)\" is neither \(yes) nor \(no)")
        case .nhsNumber:
            return nhsNumber(value)
        case .translate(let from, let to, let memo):
            switch memo.outcome(value, from: from, to: to, crosswalk: crosswalks) {
            case .mapped(let code): return .value(code)
            case .rejected(let rule, let reason): return .failure(rule: rule, reason: reason, codeSet: from)
            }
        case .hold(let from, let to):
            guard let entry = crosswalks.entry(for: value, from: from, to: to), !entry.autoMap,
                case .rejected(let rule, let reason) = crosswalks.translate(value, from: from, to: to)
            else { return .value(value) }
            return .failure(
                rule: rule, reason: reason + "; the record is held until a steward approves a policy", codeSet: from)
        case .map(let entries):
            guard let target = entries[value] else {
                return format(
                    "MAP_UNLISTED_VALUE", "\"\(value)\" is not listed in the contract's map; list it or fix the source")
            }
            return .value(target.isEmpty ? nil : target)
        case .key(let prefix):
            return .value(prefix + value)
        case .concat:
            return .value(value)
        case .word(let number), .wordsFrom(let number):
            let words = value.split(separator: " ")
            guard words.count >= number else { return .value(nil) }
            if case .word = step { return .value(String(words[number - 1])) }
            return .value(words[(number - 1)...].joined(separator: " "))
        case .lookup(let slot, let table, let column):
            return lookups[slot].value(for: value).map { .value($0) }
                ?? format("LOOKUP_NOT_FOUND", "no migrated \(table) row \(value) to read \(column) from")
        case .daysAtLeast:
            return format("FORMAT_DATE", "days_at_least needs two dates")
        case .lastInGroup(let group, let slot):
            guard let number = Int(value) else { return format("FORMAT_INTEGER", "\"\(value)\" is not a whole number") }
            return .value(groupMaxima[slot].number(for: row[group]) == number ? "true" : "false")
        case .firstRowKey(let slot):
            return firstRows[slot].value(for: value).map { .value($0) }
                ?? format("LOOKUP_NOT_FOUND", "no earlier migrated row has \(value)")
        case .null, .constant, .migrationDate, .isEmpty:
            return .value(nil)
        }
    }

    /// A failure outside any code set.
    private func format(_ rule: String, _ reason: String) -> CellOutcome {
        .failure(rule: rule, reason: reason, codeSet: nil)
    }

    /// The NHS number, or a failure naming the defect.
    private func nhsNumber(_ value: String) -> CellOutcome {
        let defect: NHSNumberDefect
        switch NHSNumber.validate(value) {
        case .valid(let number), .suspicious(let number, _):
            return .value(number.digits)
        case .invalid(let found):
            defect = found
        }
        let why: String
        switch defect {
        case .nonDigit: why = "it contains a character other than a digit"
        case .wrongLength(let count): why = "it has \(count) digits, not 10"
        case .placeholder: why = "0000000000 is the placeholder for an unknown number"
        case .checkDigitIsTen: why = "Modulus 11 gives 10, so no valid number starts with these nine digits"
        case .checkDigitMismatch(let expected, let found):
            why = "its check digit is \(found), Modulus 11 gives \(expected)"
        }
        return .failure(rule: defect.rule, reason: "\"\(value)\" is not a valid NHS number: \(why)", codeSet: nil)
    }
}
