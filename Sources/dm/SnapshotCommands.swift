import Commands
import EventStore
import Foundation
import Projections

/// `dm snapshots …`: take, list and restore snapshots of the working state.
enum SnapshotCommands {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["snapshots", "take"], summary: "record the working state under a label", positionals: ["LABEL"],
            positionalCount: 1...1, run: take),
        CommandSpec(path: ["snapshots", "list"], summary: "list snapshots and when they were restored", run: list),
        CommandSpec(
            path: ["snapshots", "restore"], summary: "make the working state equal to a snapshot's (by replay)",
            positionals: ["ID|LABEL"], positionalCount: 1...1, run: restore),
    ]

    static func service(_ arguments: ParsedArguments) throws -> SnapshotService {
        let root = DataRoot(path: arguments.root)
        return SnapshotService(root: root, ledger: try DataFolder.ledger(arguments))
    }

    static func take(_ arguments: ParsedArguments) throws -> Int32 {
        let snapshot = try service(arguments).take(label: arguments.positionals[0], actorName: arguments.actor)
        print(
            "snapshot \(snapshot.id) '\(TextLimit.escaped(snapshot.label))' at seq \(snapshot.seq), state \(snapshot.stateDigest)"
        )
        return 0
    }

    static func list(_ arguments: ParsedArguments) throws -> Int32 {
        let snapshots = try SnapshotsProjection.fold(DataFolder.ledger(arguments)).snapshots
        if snapshots.isEmpty { print("no snapshots yet; `dm snapshots take LABEL` records one") }
        for snapshot in snapshots {
            let restored =
                snapshot.restoredAt.isEmpty
                ? "" : "\trestored at seq \(snapshot.restoredAt.map(String.init).joined(separator: ", "))"
            print(
                "\(snapshot.id)\t\(TextLimit.escaped(snapshot.label))\tseq \(snapshot.seq)\t\(snapshot.takenBy)\t\(snapshot.at)\(restored)"
            )
        }
        return 0
    }

    static func restore(_ arguments: ParsedArguments) throws -> Int32 {
        let snapshot = try service(arguments).restore(arguments.positionals[0], actorName: arguments.actor)
        print(
            "restored snapshot \(snapshot.id) '\(TextLimit.escaped(snapshot.label))' (state at seq \(snapshot.seq)); history is kept"
        )
        return 0
    }
}
