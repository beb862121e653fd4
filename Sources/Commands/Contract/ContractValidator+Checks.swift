import Projections

extension ContractValidator {
    /// The transform's output must fit the target column: its code set, its type and its CHECK list.
    mutating func checkOutput(_ transform: Transform, row: MappingRow, column: ColumnSchema) {
        let id = row.id
        let output = transform.output
        if let codeSet = column.codeSet {
            if row.codeSet != codeSet {
                problem(id, .codeSet, "code_set says \(row.codeSet ?? "nothing") but \(column.name) holds \(codeSet)")
            }
            switch output {
            case .code(let produced) where produced == codeSet:
                break
            case .null, .literals:
                break
            default:
                problem(
                    id, .codeSet,
                    "\(column.name) holds \(codeSet) codes; end the transform with code(\(codeSet)) or "
                        + "crosswalk(...->\(codeSet)) so every value is checked")
            }
        } else if let codeSet = row.codeSet {
            problem(id, .codeSet, "code_set says \(codeSet) but \(column.name) has no code set; leave code_set empty")
        }
        let check: TargetColumnCheck
        do {
            check = try TargetColumnCheck(column)
        } catch {
            problem(id, .unknownTarget, error.message)
            return
        }
        let hint = Self.typeHint(check.kind)
        switch output {
        case .literals(let values):
            for value in values {
                if let violation = check.violation(of: value) {
                    problem(
                        id, .type,
                        "\(row.transform) can write \"\(value)\", which \(column.name) refuses: \(violation.message)")
                }
            }
        case .date where ![.date, .text].contains(check.kind),
            .timestamp where ![.timestamp, .text].contains(check.kind),
            .boolean where ![.boolean, .text].contains(check.kind):
            problem(id, .type, "\(column.name) is \(column.type); \(hint)")
        case .text, .code, .integer, .decimal:
            let fits: Bool
            switch check.kind {
            case .text, .varchar, .char: fits = true
            case .integer, .bigint: fits = output == .integer
            case .numeric: fits = output == .integer || output == .decimal
            case .date, .timestamp, .boolean: fits = false
            }
            if !fits { problem(id, .type, "\(column.name) is \(column.type); \(hint)") }
        default:
            break
        }
    }

    /// What to end a transform with for a column of `kind`.
    private static func typeHint(_ kind: ColumnType) -> String {
        switch kind {
        case .date: "end the transform with date(FORMAT)"
        case .timestamp: "end the transform with datetime(FORMAT)"
        case .boolean: "end the transform with boolean(TRUE/FALSE), is_empty or a map to true/false"
        case .integer, .bigint: "end the transform with integer"
        case .numeric: "end the transform with decimal(P,S) or integer"
        case .text, .varchar, .char: "write text"
        }
    }

    /// `required` must follow the DDL; NHS-critical fields must be critical.
    mutating func checkFlags(_ transform: Transform, row: MappingRow, column: ColumnSchema) {
        if !column.nullable && !row.required {
            problem(row.id, .flag, "the DDL declares \(column.name) NOT NULL; set required to yes")
        }
        let readsNHSNumber = transform.steps.contains(.nhsNumber)
        let criticalCodeSet = column.codeSet.map(MappingContract.nhsCriticalCodeSets.contains) ?? false
        if (readsNHSNumber || criticalCodeSet) && !row.critical {
            problem(
                row.id, .flag,
                "\(column.name) is NHS-critical (NHS number, gender, ethnicity, admission or discharge method): an "
                    + "unmappable value must reject the record, never be nulled; set critical to yes")
        }
    }

    /// A foreign-key column may only be filled once every variant of the table it references has been loaded.
    mutating func checkLoadOrder(_ transform: Transform, row: MappingRow, column: ColumnSchema, variantIndex: Int) {
        guard let referenced = column.foreignKeyTable, referenced != row.targetTable, !transform.isNull else { return }
        for (index, rule) in rules.enumerated() where rule.targetTable == referenced && index > variantIndex {
            problem(
                row.id, .tablePlan,
                "\(column.name) references \(referenced), but contract_tables.csv loads \(referenced) "
                    + "(\(rule.variant)) after \(row.targetTable); move it above")
        }
    }

    /// The table rules: known tables, unique variants, filters on real columns, every target table driven, and
    /// every source table's parents loaded before it.
    mutating func checkTablePlan() {
        var seen = Set<String>()
        for (index, rule) in rules.enumerated() {
            let subject = "contract_tables.csv line \(index + 2) (\(rule.targetTable)#\(rule.variant))"
            if !seen.insert(rule.targetTable + "#" + rule.variant).inserted {
                problem(subject, .tablePlan, "the variant is listed twice; keep one line")
            }
            if target[rule.targetTable] == nil {
                problem(subject, .unknownTarget, "\(rule.targetTable) is not in the EPR DDL")
            }
            guard let table = BuiltInSource.table(named: rule.sourceTable, in: source) else {
                problem(subject, .unknownSource, "\(rule.sourceTable) is not in the source model")
                continue
            }
            if let column = rule.filter.column, table.column(named: column) == nil {
                problem(subject, .unknownSource, "row filter \(rule.filter): \(table.name) has no column \(column)")
            }
            let isProvenance = rule.sourceTable == BuiltInSource.provenanceName
            if isProvenance != (rule.targetTable == "migration_xref") {
                problem(
                    subject, .tablePlan, "migration_xref, and only it, is driven by \(BuiltInSource.provenanceName)")
            }
            checkParents(of: table, rule: rule, index: index, subject: subject)
        }
        for name in target.keys.sorted() where !rules.contains(where: { $0.targetTable == name }) {
            problem(name, .tablePlan, "no line of contract_tables.csv drives \(name); add one")
        }
    }

    /// The rule's filter fits its position, and every source parent is loaded before it.
    private mutating func checkParents(of table: SourceTable, rule: ContractTableRule, index: Int, subject: String) {
        switch rule.filter {
        case .distinct:
            return
        case .present, .duplicate:
            if (primaryIndex[rule.sourceTable] ?? Int.max) > index {
                problem(
                    subject, .tablePlan,
                    "a \(rule.filter) variant needs an all-rows variant of \(rule.sourceTable) above it (its rows "
                        + "are children of that one)")
            }
        case .all:
            break
        }
        for column in table.columns {
            guard let reference = column.foreignKey else { continue }
            let parent = Self.tableName(reference)
            guard parent != table.name, let parentIndex = primaryIndex[parent], parentIndex > index else { continue }
            problem(
                subject, .tablePlan,
                "\(table.name).\(column.name) refers to \(parent), which is loaded later (line \(parentIndex + 2)); "
                    + "move that line above this one")
        }
    }
}
