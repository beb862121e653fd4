import Foundation
import Projections

/// The state of reading one table: which key sets its keys and references go to, and suspect duplicates.
struct TableScan {
    /// How a foreign-key column is checked while this table is read.
    enum ReferenceMode {
        /// The target table is complete: look the value up at once.
        case now
        /// The target table is this one or not read yet: hold the value until it is.
        case hold
        /// The target table could not be read: do not check.
        case skip
    }

    /// The table being read.
    let plan: TablePlan
    /// Its columns as the enterprise rules use them.
    let hooks: EnterpriseHooks
    /// The exact set for the primary key, when other tables reference it (or the enterprise rules need it).
    let primaryKeySet: RetainedKeySet?
    /// Other columns whose values some foreign key references.
    let otherTargets: [(index: Int, set: RetainedKeySet)]
    /// By column position: how its foreign key is checked, and against which set.
    let references: [(target: String, mode: ReferenceMode, set: RetainedKeySet?)?]
    /// This table's numbered keys (`PREFIX<n>`), as bits, when it has no exact set: exact, so a repeat is a
    /// certain duplicate, which still goes through `suspects` so that every duplicate is reported the same way.
    let numberedKeys: KeySet
    /// Fingerprints of this table's other keys, when it has no exact set.
    var fingerprints = FingerprintSet()
    /// Fingerprints seen twice: candidate duplicates, confirmed by `auditPrimaryKeys`.
    var suspects = FingerprintSet(capacity: 16)

    /// The state for reading `plan` within `scan`.
    init(plan: TablePlan, scan: QualityScan) {
        self.plan = plan
        numberedKeys = KeySet(pool: scan.pool)
        hooks = EnterpriseHooks(plan)
        let primaryColumn = plan.primaryKey.count == 1 ? plan.header[plan.primaryKey[0]] : nil
        primaryKeySet = primaryColumn.flatMap { scan.retained["\(plan.name).\($0)"] }
        otherTargets = plan.columns.compactMap { column in
            guard column.name != primaryColumn, let set = scan.retained["\(plan.name).\(column.name)"] else {
                return nil
            }
            return (column.index, set)
        }
        references = plan.columns.map { column in
            guard let target = column.foreignKey, let table = TablePlan.table(of: target) else {
                return nil
            }
            let mode: ReferenceMode
            switch table == plan.name ? false : scan.referenceState(of: table) {
            case true?: mode = .now
            case false?: mode = .hold
            case nil: mode = .skip
            }
            return (target, mode, scan.retained[target])
        }
    }
}

extension QualityScan {
    /// The contract checks of one row, then the enterprise rules.
    func check(_ row: [String], line: Int, in table: inout TableScan) throws {
        let plan = table.plan
        let primary = plan.primaryKeyValue(of: row)
        let key = primary ?? "line \(line)"
        for column in plan.columns {
            let value = row[column.index]
            if value.isEmpty {
                if column.required {
                    try sink.report(
                        .required, table: plan.name, recordKey: key, field: column.name,
                        message: "\(column.name) is required (NOT NULL) but empty")
                }
                continue
            }
            if let problem = column.type.problem(with: value) {
                try reportTypeProblem(problem, value: value, column: column, table: plan.name, key: key)
                continue
            }
            if let allowed = column.allowedValues, !allowed.contains(value) {
                try sink.report(
                    .codeSet, table: plan.name, recordKey: key, field: column.name,
                    message: "\(Self.quoted(value)) is not \(Self.describeAllowed(column)); the ETL must reject "
                        + "an unmapped code, never pass it through")
            }
            if let pattern = column.pattern, !Self.matches(pattern.regex, value) {
                // The value is not quoted: the patterns guard identifiers such as the NHS number.
                try sink.report(
                    .pattern, table: plan.name, recordKey: key, field: column.name,
                    message: "\(column.name) does not match \(pattern.source)")
            }
            if let reference = table.references[column.index] {
                try checkReference(value, reference: reference, column: column.name, table: plan.name, key: key)
            }
        }
        var id: Int?
        if let primary {
            if let set = table.primaryKeySet {
                id = set.insert(primary)
                if id == nil {
                    try reportDuplicateKey(plan, key: primary)
                }
            } else if let numbered = table.numberedKeys.insertIfNumbered(primary) {
                if !numbered {
                    _ = table.suspects.insert(KeyHash.hash(primary))
                }
            } else {
                let fingerprint = KeyHash.hash(primary)
                if !table.fingerprints.insert(fingerprint) {
                    _ = table.suspects.insert(fingerprint)
                }
            }
        }
        for target in table.otherTargets where !row[target.index].isEmpty {
            _ = target.set.insert(row[target.index])
        }
        try enterprise.observe(row, table: plan.name, hooks: table.hooks, key: key, id: id)
    }

    /// Re-reads a table whose key fingerprints collided and reports the keys that really repeat.
    func auditPrimaryKeys(_ plan: TablePlan, suspects: FingerprintSet) throws {
        let reader = try CSVReader(url: directory.appendingPathComponent("\(plan.name).csv"))
        var seen: Set<String> = []
        while let row = try reader.next() {
            guard let primary = plan.primaryKeyValue(of: row), suspects.contains(KeyHash.hash(primary)) else {
                continue
            }
            if !seen.insert(primary).inserted {
                try reportDuplicateKey(plan, key: primary)
            }
        }
    }

    /// Reports a primary key seen on an earlier row.
    private func reportDuplicateKey(_ plan: TablePlan, key: String) throws {
        let columns = plan.primaryKey.map { plan.header[$0] }.joined(separator: ", ")
        try sink.report(
            .primaryKeyUnique, table: plan.name, recordKey: key, field: columns,
            message: "\(columns) \(Self.quoted(key)) is used by more than one row; each row needs its own key")
    }

    /// Checks, holds or skips one foreign-key value, as its target table's state allows.
    private func checkReference(
        _ value: String, reference: (target: String, mode: TableScan.ReferenceMode, set: RetainedKeySet?),
        column: String,
        table: String, key: String
    ) throws {
        switch reference.mode {
        case .now:
            if reference.set?.contains(value) != true {
                try reportOrphan(table: table, recordKey: key, column: column, target: reference.target, value: value)
            }
        case .hold:
            hold(PendingReference(table: table, recordKey: key, column: column, target: reference.target, value: value))
        case .skip:
            break
        }
    }

    /// Reports a value that is not of its column's type or length.
    private func reportTypeProblem(
        _ problem: ColumnType.Problem, value: String, column: ColumnCheck, table: String, key: String
    ) throws {
        switch problem {
        case .notOfType:
            try sink.report(
                .type, table: table, recordKey: key, field: column.name,
                message: "\(Self.quoted(value)) is not \(column.type.expectation)")
        case .length(let characters):
            // No value in the message: over-long values are usually names and free text.
            try sink.report(
                .length, table: table, recordKey: key, field: column.name,
                message: "\(characters) characters, expected \(column.type.expectation)")
        }
    }

    /// "an active code of SET (one of …)" or "one of …", for code-set messages.
    private static func describeAllowed(_ column: ColumnCheck) -> String {
        let list =
            column.allowedList.count <= 12
            ? "one of " + column.allowedList.joined(separator: ", ")
            : "one of the \(column.allowedList.count) allowed values"
        guard let codeSet = column.codeSet else {
            return list
        }
        return "an active code of \(codeSet) (\(list))"
    }

    /// Whether `regex` matches somewhere in `value` (the DDL's patterns are anchored themselves).
    private static func matches(_ regex: NSRegularExpression, _ value: String) -> Bool {
        regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }
}
