import Projections

/// Turns contract rows into `CompiledCell`s, numbering the lookup, first-row and group-maximum indexes they need.
struct CellCompiler {
    /// The run's inputs (schema, code sets).
    let inputs: ETLInputs
    /// `TABLE.COLUMN` of each lookup index, by slot.
    private(set) var lookupSlots: [String] = []
    /// `TABLE.COLUMN` of each first-row-by-value index, by slot.
    private(set) var firstRowSlots: [String] = []
    /// Group-maximum indexes handed out so far.
    private(set) var groupSlots = 0
    /// Group maxima compiled for the variant being compiled.
    private var pendingGroups: [(value: Int, group: Int, slot: Int)] = []

    /// A compiler for one run's inputs.
    init(inputs: ETLInputs) {
        self.inputs = inputs
    }

    /// The cell for `column`: NULL when no active row fills it, otherwise the row's pipeline resolved.
    mutating func compile(
        _ row: MappingRow?, column: ColumnSchema, source: SourceTable, rule: ContractTableRule
    ) throws(ContractETLError) -> CompiledCell {
        let check: TargetColumnCheck
        do {
            check = try TargetColumnCheck(column)
        } catch {
            throw ContractETLError(.schemaUnsupported, error.message)
        }
        guard let row else {
            return CompiledCell(
                rowID: "", field: "", inputs: [], steps: [], critical: false, codeSet: nil, check: check,
                nullable: column.nullable)
        }
        let transform: Transform
        do {
            transform = try Transform.parse(row.transform)
        } catch {
            throw ContractETLError(.contractInvalid, "row \(row.id): \(error.message)")
        }
        let fields = MappingContract.sourceFields(of: row)
        let positions = fields.compactMap { name in source.columns.firstIndex { $0.name == name } }
        var steps: [CompiledStep] = []
        for step in transform.steps {
            steps.append(contentsOf: compile(step, source: source, fields: fields, positions: positions))
        }
        let firstCodeSet = transform.steps.lazy.flatMap(\.codeSets).first
        return CompiledCell(
            rowID: row.id, field: row.sourceField, inputs: positions, steps: steps, critical: row.critical,
            codeSet: row.codeSet ?? firstCodeSet, check: check, nullable: column.nullable)
    }

    /// The first-row slot of `table.column`, created on first use.
    mutating func firstRowSlot(table: String, column: String) -> Int {
        slot(of: "\(table).\(column)", in: &firstRowSlots)
    }

    /// The group maxima compiled since the last call (one variant's worth).
    mutating func takeGroupMaxima() -> [(value: Int, group: Int, slot: Int)] {
        defer { pendingGroups = [] }
        return pendingGroups
    }

    /// The compiled form(s) of one step; a crosswalk chain becomes one hop per pair.
    private mutating func compile(
        _ step: TransformStep, source: SourceTable, fields: [String], positions: [Int]
    ) -> [CompiledStep] {
        switch step {
        case .direct: return [.direct]
        case .trim: return [.trim]
        case .upper: return [.upper]
        case .lower: return [.lower]
        case .null: return [.null]
        case .integer: return [.integer]
        case .isEmpty: return [.isEmpty]
        case .nhsNumber: return [.nhsNumber]
        case .migrationDate: return [.migrationDate]
        case .constant(let value): return [.constant(value)]
        case .decimal(let precision, let scale): return [.decimal(precision: precision, scale: scale)]
        case .date(let format): return [.date(format)]
        case .datetime(let format): return [.datetime(format)]
        case .boolean(let yes, let no): return [.boolean(trueValue: yes, falseValue: no)]
        case .crosswalk(let chain):
            return zip(chain, chain.dropFirst()).map { .translate(from: $0, to: $1, memo: CrosswalkMemo()) }
        case .code(let codeSet): return [.translate(from: codeSet, to: codeSet, memo: CrosswalkMemo())]
        case .holdIfUnresolved(let from, let to): return [.hold(from: from, to: to)]
        case .map(let entries):
            return [.map(Dictionary(entries.map { ($0.source, $0.target) }, uniquingKeysWith: { first, _ in first }))]
        case .key(let prefix): return [.key(prefix: prefix + "-")]
        case .concat(let separator): return [.concat(separator: separator)]
        case .word(let number): return [.word(number)]
        case .wordsFrom(let number): return [.wordsFrom(number)]
        case .lookup(let table, let column):
            return [.lookup(slot: slot(of: "\(table).\(column)", in: &lookupSlots), table: table, column: column)]
        case .daysAtLeast(let days): return [.daysAtLeast(days)]
        case .lastInGroup(let group):
            let groupPosition = source.columns.firstIndex { $0.name == group } ?? 0
            let slot = groupSlots
            groupSlots += 1
            pendingGroups.append((positions.first ?? 0, groupPosition, slot))
            return [.lastInGroup(groupInput: groupPosition, slot: slot)]
        case .firstRowKey:
            return [.firstRowKey(slot: firstRowSlot(table: source.name, column: fields.first ?? ""))]
        }
    }

    /// The slot of `name`, added when new.
    private func slot(of name: String, in slots: inout [String]) -> Int {
        if let existing = slots.firstIndex(of: name) { return existing }
        slots.append(name)
        return slots.count - 1
    }
}
