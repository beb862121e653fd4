import EventStore

/// The mapping contract as the ledger says it is now: rows in seeding order with their workflow state.
///
/// Events: `mapping.seeded {row fields}` adds a proposed row (a second seeding of an id is ignored);
/// `mapping.edited {id, changes{field: value}}` applies the changes, bumps the version and sends the row back to
/// `proposed`; `mapping.status_changed {id, status}` sets the status and, for `approved`, who approved;
/// `snapshot.restored {snapshot_id}` puts back the contract as it was when that snapshot was taken.
package struct MappingContractProjection: Projection, Equatable, Codable {
    /// Rows by id.
    package private(set) var rows: [String: MappingRow] = [:]
    /// Ids in the order they were seeded (the CSV's row order).
    package private(set) var order: [String] = []
    /// The contract as each snapshot saw it, for `snapshot.restored`.
    private var snapshots: [String: Saved] = [:]

    /// The contract as a snapshot saw it.
    fileprivate struct Saved: Equatable, Sendable, Codable {
        var rows: [String: MappingRow]
        var order: [String]
    }

    package init() {}

    /// Rows in seeding order.
    package var orderedRows: [MappingRow] { order.compactMap { rows[$0] } }

    /// True once any row has been seeded.
    package var isSeeded: Bool { !order.isEmpty }

    package mutating func apply(_ event: LedgerEvent) {
        switch event.type {
        case "mapping.seeded":
            guard let row = MappingRow(seedData: event.data, seq: event.seq), rows[row.id] == nil else { return }
            rows[row.id] = row
            order.append(row.id)
        case "mapping.edited":
            // Rows are changed in place (through `values`), not copied out and back: replay edits a row per event.
            guard let id = event.data["id"]?.stringValue, let index = rows.index(forKey: id),
                let changes = event.data["changes"]?.objectValue
            else { return }
            Self.edit(&rows.values[index], changes: changes, event: event)
        case "mapping.status_changed":
            guard let id = event.data["id"]?.stringValue, let index = rows.index(forKey: id),
                let status = event.data["status"]?.stringValue.flatMap(MappingStatus.init(rawValue:))
            else { return }
            rows.values[index].status = status
            rows.values[index].approvedBy = status == .approved ? event.actor.user : nil
            rows.values[index].rejection =
                status == .rejected
                ? MappingRow.Rejection(by: event.actor.user, reason: event.data["reason"]?.stringValue ?? "") : nil
            rows.values[index].updatedSeq = event.seq
        case "snapshot.taken":
            guard let id = event.data["snapshot_id"]?.stringValue else { return }
            snapshots[id] = Saved(rows: rows, order: order)
        case "snapshot.restored":
            guard let id = event.data["snapshot_id"]?.stringValue, let saved = snapshots[id] else { return }
            rows = saved.rows
            order = saved.order
        default:
            break
        }
    }

    private static func edit(_ row: inout MappingRow, changes: [String: JSONValue], event: LedgerEvent) {
        for (field, value) in changes {
            switch field {
            case "source_table": row.sourceTable = value.stringValue ?? row.sourceTable
            case "source_field": row.sourceField = value.stringValue ?? row.sourceField
            case "transform": row.transform = value.stringValue ?? row.transform
            case "code_set": row.codeSet = value.stringValue
            case "critical": row.critical = value.boolValue ?? row.critical
            case "required": row.required = value.boolValue ?? row.required
            case "notes": row.notes = value.stringValue ?? row.notes
            default: break
            }
        }
        row.version += 1
        row.status = .proposed
        row.editedBy = event.actor.user
        row.approvedBy = nil
        row.rejection = nil
        row.updatedSeq = event.seq
    }
}

extension MappingContractProjection: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(rows)
        writer.write(order)
        writer.write(snapshots)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        rows = try reader.read()
        order = try reader.read()
        snapshots = try reader.read()
    }
}

extension MappingContractProjection.Saved: CheckpointCodable {
    func write(to writer: inout CheckpointWriter) {
        writer.write(rows)
        writer.write(order)
    }

    init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        rows = try reader.read()
        order = try reader.read()
    }
}
