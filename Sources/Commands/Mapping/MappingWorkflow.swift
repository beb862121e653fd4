import EventStore
import Foundation
import Projections

/// Editing and approving the mapping contract, with four eyes (DESIGN.md §6).
///
/// Every command states the seq its author decided at (`expectedSeq`, default: the head when the command is read);
/// a change to one of its rows since then is a conflict (stale), and nothing is appended. Commands over several rows
/// are one ledger command: all rows change, or none.
package struct MappingWorkflow {
    /// The ledger the events go to.
    package let ledger: Ledger
    /// Where `reports/mapping_contract.csv` is kept current after each change.
    package let root: DataRoot
    /// Checks an edited row (transform vocabulary, columns); throws an error naming the row.
    package let validate: ([MappingRow]) throws -> Void
    /// Told when a command committed but its report could not be rewritten (default: a line on stderr).
    package var warn: (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }

    /// Fields an edit may change; the target table and column are the row's identity.
    package static let editableFields = [
        "source_table", "source_field", "transform", "code_set", "critical", "required", "notes",
    ]

    /// A workflow over `ledger`, validating edited rows with `validate`.
    package init(ledger: Ledger, root: DataRoot, validate: @escaping ([MappingRow]) throws -> Void) {
        self.ledger = ledger
        self.root = root
        self.validate = validate
    }

    /// Appends a workflow command, then rewrites the contract report from the ledger's head (a failure there is a
    /// warning: the command has succeeded once its events are appended).
    private func commit(
        _ events: [NewEvent], actor: LedgerActor, command: String, expectedSeq: Int, ids: [String]
    ) throws -> AppendResult {
        let result = try ledger.append(
            events, actor: actor, command: command, expectedSeq: expectedSeq, conflicts: Self.touching(Set(ids)))
        if let warning = ContractReport.refresh(ledger: ledger, root: root) { warn(warning) }
        return result
    }

    /// Applies `changes` (field → text) to each row of `ids` as one command.
    @discardableResult
    package func edit(
        _ ids: [String], changes: [String: String], actorName: String?, expectedSeq: Int? = nil,
        command: String = EventID.random()
    ) throws -> AppendResult {
        if let recorded = try ledger.recorded(command: command) { return recorded }
        let (contract, users, decidedAt) = try state(expectedSeq)
        let actor = try AccessControl.actor(named: actorName, for: .editMapping, users: users)
        guard !changes.isEmpty else { throw UserInputError("nothing to change; give field=value pairs") }
        var payload: [String: JSONValue] = [:]
        for (field, text) in changes {
            guard Self.editableFields.contains(field) else {
                throw UserInputError(
                    "field '\(field)' cannot be edited; editable: \(Self.editableFields.joined(separator: ", "))")
            }
            switch field {
            case "critical", "required":
                guard let flag = Self.flag(text) else {
                    throw UserInputError("\(field) must be yes or no, got '\(text)'")
                }
                payload[field] = .bool(flag)
            case "code_set":
                try TextLimit.check(text, field, limit: TextLimit.label)
                payload[field] = text.isEmpty ? .null : .string(text)
            default:
                let long = field == "notes" || field == "transform"
                try TextLimit.check(
                    text, field, limit: long ? TextLimit.note : TextLimit.label, multiline: field == "notes")
                payload[field] = .string(text)
            }
        }
        let rows = try rows(ids, in: contract, decidedAt: decidedAt)
        var edited = contract
        let events = rows.map { row in
            NewEvent(
                type: "mapping.edited",
                data: ["id": .string(row.id), "changes": .object(payload), "from_version": .int(row.version)])
        }
        for (index, event) in events.enumerated() {
            edited.apply(LedgerEvent(preview: event, actor: actor, seq: decidedAt + index + 1))
        }
        try validate(rows.compactMap { edited.rows[$0.id] })
        return try commit(events, actor: actor, command: command, expectedSeq: decidedAt, ids: ids)
    }

    /// Sets the status of each row of `ids` as one command. Approving needs a steward who did not last edit the row.
    @discardableResult
    package func setStatus(
        _ ids: [String], to status: MappingStatus, reason: String?, actorName: String?, expectedSeq: Int? = nil,
        command: String = EventID.random()
    ) throws -> AppendResult {
        if let recorded = try ledger.recorded(command: command) { return recorded }
        let (contract, users, decidedAt) = try state(expectedSeq)
        let actor = try AccessControl.actor(named: actorName, for: .approveMapping, users: users)
        if status == .rejected, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw UserInputError("rejecting needs a reason saying what must change")
        }
        if let reason { try TextLimit.check(reason, "the reason", limit: TextLimit.note, multiline: true) }
        let rows = try rows(ids, in: contract, decidedAt: decidedAt)
        for row in rows {
            if row.status == status { throw UserInputError("\(row.id) is already \(status.rawValue)") }
            if status == .approved, row.editedBy == actor.user {
                throw AccessDenied(
                    code: "forbidden",
                    message:
                        "four eyes: \(actor.user) last edited \(row.id) (version \(row.version)) and cannot approve it")
            }
        }
        let events = rows.map { row in
            var data: [String: JSONValue] = [
                "id": .string(row.id), "status": .string(status.rawValue), "version": .int(row.version),
            ]
            if let reason { data["reason"] = .string(reason) }
            return NewEvent(type: "mapping.status_changed", data: data)
        }
        return try commit(events, actor: actor, command: command, expectedSeq: decidedAt, ids: ids)
    }

    /// Ids of rows matching the filter (all rows when both are nil), in contract order.
    package func select(table: String?, status: MappingStatus?) throws -> [String] {
        try MappingContractProjection.fold(ledger).orderedRows
            .filter { (table == nil || $0.targetTable == table) && (status == nil || $0.status == status) }
            .map(\.id)
    }

    private func state(_ expectedSeq: Int?) throws -> (MappingContractProjection, UsersProjection, Int) {
        let head = try ledger.head().seq
        let decidedAt = expectedSeq ?? head
        let contract = try MappingContractProjection.fold(ledger, through: decidedAt)
        let users = try UsersProjection.fold(ledger)
        return (contract, users, decidedAt)
    }

    private func rows(_ ids: [String], in contract: MappingContractProjection, decidedAt: Int) throws -> [MappingRow] {
        guard !ids.isEmpty else { throw UserInputError("no mapping rows given") }
        guard Set(ids).count == ids.count else { throw UserInputError("a row id is given twice") }
        return try ids.map { id in
            guard let row = contract.rows[id] else {
                // A row that exists now but not at the seq the caller decided at is news to them: a conflict.
                let head = try ledger.head().seq
                if decidedAt < head, try MappingContractProjection.fold(ledger).rows[id] != nil {
                    throw LedgerError.conflict(
                        expectedSeq: decidedAt, headSeq: head,
                        reason: "stale: row \(id) was created after seq \(decidedAt); reload and decide again")
                }
                throw UserInputError("no mapping row '\(id)'; list the rows to see their ids")
            }
            return row
        }
    }

    /// A change to any of `ids` after the decision makes the command stale.
    static func touching(_ ids: Set<String>) -> ConflictCheck {
        { since in
            let changed = since.filter { $0.type.hasPrefix("mapping.") }.compactMap { $0.data["id"]?.stringValue }
                .filter { ids.contains($0) }
            return changed.isEmpty ? nil : "stale: \(Set(changed).sorted().joined(separator: ", ")) changed since"
        }
    }

    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "y": true
        case "no", "false", "n": false
        default: nil
        }
    }
}
