import EventStore
import Foundation
import Projections

/// One ETL run's state: open writers, what has been accepted and rejected so far, and the indexes later tables read.
///
/// A class because every pass and record updates it; it lives for one call on the caller's thread and is never
/// shared (`migration_xref` is written by its `ProvenanceWorker`). The state kept per key — `accepted`, `targetKeys`
/// (a bit per numbered key), the lookup indexes the contract asks for (4 bytes per numbered key) and the causes of
/// rejected rows for tables whose rejections later rows ask about (`causesRead`) — lives in one bounded `PagePool`
/// that spills to a temporary file beside the outputs, so memory does not grow with the extract. What stays in
/// memory is per distinct value or per reference row: first rows only for repeated values (`RepeatedValues`),
/// keys that are not numbered, looked-up values that are not numbers.
final class ETLRun {
    /// Counts of one variant.
    struct Counts {
        var extracted = 0
        var loaded = 0
        var rejected = 0
    }

    /// Why a rejected row's family is rejected: a cause already logged (inherited from a parent) or a new text.
    enum RootCause {
        case logged(RejectCauses.Cause)
        case new(String)
    }

    /// A source row's parent that was rejected or is missing; every target row made from the source row is rejected.
    struct ParentFailure {
        let field: String
        let value: String
        let rule: String
        let reason: String
        /// The root cause, shared with the parent, to remember for this row's own children.
        let cause: RootCause
    }

    /// The run's inputs.
    let inputs: ETLInputs
    /// The compiled contract.
    let plan: ETLPlan
    /// `reports/crosswalk_rejects.csv`.
    let rejects: RejectLog
    /// One writer per target table, in schema order.
    var writers: [CSVWriter] = []
    /// Counts per variant.
    var counts: [Counts]
    /// Where the per-key state lives: `accepted`, `targetKeys`, `rejectedCauses`, the evaluator's indexes and the
    /// repeated-value finders.
    let pool: PagePool
    /// The pool of the `migration_xref` writer's key set.
    let xrefPool: PagePool
    /// Accepted source keys per source table (by ordinal).
    let accepted: [KeySet]
    /// Why each rejected source row was rejected, kept only for the tables in `causesRead`.
    let rejectedCauses: RejectCauses
    /// By source ordinal: whether a later row ever asks why a row of the table was rejected (it is the parent a
    /// primary checks, or it has dependent variants). Tables without children (diagnoses, RTT events, documents)
    /// reject tens of thousands of rows at a million patients; remembering their causes would only cost memory.
    let causesRead: [Bool]
    /// Keys written per target table (by schema index).
    let targetKeys: [KeySet]
    /// Per first-row slot in `plan.repeatedOnlySlots`, the values repeated in its column (nil: remember every
    /// value); filled before the pass of the slot's primary.
    var repeatedValues: [Set<String>?]
    /// Runs the cells and holds the lookup, first-row and group-maximum indexes.
    let evaluator: CellEvaluator
    /// Writes `migration_xref` on its own thread.
    let provenance: ProvenanceWorker?
    /// Source table names by ordinal.
    let sourceNames: [String]
    /// Ordinal of each variant's source table, and of each parent a primary checks.
    let variantSource: [Int]
    /// Per variant, the source parents its primary rows are checked against (column, source ordinal).
    let variantParents: [[(column: Int, table: Int)]]

