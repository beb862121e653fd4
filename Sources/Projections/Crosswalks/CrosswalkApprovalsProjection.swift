import EventStore

/// Which crosswalk entries a steward has approved (`crosswalk.entry_approved {entry}`) or withdrawn
/// (`crosswalk.entry_revoked {entry}`); the entry key is `SOURCE_SET:CODE->TARGET_SET`. Rewound by restores.
package struct CrosswalkApprovalsProjection: Projection, Equatable, Codable {
    /// Approved entry keys, with who approved them.
    package private(set) var approved: [String: String] = [:]
    private var snapshots: [String: [String: String]] = [:]

    package init() {}

    /// The key of one crosswalk entry.
    package static func key(sourceCodeSet: String, sourceCode: String, targetCodeSet: String) -> String {
        "\(sourceCodeSet):\(sourceCode)->\(targetCodeSet)"
    }

    package mutating func apply(_ event: LedgerEvent) {
        switch event.type {
        case "crosswalk.entry_approved":
            guard let entry = event.data["entry"]?.stringValue else { return }
            approved[entry] = event.actor.user
        case "crosswalk.entry_revoked":
            guard let entry = event.data["entry"]?.stringValue else { return }
            approved[entry] = nil
        case "snapshot.taken":
            guard let id = event.data["snapshot_id"]?.stringValue else { return }
            snapshots[id] = approved
        case "snapshot.restored":
            guard let id = event.data["snapshot_id"]?.stringValue, let saved = snapshots[id] else { return }
            approved = saved
        default:
            break
        }
    }
}

extension CrosswalkApprovalsProjection: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(approved)
        writer.write(snapshots)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        approved = try reader.read()
        snapshots = try reader.read()
    }
}
