#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Projections

/// One streaming pass over the target tables: the contract checks, row by row, with the enterprise rules fed the
/// same rows.
///
/// Tables are read in dependency order (`TablePlan.ordered`), so when a child row is read its parent table is
/// complete and a foreign key is checked at once against the parent's `QualityKeySet`. Only references that cannot be
/// checked yet (a table pointing at itself, like `location.parent_location_id`) are held until their table is
/// complete. Memory is one row at a time plus the key sets of referenced tables (`RetainedKeySet`: a bit per
/// numbered key); other tables' keys are held while their own file is read, numbered keys as bits in a `KeySet` and
/// any others as 8-byte fingerprints. The bits and the enterprise rules' per-key facts live in one bounded
/// `PagePool`, so they do not grow memory with the number of patients.
///
/// A file that is missing, has the wrong header or is not valid CSV is one `DQ_TABLE_STRUCTURE` issue. Foreign
/// keys into such a table are not checked: every reference would fail, and one critical issue already says why.
final class QualityScan {
    /// A reference whose target table was not complete when the row was read.
    struct PendingReference {
        /// The referring row's table.
        var table: String
        /// The referring row's key.
        var recordKey: String
        /// The foreign-key column.
        var column: String
        /// The referenced `table.column`.
        var target: String
        /// The value to look up.
        var value: String
    }

    /// The folder of `<table>.csv` files.
    let directory: URL
    /// The tables, in dependency order.
    let plans: [TablePlan]
    /// Where issues go.
    let sink: IssueSink
    /// The enterprise rules, fed every row.
    let enterprise: EnterpriseRules
    /// Where the per-key state lives: key bitmaps, spell times, dates of death.
    let pool: PagePool
    /// Key sets kept for the whole run, by `table.column`.
    let retained: [String: RetainedKeySet]
    /// Rows read per table.
    private(set) var rowCounts: [String: Int] = [:]
    /// Tables read to the end.
    private var completed: Set<String> = []
    /// Tables missing, with a wrong header, or not valid CSV.
    private var unreadable: Set<String> = []
    /// References waiting for their target table.
    private var pending: [PendingReference] = []

    /// Prepares a scan of the `<table>.csv` files in `directory`.
    init(
        directory: URL, plans: [TablePlan], sink: IssueSink, referenceDay: Int, keyMemoryBudget: Int
    ) throws(QualityError) {
        self.directory = directory
        self.plans = plans
        self.sink = sink
        let tables = Set(plans.map(\.name))
        var targets = Set(
            EnterpriseRules.requiredKeySets.filter { TablePlan.table(of: $0).map(tables.contains) ?? false })
        for plan in plans {
            for column in plan.columns {
                guard let target = column.foreignKey else { continue }
                guard let table = TablePlan.table(of: target), tables.contains(table),
                    let targetPlan = plans.first(where: { $0.name == table }),
                    targetPlan.index(of: String(target.dropFirst(table.count + 1))) != nil
                else {
                    throw .invalidInput(
                        "\(plan.name).\(column.name) references \(target), which is not a column of the schema")
                }
                targets.insert(target)
            }
        }
        let pool = PagePool(budget: keyMemoryBudget, directory: directory.path)
        self.pool = pool
        var retained: [String: RetainedKeySet] = [:]
        for target in targets.sorted() {
            retained[target] = RetainedKeySet(pool: pool)
        }
        self.retained = retained
        enterprise = EnterpriseRules(
            referenceDay: referenceDay, sink: sink, patients: retained["patient.patient_id"],
            spells: retained["hospital_spell.hospital_spell_id"], pool: pool)
    }

    /// Reads every table, then runs the checks that need all of them.
    func run(minPatients: Int) throws {
        for plan in plans {
            try scan(plan)
            try resolvePending()
        }
        try resolvePending()
        let patientFile = plans.first { $0.name == "patient" }.map {
            (plan: $0, url: directory.appendingPathComponent("patient.csv"))
        }
        try enterprise.finish(
            patientsLoaded: rowCounts["patient"] ?? 0, minPatients: minPatients, patientFile: patientFile)
        do {
            try pool.checkIntact()
        } catch {
            throw QualityError.stateLost(error.description)
        }
    }