    /// Opens every output (as temporary files) and starts the provenance worker.
    init(inputs: ETLInputs, plan: ETLPlan) throws {
        self.inputs = inputs
        self.plan = plan
        let names = BuiltInSource.tables(of: inputs.sourceModel).map(\.name)
        let ordinal = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        sourceNames = names
        variantSource = plan.variants.map { ordinal[$0.source.name] ?? 0 }
        variantParents = plan.variants.map { variant in
            variant.parents.compactMap { parent in ordinal[parent.table].map { (parent.column, $0) } }
        }
        counts = Array(repeating: Counts(), count: plan.variants.count)
        var causesRead = Array(repeating: false, count: names.count)
        for (index, variant) in plan.variants.enumerated() {
            for parent in variantParents[index] {
                causesRead[parent.table] = true
            }
            if variant.role == .dependent {
                causesRead[variantSource[index]] = true
            }
        }
        self.causesRead = causesRead
        try FileManager.default.createDirectory(at: inputs.targetDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: inputs.reportsDirectory, withIntermediateDirectories: true)
        let pool = PagePool(budget: inputs.keyMemoryBudget, directory: inputs.targetDirectory.path)
        self.pool = pool
        xrefPool = PagePool(budget: inputs.keyMemoryBudget / 8, directory: inputs.targetDirectory.path)
        accepted = names.map { _ in KeySet(pool: pool) }
        rejectedCauses = RejectCauses(kept: causesRead, pool: pool)
        targetKeys = inputs.schema.map { _ in KeySet(pool: pool) }
        repeatedValues = Array(repeating: nil, count: plan.firstRowSlots.count)
        let seconds = Int(inputs.migratedAt.timeIntervalSince1970.rounded(.down))
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let second = seconds - day * 86_400
        let migrationDate = CivilDate.isoDate(ofDay: day)
        let migratedAt =
            migrationDate + "T" + String(format: "%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60)
        evaluator = CellEvaluator(
            crosswalks: inputs.crosswalks, migrationDateText: migrationDate, plan: plan, pool: pool)
        rejects = try RejectLog(
            url: inputs.reportsDirectory.appendingPathComponent(ContractETL.rejectsFileName), runID: inputs.runID)
        for table in inputs.schema {
            writers.append(
                try CSVWriter(
                    url: inputs.targetDirectory.appendingPathComponent("\(table.name).csv"),
                    header: table.columns.map(\.name)))
        }
        if let index = plan.provenance {
            let variant = plan.variants[index]
            provenance = ProvenanceWorker(
                variant: variant,
                evaluator: CellEvaluator(
                    crosswalks: inputs.crosswalks, migrationDateText: migrationDate, plan: plan, pool: PagePool()),
                writer: writers[variant.targetIndex], runID: inputs.runID, migratedAt: migratedAt,
                keys: KeySet(pool: xrefPool))
        } else {
            provenance = nil
        }
    }

    /// Runs every pass over the source tables, in contract order, then collects what the provenance worker did.
    func runPasses() throws {
        do {
            for pass in plan.passes {
                try computeGroupMaxima(pass)
                try findRepeatedValues(pass)
                try run(pass: pass)
            }
        } catch {
            // Stop the worker before the writers are abandoned; its own error, if any, matters less.
            _ = try? provenance?.finish()
            throw error
        }
        guard let provenance, let index = plan.provenance else { return try checkPools() }
        let summary = try provenance.finish()
        try checkPools()
        counts[index] = Counts(extracted: summary.extracted, loaded: summary.loaded, rejected: summary.rejected)
        let variant = plan.variants[index]
        for (key, failure, blocking) in summary.failures {
            try rejects.record(
                sourceTable: variant.source.name, sourceKey: key, field: failure.field, rawValue: failure.raw,
                codeSet: failure.codeSet, rule: blocking ? failure.rule : failure.rule + RejectLog.nulledSuffix,
                reason: failure.reason, targetTable: variant.target.name)
        }
    }

    /// Throws when per-key state was lost on the way to or from the spill file (see `PagePool`).
    private func checkPools() throws(ContractETLError) {
        do {
            try pool.checkIntact()
            try xrefPool.checkIntact()
        } catch {
            throw ContractETLError(.outputFailed, error.description)
        }
    }

    /// Stops the provenance worker and deletes every temporary file; the previous outputs stay as they were.
    func abandon() {
        _ = try? provenance?.finish()
        for writer in writers { writer.abandon() }
        rejects.abandon()
    }

    /// Reads one source table once and offers each row to every variant it drives.
    private func run(pass: [Int]) throws {
        let first = plan.variants[pass[0]]
        let stream = try SourceRowStream(
            table: first.source, directory: inputs.sourceDirectory, codeSets: inputs.codeSets)
        var distinctSeen = Array(repeating: Set<String>(), count: pass.count)
        var read = 0
        while let row = try stream.next() {
            read += 1
            var rowSubmitted = false
            for (offset, index) in pass.enumerated() {
                let variant = plan.variants[index]
                guard passes(variant, row: row, distinctSeen: &distinctSeen[offset]) else { continue }
                // Only the primary checks the row's parents: later variants follow its verdict on the same row.
                let parentFailure = variant.role == .primary ? checkParents(row, variant: index) : nil
                try process(
                    index, row: row, sourceKey: sourceKey(variant, row), parentFailure: parentFailure,
                    rowSubmitted: &rowSubmitted)
            }
            if read % ContractETL.progressInterval == 0 {
                inputs.progress?(first.source.name, read)
            }
        }
        inputs.progress?(first.source.name, read)
    }

    /// Whether `row` passes the variant's row filter.
    private func passes(_ variant: ETLPlan.Variant, row: [String], distinctSeen: inout Set<String>) -> Bool {
        switch variant.rule.filter {
        case .all:
            return true
        case .present:
            return !(variant.filterColumn.map { row[$0] } ?? "").isEmpty
        case .distinct:
            guard let value = variant.filterColumn.map({ row[$0] }), !value.isEmpty else { return false }
            return distinctSeen.insert(value).inserted
        case .duplicate:
            guard let value = variant.filterColumn.map({ row[$0] }), !value.isEmpty, let slot = variant.duplicateSlot,
                let first = evaluator.firstRows[slot].value(for: value)
            else { return false }
            return first != sourceKey(variant, row)
        }
    }

    /// The source key: the primary-key values joined with `|` (the distinct value for distinct variants).
    func sourceKey(_ variant: ETLPlan.Variant, _ row: [String]) -> String {
        if variant.sourceKey.count == 1 { return row[variant.sourceKey[0]] }
        return variant.sourceKey.map { row[$0] }.joined(separator: "|")
    }

    /// The first parent of a primary row that was rejected or is missing, if any.
    private func checkParents(_ row: [String], variant index: Int) -> ParentFailure? {
        let variant = plan.variants[index]
        for (column, table) in variantParents[index] {
            let value = row[column]
            if value.isEmpty || accepted[table].contains(value) { continue }
            let parent = sourceNames[table]
            let field = variant.source.columns[column].name
            if let cause = rejectedCauses.cause(table: table, key: value) {
                return ParentFailure(
                    field: field, value: value, rule: "PARENT_REJECTED",
                    reason: Self.reason(parent: parent, key: value, cause: cause.text), cause: .logged(cause))
            }
            let cause = "\(parent) \(value) is not in the extract (orphan reference)"
            return ParentFailure(
                field: field, value: value, rule: "PARENT_MISSING", reason: "parent " + cause, cause: .new(cause))
        }
        return nil
    }

    /// Why a row is rejected because of its parent: the parent and the root cause it carries.
    ///
    /// Only the root cause is remembered per rejected row (one logged text shared down the whole family), so a
    /// grandchild names its parent and the root, not every link between: the state stays one entry per rejected
    /// row however deep the records nest.
    static func reason(parent: String, key: String, cause: String) -> String {
        let own = "\(parent) \(key) rejected: "
        return cause.hasPrefix(own) ? "parent " + cause : "parent \(parent) \(key) rejected, because \(cause)"
    }

    /// Reads a source file once before its pass to find the repeated values of the first-row slots its primary
    /// fills, when only duplicates read them (`plan.repeatedOnlySlots`).
    private func findRepeatedValues(_ pass: [Int]) throws {
        let slots = pass.flatMap { index in
            plan.variants[index].role == .primary
                ? plan.variants[index].firstRows.filter { plan.repeatedOnlySlots.contains($0.slot) } : []
        }
        guard !slots.isEmpty else { return }
        let stream = try SourceRowStream(
            table: plan.variants[pass[0]].source, directory: inputs.sourceDirectory, codeSets: inputs.codeSets)
        var finders = slots.map { _ in RepeatedValues(pool: pool) }
        while let row = try stream.next() {
            for (offset, slot) in slots.enumerated() where !row[slot.column].isEmpty {
                finders[offset].observe(row[slot.column])
            }
        }
        for (offset, slot) in slots.enumerated() {
            repeatedValues[slot.slot] = finders[offset].repeated
        }
    }

    /// Reads a source file once before its pass to find, per group, the largest value (for `last_in_group`).
    private func computeGroupMaxima(_ pass: [Int]) throws {
        let groups = pass.flatMap { plan.variants[$0].groupMaxima }
        guard !groups.isEmpty else { return }
        let stream = try SourceRowStream(
            table: plan.variants[pass[0]].source, directory: inputs.sourceDirectory, codeSets: inputs.codeSets)
        while let row = try stream.next() {
            for group in groups {
                guard let number = Int(row[group.value]), !row[group.group].isEmpty else { continue }
                evaluator.groupMaxima[group.slot].raise(row[group.group], to: number)
            }
        }
    }
}
