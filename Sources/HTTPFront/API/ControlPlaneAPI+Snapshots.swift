import Commands
import EventStore
import Projections

extension ControlPlaneAPI {
    /// Snapshots of the working state: list, take, one, restore — `SnapshotService`, as `dm snapshots …`.
    static var snapshotRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/api/snapshots", id: "listSnapshots", tag: "snapshots",
                summary: "snapshots in the order taken, paginated", permission: .read,
                parameters: APIParameter.pagination, response: APIPage.schema(snapshotSchema)
            ) { request, state in
                APIRoute.Reply(APIPage(request).wrap(try state.projections().snapshots.snapshots.map(snapshot)))
            },
            APIRoute(
                .post, "/api/snapshots", id: "takeSnapshot", tag: "snapshots",
                summary: "record the working state (contract, artifacts) under a label", permission: .takeSnapshot,
                body: .object(
                    ["label": .string(maxLength: TextLimit.label, minLength: 1, pattern: .singleLine)],
                    required: ["label"], closed: true),
                success: .created, response: snapshotSchema
            ) { request, state in
                let taken = try SnapshotService(root: state.root, ledger: state.ledger).take(
                    label: request.member("label")?.stringValue ?? "", actorName: request.actorName,
                    command: try request.commandID())
                return APIRoute.Reply(snapshot(taken), status: .created)
            },
            APIRoute(
                .get, "/api/snapshots/:id", id: "getSnapshot", tag: "snapshots", summary: "one snapshot",
                permission: .read, parameters: [.path("id", "snapshot id (or unambiguous prefix, or label)")],
                response: snapshotSchema
            ) { request, state in
                APIRoute.Reply(snapshot(try find(request.path("id"), state)))
            },
            APIRoute(
                .post, "/api/snapshots/:id/restore", id: "restoreSnapshot", tag: "snapshots",
                summary: "make the working state equal to the snapshot's, by replay (history is kept)",
                permission: .restoreSnapshot, parameters: [.path("id", "snapshot id (or prefix, or label)")],
                body: .object([:], closed: true), response: snapshotSchema
            ) { request, state in
                let id = try find(request.path("id"), state).id
                _ = try SnapshotService(root: state.root, ledger: state.ledger).restore(
                    id, actorName: request.actorName, command: try request.commandID())
                return APIRoute.Reply(snapshot(try find(id, state)))
            },
        ]
    }

    static let snapshotSchema = APISchema.reference(
        "Snapshot",
        .object(
            [
                "id": .string(), "label": .string(), "seq": .integer(minimum: 0), "event_seq": .integer(minimum: 1),
                "taken_by": .string(), "at": .string(), "state_digest": .string(),
                "restored_at": .array(.integer(minimum: 1)),
            ], required: ["id", "label", "seq", "event_seq", "taken_by", "at", "state_digest", "restored_at"]))

    static func snapshot(_ snapshot: SnapshotsProjection.Snapshot) -> JSONValue {
        [
            "id": .string(snapshot.id), "label": .string(snapshot.label), "seq": .int(snapshot.seq),
            "event_seq": .int(snapshot.eventSeq), "taken_by": .string(snapshot.takenBy), "at": .string(snapshot.at),
            "state_digest": .string(snapshot.stateDigest),
            "restored_at": .array(snapshot.restoredAt.map(JSONValue.int)),
        ]
    }

    static func find(_ id: String, _ state: ControlPlaneState) throws -> SnapshotsProjection.Snapshot {
        guard let found = try state.projections().snapshots.find(id) else {
            throw APIError.notFound("no snapshot '\(id)'; GET /api/snapshots lists them")
        }
        return found
    }
}
