import Commands
import EventStore
import Projections

/// How a mapping row travels over the API: its JSON form and schema, the list filters and sort keys, and the
/// edit body (`changes`) turned into the `field=value` pairs `MappingWorkflow` takes.
enum MappingRowJSON {
    /// Keys a list can be sorted by.
    static let sortKeys = [
        "id", "source_table", "source_field", "target_table", "target_field", "status", "version", "updated_seq",
        "critical",
    ]

    /// The row's schema.
    static let schema = APISchema.reference(
        "MappingRow",
        .object(
            [
                "id": .string(), "source_table": .string(), "source_field": .string(), "target_table": .string(),
                "target_field": .string(), "transform": .string(), "code_set": .nullable(.string()),
                "critical": .boolean(), "required": .boolean(),
                "status": .string(enumeration: MappingStatus.allCases.map(\.rawValue)),
                "version": .integer(minimum: 1), "edited_by": .nullable(.string()),
                "approved_by": .nullable(.string()), "updated_seq": .integer(minimum: 0), "notes": .string(),
                "rejected_by": .nullable(.string(description: "who rejected the current version")),
                "rejection_reason": .nullable(.string(description: "why, as the steward wrote it")),
            ],
            required: [
                "id", "source_table", "source_field", "target_table", "target_field", "transform", "code_set",
                "critical", "required", "status", "version", "edited_by", "approved_by", "updated_seq", "notes",
            ]))

    /// The `changes` member of an edit: editable fields only.
    static let changesSchema = APISchema.object(
        [
            "source_table": .string(maxLength: TextLimit.label, pattern: .singleLine),
            "source_field": .string(maxLength: TextLimit.label, pattern: .singleLine),
            "transform": .string(maxLength: TextLimit.note), "code_set": .nullable(.string(maxLength: 200)),
            "critical": .boolean(), "required": .boolean(),
            "notes": .string(maxLength: TextLimit.note, pattern: .multiline),
        ], closed: true, description: "field → new value; the target table and column are the row's identity",
        minProperties: 1)

    /// The row as JSON.
    static func json(_ row: MappingRow) -> JSONValue {
        [
            "id": .string(row.id), "source_table": .string(row.sourceTable), "source_field": .string(row.sourceField),
            "target_table": .string(row.targetTable), "target_field": .string(row.targetField),
            "transform": .string(row.transform), "code_set": row.codeSet.map(JSONValue.string) ?? .null,
            "critical": .bool(row.critical), "required": .bool(row.required), "status": .string(row.status.rawValue),
            "version": .int(row.version), "edited_by": row.editedBy.map(JSONValue.string) ?? .null,
            "approved_by": row.approvedBy.map(JSONValue.string) ?? .null, "updated_seq": .int(row.updatedSeq),
            "notes": .string(row.notes),
            "rejected_by": row.rejection.map { .string($0.by) } ?? .null,
            "rejection_reason": row.rejection.map { .string($0.reason) } ?? .null,
        ]
    }

    /// Whether `row` passes the list filters of `request`.
    static func matches(_ row: MappingRow, _ request: APIRequest) -> Bool {
        if let status = request.string("status"), row.status.rawValue != status { return false }
        if let table = request.string("table"), row.targetTable != table { return false }
        if let table = request.string("source_table"), row.sourceTable != table { return false }
        if let critical = request.flag("critical"), row.critical != critical { return false }
        if let text = request.string("q")?.lowercased() {
            let haystack = [row.id, row.sourceTable, row.sourceField, row.transform].joined(separator: " ").lowercased()
            if !haystack.contains(text) { return false }
        }
        return true
    }

    /// `rows` sorted by `key` (stable: ties keep contract order).
    static func sorted(_ rows: [MappingRow], by key: String) -> [MappingRow] {
        let text: (MappingRow) -> String = { row in
            switch key {
            case "source_table": row.sourceTable
            case "source_field": row.sourceField
            case "target_table": row.targetTable
            case "target_field": row.targetField
            case "status": row.status.rawValue
            default: row.id
            }
        }
        let number: ((MappingRow) -> Int)? =
            switch key {
            case "version": { $0.version }
            case "updated_seq": { $0.updatedSeq }
            case "critical": { $0.critical ? 1 : 0 }
            default: nil
            }
        return rows.enumerated().sorted { lhs, rhs in
            if let number {
                let (a, b) = (number(lhs.element), number(rhs.element))
                if a != b { return a < b }
            } else {
                let (a, b) = (text(lhs.element), text(rhs.element))
                if a != b { return a < b }
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The edit body's `changes` as the workflow's `field=value` text (booleans as yes/no, null as empty).
    static func changes(_ value: JSONValue?) throws(APIError) -> [String: String] {
        guard let members = value?.objectValue, !members.isEmpty else {
            throw .invalid("changes must name at least one field to change, e.g. {\"transform\": \"trim\"}")
        }
        var changes: [String: String] = [:]
        for (field, member) in members {
            switch member {
            case .bool(let flag): changes[field] = flag ? "yes" : "no"
            case .string(let text): changes[field] = text
            default: changes[field] = ""
            }
        }
        return changes
    }
}
