import Projections

/// The contract compiled for one run: every variant's cells, what each source table must remember for later
/// tables, and the passes over the source files.
struct ETLPlan {
    /// How a variant's rows relate to its driving source table.
    enum Role {
        /// The first all-rows variant of its source table: its accepted rows are that table's accepted rows.
        case primary
        /// A later variant of a source table: a row is only written when the primary accepted the same source row.
        case dependent
        /// One row per distinct value of a column (reference values held inline); no parent checks apply.
        case distinct
        /// `migration_xref`, fed by the ETL itself.
        case provenance
    }

    /// One compiled line of `contract_tables.csv`; a class so that the per-row code does not copy it.
    final class Variant {
        let rule: ContractTableRule
        let role: Role
        let target: TableSchema
        let targetIndex: Int
        let source: SourceTable
        var cells: [CompiledCell]
        /// Position of the target's primary-key column.
        let keyColumn: Int
        /// Target columns that are foreign keys, with the index of the referenced target table.
        let foreignKeys: [(column: Int, table: Int)]
        /// Source columns forming the source key (the distinct column for `.distinct`).
        let sourceKey: [Int]
        /// Position of the row filter's column.
        let filterColumn: Int?
        /// Source foreign keys checked for a primary row: position and parent table (only parents the plan loads).
        var parents: [(column: Int, table: String)] = []
        /// Columns a primary row must remember for later lookups: position and lookup slot.
        var retained: [(column: Int, slot: Int)] = []
        /// Columns whose first accepted row per value a primary must remember: position and slot.
        var firstRows: [(column: Int, slot: Int)] = []
        /// Group maxima to compute before the pass: value position, group position, slot.
        var groupMaxima: [(value: Int, group: Int, slot: Int)] = []
        /// For a `duplicate(COL)` variant, the first-row slot it reads.
        var duplicateSlot: Int?

        /// Creates a variant; what it must remember for later variants is filled in afterwards.
        init(
            rule: ContractTableRule, role: Role, target: TableSchema, targetIndex: Int, source: SourceTable,
            cells: [CompiledCell], keyColumn: Int, foreignKeys: [(column: Int, table: Int)], sourceKey: [Int],
            filterColumn: Int?
        ) {
            self.rule = rule
            self.role = role
            self.target = target
            self.targetIndex = targetIndex
            self.source = source
            self.cells = cells
            self.keyColumn = keyColumn
            self.foreignKeys = foreignKeys
            self.sourceKey = sourceKey
            self.filterColumn = filterColumn
        }
    }

    /// Every line of `contract_tables.csv`, compiled, in processing order.
    var variants: [Variant] = []
    /// Groups of consecutive variants driven by the same source table: each group is one read of the file.
    var passes: [[Int]] = []
    /// Index of the `migration_xref` variant.
    var provenance: Int?
    /// `TABLE.COLUMN` kept for each lookup slot.
    var lookupSlots: [String] = []
    /// `TABLE.COLUMN` kept for each first-row slot.
    var firstRowSlots: [String] = []
    /// Group-maximum indexes needed.
    var groupSlots = 0
    /// First-row slots that only `duplicate(COL)` rows read, each through the filter or a `first_row_key` that is
    /// the first step of a cell on that column alone: for those, only values repeated in the column matter.
    var repeatedOnlySlots: Set<Int> = []

