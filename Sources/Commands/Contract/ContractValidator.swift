import Projections

/// The checks behind `MappingContract.validate`, row by row, collecting problems instead of stopping.
struct ContractValidator {
    /// The legacy model.
    let source: SourceModel
    /// The EPR tables by name.
    let target: [String: TableSchema]
    /// The table rules, in processing order.
    let rules: [ContractTableRule]
    /// The crosswalk and its catalog.
    let crosswalk: Crosswalk
    /// Position in `rules` of the first all-rows variant of each source table: where its rows are accepted.
    let primaryIndex: [String: Int]
    private(set) var problems: [ContractProblem] = []

    /// A validator with no problems yet.
    init(source: SourceModel, target: [TableSchema], rules: [ContractTableRule], crosswalk: Crosswalk) {
        self.source = source
        self.target = Dictionary(target.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.rules = rules
        self.crosswalk = crosswalk
        var primary: [String: Int] = [:]
        for (index, rule) in rules.enumerated() where rule.filter == .all && primary[rule.sourceTable] == nil {
            primary[rule.sourceTable] = index
        }
        self.primaryIndex = primary
    }

    /// Records a problem about `subject` (a row id or a table-rule line).
    mutating func problem(_ subject: String, _ kind: ContractProblem.Kind, _ message: String) {
        problems.append(ContractProblem(subject, kind, message))
    }

    /// Checks one row against the source, the target, the code sets and the table rules.
    mutating func check(_ row: MappingRow) {
        let id = row.id
        guard let parsed = MappingContract.parseID(id), parsed.table == row.targetTable,
            parsed.column == row.targetField
        else {
            let expected = "\(row.targetTable).\(row.targetField)"
            problem(id, .badRowID, "the id must be \(expected) (or \(expected)#VARIANT) to match its target")
            return
        }
        guard let table = target[row.targetTable] else {
            problem(id, .unknownTarget, "target table \(row.targetTable) is not in the EPR DDL; check the spelling")
            return
        }
        guard let column = table.column(named: row.targetField) else {
            let names = table.columns.map(\.name).joined(separator: ", ")
            problem(id, .unknownTarget, "\(row.targetTable) has no column \(row.targetField); its columns are \(names)")
            return
        }
        let variants = rules.indices.filter { rules[$0].targetTable == row.targetTable }
        guard
            let variantIndex = parsed.variant.map({ name in variants.first { rules[$0].variant == name } })
                ?? variants.first
        else {
            problem(
                id, .tablePlan,
                "variant \(parsed.variant ?? "(default)") of \(row.targetTable) is not listed in contract_tables.csv")
            return
        }
        let rule = rules[variantIndex]
        guard row.sourceTable == rule.sourceTable else {
            problem(
                id, .unknownSource,
                "source_table is \(row.sourceTable), but this variant of \(row.targetTable) is driven by "
                    + "\(rule.sourceTable); use \(rule.sourceTable) or list another variant")
            return
        }
        guard let sourceTable = BuiltInSource.table(named: row.sourceTable, in: source) else {
            problem(id, .unknownSource, "source table \(row.sourceTable) is not in the source model")
            return
        }
        let fields = MappingContract.sourceFields(of: row)
        for field in fields where sourceTable.column(named: field) == nil {
            let names = sourceTable.columns.map(\.name).joined(separator: ", ")
            problem(id, .unknownSource, "\(sourceTable.name) has no column \(field); its columns are \(names)")
            return
        }
        let transform: Transform
        do {
            transform = try Transform.parse(row.transform)
        } catch {
            problem(id, .unknownTransform, "transform \"\(row.transform)\": \(error.message)")
            return
        }
        let arity = transform.arity
        guard arity.contains(fields.count) else {
            let wanted = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) or more"
            problem(
                id, .arity,
                "\(row.transform) takes \(wanted) source field(s) but source_field gives \(fields.count) "
                    + "(\(row.sourceField.isEmpty ? "none" : row.sourceField)); join several with +")
            return
        }
        var steps = StepContext(row: row, rule: rule, variantIndex: variantIndex, table: sourceTable, fields: fields)
        checkSteps(transform, &steps)
        checkOutput(transform, row: row, column: column)
        checkFlags(transform, row: row, column: column)
        checkLoadOrder(transform, row: row, column: column, variantIndex: variantIndex)
    }

    /// What the validator knows about the value flowing through a pipeline.
    struct StepContext {
        let row: MappingRow
        let rule: ContractTableRule
        let variantIndex: Int
        let table: SourceTable
        let fields: [String]
    }