    /// Reads one table, checking every row.
    private func scan(_ plan: TablePlan) throws {
        rowCounts[plan.name] = 0
        guard let reader = try open(plan) else {
            unreadable.insert(plan.name)
            return
        }
        var table = TableScan(plan: plan, scan: self)
        var rows = 0
        while true {
            let row: [String]?
            do {
                row = try reader.next()
            } catch let error as CSVError {
                rowCounts[plan.name] = rows
                unreadable.insert(plan.name)
                try sink.report(
                    .tableStructure, table: plan.name, recordKey: "line \(error.line)",
                    message:
                        "\(plan.name).csv is not valid CSV after \(QualityEngine.counted(rows, "row")) (\(error.message)); "
                        + "the rest of the table was not checked")
                return
            }
            guard let row else {
                break
            }
            rows += 1
            try check(row, line: reader.line, in: &table)
        }
        rowCounts[plan.name] = rows
        completed.insert(plan.name)
        if table.suspects.count > 0 {
            try auditPrimaryKeys(plan, suspects: table.suspects)
        }
    }

    /// Opens the table's file and checks its header; nil (after reporting why) when it cannot be read.
    private func open(_ plan: TablePlan) throws -> CSVReader? {
        let url = directory.appendingPathComponent("\(plan.name).csv")
        let problem: String
        do {
            let reader = try CSVReader(url: url)
            if reader.header == plan.header {
                return reader
            }
            let missing = plan.header.filter { !reader.header.contains($0) }
            let extra = reader.header.filter { !plan.header.contains($0) }
            var parts = ["the header does not match the DDL column order"]
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("unknown \(extra.joined(separator: ", "))") }
            problem = parts.joined(separator: "; ")
        } catch let error as FileIOError where error.errorNumber == ENOENT {
            problem = "the file is missing; the ETL must write every table, with a header row even when it is empty"
        } catch let error as CSVError {
            problem = "the header is not valid CSV (\(error.message))"
        }
        try sink.report(
            .tableStructure, table: plan.name, recordKey: "",
            message: "\(plan.name).csv: \(problem); the table was not checked")
        return nil
    }

    /// Checks the held references whose target tables are now complete; drops those into unreadable tables.
    private func resolvePending() throws {
        var waiting: [PendingReference] = []
        for reference in pending {
            guard let table = TablePlan.table(of: reference.target), !unreadable.contains(table) else {
                continue
            }
            guard completed.contains(table) else {
                waiting.append(reference)
                continue
            }
            if retained[reference.target]?.contains(reference.value) != true {
                try reportOrphan(
                    table: reference.table, recordKey: reference.recordKey, column: reference.column,
                    target: reference.target, value: reference.value)
            }
        }
        pending = waiting
    }

    /// Reports a foreign key value with no matching row.
    func reportOrphan(table: String, recordKey: String, column: String, target: String, value: String) throws {
        try sink.report(
            .foreignKeyIntegrity, table: table, recordKey: recordKey, field: column,
            message: "\(column) \(Self.quoted(value)) has no matching \(target); load the parent row or "
                + "reject this row with its parent")
    }

    /// Holds a reference until its target table is complete.
    func hold(_ reference: PendingReference) {
        pending.append(reference)
    }

    /// Whether references into `table` can be checked now (true), must wait (false), or are skipped (nil).
    func referenceState(of table: String) -> Bool? {
        if unreadable.contains(table) {
            return nil
        }
        return completed.contains(table)
    }

    /// A value for a message: quoted, and cut at 40 characters so a runaway field cannot swamp the report.
    static func quoted(_ value: String) -> String {
        value.count <= 40 ? "'\(value)'" : "'\(value.prefix(40))…'"
    }
}
