import EventStore

/// Where a mapping row stands in the four-eyes workflow.
package enum MappingStatus: String, Sendable, CaseIterable, Codable {
    case proposed, approved, rejected
}

/// One row of the mapping contract: how one EPR column is filled from the legacy PAS (DESIGN.md §4).
package struct MappingRow: Sendable, Equatable, Codable {
    /// Stable id, e.g. `patient.nhs_number`.
    package var id: String
    /// Legacy table that drives the target table's rows (upper case, e.g. `PATIENT_MASTER`).
    package var sourceTable: String
    /// Legacy column read (empty for constants and generated keys).
    package var sourceField: String
    /// EPR table written.
    package var targetTable: String
    /// EPR column written.
    package var targetField: String
    /// Transform expression from the contract vocabulary, e.g. `crosswalk(PERSON_GENDER_CODE_LEGACY->PERSON_STATED_GENDER_CODE)`.
    package var transform: String
    /// Target code set the value must belong to, if any.
    package var codeSet: String?
    /// NHS-critical: a failure rejects the record, never defaults it.
    package var critical: Bool
    /// The target column must be filled.
    package var required: Bool
    /// Workflow status.
    package var status: MappingStatus
    /// 1 when seeded, +1 per edit.
    package var version: Int
    /// Who last edited the row (nil when untouched since seeding).
    package var editedBy: String?
    /// Who approved the current version (nil unless approved).
    package var approvedBy: String?
    /// Seq of the last event that changed the row.
    package var updatedSeq: Int
    /// Free-text note from the contract or the last editor.
    package var notes: String
    /// Who rejected the current version, and why (nil unless rejected). Not a column of the CSV report, whose
    /// format is fixed; the API and the console show it.
    package var rejection: Rejection?

    /// A steward's rejection of a row's version.
    package struct Rejection: Sendable, Equatable, Codable {
        /// Who rejected it.
        package var by: String
        /// What must change.
        package var reason: String
    }

    /// The columns of `reports/mapping_contract.csv`, in order.
    package static let csvHeader = [
        "id", "source_table", "source_field", "target_table", "target_field", "transform", "code_set", "critical",
        "required", "status", "version", "edited_by", "approved_by", "updated_seq",
    ]

    /// The row as CSV fields, in `csvHeader` order.
    package var csvFields: [String] {
        [
            id, sourceTable, sourceField, targetTable, targetField, transform, codeSet ?? "", critical ? "yes" : "no",
            required ? "yes" : "no", status.rawValue, String(version), editedBy ?? "", approvedBy ?? "",
            String(updatedSeq),
        ]
    }

    /// The seedable part of the row as event data (`mapping.seeded`).
    package var seedData: [String: JSONValue] {
        [
            "id": .string(id), "source_table": .string(sourceTable), "source_field": .string(sourceField),
            "target_table": .string(targetTable), "target_field": .string(targetField),
            "transform": .string(transform), "code_set": codeSet.map(JSONValue.string) ?? .null,
            "critical": .bool(critical), "required": .bool(required), "notes": .string(notes),
        ]
    }

    /// Reads a seeded row from event data; nil when a field is missing or of the wrong type.
    package init?(seedData data: [String: JSONValue], seq: Int) {
        guard let id = data["id"]?.stringValue, let sourceTable = data["source_table"]?.stringValue,
            let sourceField = data["source_field"]?.stringValue, let targetTable = data["target_table"]?.stringValue,
            let targetField = data["target_field"]?.stringValue, let transform = data["transform"]?.stringValue,
            let critical = data["critical"]?.boolValue, let required = data["required"]?.boolValue
        else { return nil }
        self.init(
            id: id, sourceTable: sourceTable, sourceField: sourceField, targetTable: targetTable,
            targetField: targetField, transform: transform, codeSet: data["code_set"]?.stringValue,
            critical: critical, required: required, notes: data["notes"]?.stringValue ?? "")
        self.updatedSeq = seq
    }

    /// A proposed, unedited row at version 1.
    package init(
        id: String, sourceTable: String, sourceField: String, targetTable: String, targetField: String,
        transform: String, codeSet: String?, critical: Bool, required: Bool, notes: String = ""
    ) {
        self.id = id
        self.sourceTable = sourceTable
        self.sourceField = sourceField
        self.targetTable = targetTable
        self.targetField = targetField
        self.transform = transform
        self.codeSet = codeSet
        self.critical = critical
        self.required = required
        self.status = .proposed
        self.version = 1
        self.editedBy = nil
        self.approvedBy = nil
        self.updatedSeq = 0
        self.notes = notes
    }
}

extension MappingStatus: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) { writer.writeString(rawValue) }
    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        guard let status = MappingStatus(rawValue: try reader.readString()) else {
            throw CheckpointFormatError("bad mapping status")
        }
        self = status
    }
}

extension MappingRow: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(id)
        writer.write(sourceTable)
        writer.write(sourceField)
        writer.write(targetTable)
        writer.write(targetField)
        writer.write(transform)
        writer.write(codeSet)
        writer.write(critical)
        writer.write(required)
        writer.write(status)
        writer.write(version)
        writer.write(editedBy)
        writer.write(approvedBy)
        writer.write(updatedSeq)
        writer.write(notes)
        writer.write(rejection?.by)
        writer.write(rejection?.reason)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        id = try reader.read()
        sourceTable = try reader.read()
        sourceField = try reader.read()
        targetTable = try reader.read()
        targetField = try reader.read()
        transform = try reader.read()
        codeSet = try reader.read()
        critical = try reader.read()
        required = try reader.read()
        status = try reader.read()
        version = try reader.read()
        editedBy = try reader.read()
        approvedBy = try reader.read()
        updatedSeq = try reader.read()
        notes = try reader.read()
        let rejectedBy: String? = try reader.read()
        let reason: String? = try reader.read()
        rejection = rejectedBy.map { Rejection(by: $0, reason: reason ?? "") }
    }
}