    /// Compiles `rows` (already validated) against the rules and the schema.
    init(rows: [MappingRow], rules: [ContractTableRule], inputs: ETLInputs) throws(ContractETLError) {
        let active = Dictionary(
            rows.filter { $0.status != .rejected }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var primaries: [String: Int] = [:]
        for (index, rule) in rules.enumerated() where rule.filter == .all && primaries[rule.sourceTable] == nil {
            primaries[rule.sourceTable] = index
        }
        var compiler = CellCompiler(inputs: inputs)
        for (index, rule) in rules.enumerated() {
            let variant = try compileVariant(
                rule, index: index, rules: rules, primaries: primaries, active: active, inputs: inputs,
                compiler: &compiler)
            variants.append(variant)
        }
        lookupSlots = compiler.lookupSlots
        firstRowSlots = compiler.firstRowSlots
        groupSlots = compiler.groupSlots
        assignRetention(compiler: compiler, primaries: primaries)
        repeatedOnlySlots = findRepeatedOnlySlots()
        for (index, variant) in variants.enumerated() {
            if variant.role == .provenance {
                provenance = index
            } else if let last = passes.last?.last, variants[last].source.name == variant.source.name {
                passes[passes.count - 1].append(index)
            } else {
                passes.append([index])
            }
        }
    }

    /// Compiles one table rule: its role, cells, keys and the parents it checks.
    private func compileVariant(
        _ rule: ContractTableRule, index: Int, rules: [ContractTableRule], primaries: [String: Int],
        active: [String: MappingRow], inputs: ETLInputs, compiler: inout CellCompiler
    ) throws(ContractETLError) -> Variant {
        guard let targetIndex = inputs.schema.firstIndex(where: { $0.name == rule.targetTable }),
            let source = BuiltInSource.table(named: rule.sourceTable, in: inputs.sourceModel)
        else {
            throw ContractETLError(
                .contractInvalid,
                "contract_tables.csv names \(rule.targetTable) or \(rule.sourceTable), which do not exist")
        }
        let target = inputs.schema[targetIndex]
        let role: Role
        if rule.sourceTable == BuiltInSource.provenanceName {
            role = .provenance
        } else if case .distinct = rule.filter {
            role = .distinct
        } else {
            role = primaries[rule.sourceTable] == index ? .primary : .dependent
        }
        let isDefault = rules.firstIndex { $0.targetTable == rule.targetTable } == index
        let suffix = isDefault ? "" : "#" + rule.variant
        var cells: [CompiledCell] = []
        for column in target.columns {
            let row = active["\(target.name).\(column.name)\(suffix)"]
            cells.append(try compiler.compile(row, column: column, source: source, rule: rule))
        }
        let columnIndex = { (name: String) in source.columns.firstIndex { $0.name == name } }
        let keyNames = role == .distinct ? [rule.filter.column ?? ""] : source.primaryKey
        let foreignKeys = target.columns.indices.compactMap { position -> (column: Int, table: Int)? in
            guard let referenced = target.columns[position].foreignKeyTable,
                let table = inputs.schema.firstIndex(where: { $0.name == referenced })
            else { return nil }
            return (position, table)
        }
        let variant = Variant(
            rule: rule, role: role, target: target, targetIndex: targetIndex, source: source, cells: cells,
            keyColumn: target.columns.firstIndex(where: \.primaryKey) ?? 0, foreignKeys: foreignKeys,
            sourceKey: keyNames.compactMap(columnIndex), filterColumn: rule.filter.column.flatMap(columnIndex))
        if role == .primary {
            variant.parents = source.columns.indices.compactMap { position in
                guard let reference = source.columns[position].foreignKey else { return nil }
                let parent = ContractValidator.tableName(reference)
                return primaries[parent].map { _ in (position, parent) }
            }
        }
        if case .duplicate(let column) = rule.filter {
            variant.duplicateSlot = compiler.firstRowSlot(table: source.name, column: column)
        }
        variant.groupMaxima = compiler.takeGroupMaxima()
        return variant
    }

    /// Tells each primary which columns to remember for the lookups and first-row indexes later variants read.
    private mutating func assignRetention(compiler: CellCompiler, primaries: [String: Int]) {
        for (slot, name) in compiler.lookupSlots.enumerated() {
            let (table, column) = Self.split(name)
            guard let primary = primaries[table],
                let position = variants[primary].source.columns.firstIndex(where: { $0.name == column })
            else { continue }
            variants[primary].retained.append((position, slot))
        }
        for (slot, name) in compiler.firstRowSlots.enumerated() {
            let (table, column) = Self.split(name)
            guard let primary = primaries[table],
                let position = variants[primary].source.columns.firstIndex(where: { $0.name == column })
            else { continue }
            variants[primary].firstRows.append((position, slot))
        }
    }

    /// The first-row slots whose every reader is a `duplicate(COL)` variant of that slot reading the raw value
    /// (the filter itself, or `first_row_key` as the first step of a one-column cell). Such a reader only passes a
    /// row whose value an earlier row holds, so values that occur once in the column never need remembering.
    private func findRepeatedOnlySlots() -> Set<Int> {
        var slots = Set(firstRowSlots.indices)
        for variant in variants {
            for cell in variant.cells {
                for (position, step) in cell.steps.enumerated() {
                    guard case .firstRowKey(let slot) = step else { continue }
                    if variant.duplicateSlot != slot || position != 0 || cell.inputs.count != 1 {
                        slots.remove(slot)
                    }
                }
            }
        }
        return slots
    }

    /// `TABLE.COLUMN` as its two names.
    private static func split(_ name: String) -> (String, String) {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }
}