    /// Code sets, lookups and row-level steps of a pipeline, following the code set the value holds.
    private mutating func checkSteps(_ transform: Transform, _ context: inout StepContext) {
        let id = context.row.id
        let single = context.fields.count == 1 ? context.table.column(named: context.fields[0]) : nil
        var codeSet = single?.codeSet
        var reference = single?.foreignKey.map(Self.tableName)
        var describe = single.map { "\(context.table.name).\($0.name)" } ?? "the input"
        for step in transform.steps {
            if context.table.name == BuiltInSource.provenanceName {
                switch step {
                case .lookup, .lastInGroup, .firstRowKey:
                    // migration_xref is written on its own thread, which sees none of the ETL's indexes.
                    problem(id, .tablePlan, "\(BuiltInSource.provenanceName) rows cannot use lookups or row indexes")
                    return
                default:
                    break
                }
            }
            for name in step.codeSets where !crosswalk.catalog.contains(codeSet: name) {
                problem(id, .codeSet, "code set \(name) is not in the bundled catalog; check the spelling")
            }
            switch step {
            case .code(let name), .holdIfUnresolved(let name, _):
                if let codeSet, codeSet != name {
                    problem(
                        id, .codeSet,
                        "\(describe) holds \(codeSet) codes but the transform reads them as \(name); "
                            + "use crosswalk(\(codeSet)->\(name)) or code(\(codeSet))")
                }
                codeSet = name
            case .crosswalk(let chain):
                if let codeSet, codeSet != chain[0] {
                    problem(
                        id, .codeSet,
                        "\(describe) holds \(codeSet) codes; start the crosswalk at \(codeSet), not \(chain[0])")
                }
                for (from, to) in zip(chain, chain.dropFirst()) where from != to {
                    if !crosswalk.entries.contains(where: { $0.sourceCodeSet == from && $0.targetCodeSet == to }) {
                        problem(
                            id, .codeSet,
                            "crosswalks.csv has no row from \(from) to \(to), so every value would be rejected; "
                                + "add the crosswalk rows or map from another code set")
                    }
                }
                codeSet = chain.last
            case .lookup(let tableName, let columnName):
                guard let next = checkLookup(tableName, columnName, reference: reference, context: context) else {
                    return
                }
                codeSet = next.codeSet
                reference = next.foreignKey.map(Self.tableName)
                describe = "\(tableName).\(columnName)"
                continue
            case .lastInGroup(let group) where context.table.column(named: group) == nil:
                problem(id, .unknownSource, "last_in_group(\(group)): \(context.table.name) has no column \(group)")
            case .firstRowKey:
                if context.rule.filter != .duplicate(context.fields.first ?? "") {
                    problem(
                        id, .tablePlan,
                        "first_row_key needs its variant's row filter to be duplicate(\(context.row.sourceField))")
                }
            default:
                codeSet = nil
            }
            reference = nil
        }
    }

    /// A lookup's table, column, input and load order; the looked-up column when valid.
    private mutating func checkLookup(
        _ tableName: String, _ columnName: String, reference: String?, context: StepContext
    ) -> SourceColumn? {
        let id = context.row.id
        guard let table = BuiltInSource.table(named: tableName, in: source), table.primaryKey.count == 1 else {
            problem(
                id, .unknownSource,
                "lookup(\(tableName).\(columnName)): \(tableName) is not a source table with a one-column key")
            return nil
        }
        guard let column = table.column(named: columnName) else {
            problem(id, .unknownSource, "lookup(\(tableName).\(columnName)): \(tableName) has no column \(columnName)")
            return nil
        }
        if reference != tableName {
            problem(
                id, .unknownSource,
                "lookup(\(tableName).\(columnName)) needs a key of \(tableName), but its input "
                    + (reference.map { "is a key of \($0)" } ?? "is not a foreign key"))
            return nil
        }
        if let primary = primaryIndex[tableName], primary >= context.variantIndex {
            problem(
                id, .tablePlan,
                "lookup(\(tableName).\(columnName)) reads \(tableName) rows, which contract_tables.csv loads later; "
                    + "move \(tableName)'s variant above \(context.rule.targetTable)'s")
        } else if primaryIndex[tableName] == nil {
            problem(
                id, .tablePlan,
                "lookup(\(tableName).\(columnName)): no variant in contract_tables.csv loads \(tableName)")
        }
        return column
    }

    /// The table of a `TABLE.COLUMN` reference.
    static func tableName(_ reference: String) -> String {
        String(reference.prefix { $0 != "." })
    }
}
