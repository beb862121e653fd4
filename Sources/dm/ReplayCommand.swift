import Commands
import EventStore
import Foundation

/// `dm replay`: rebuild every projection and ledger-derived report from the ledger alone.
enum ReplayCommand {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["replay"], summary: "rebuild projections and derived reports from the ledger; --check compares",
            options: [
                OptionSpec(name: "--to", value: "SEQ", help: "replay only up to this seq (with --check or --out)"),
                OptionSpec(
                    name: "--check", value: nil, help: "compare with the files on disk, list differences, exit 1 if any"
                ),
                OptionSpec(name: "--out", value: "DIR", help: "write the derived reports under DIR instead of --root"),
            ], run: replay)
    ]

    static func replay(_ arguments: ParsedArguments) throws -> Int32 {
        let root = DataRoot(path: arguments.root)
        let replay = LedgerReplay(root: root, ledger: try DataFolder.ledger(arguments))
        let seq = try arguments.options["--to"].map { _ in try arguments.integer("--to", default: 0) }
        let check = arguments.flags.contains("--check")
        let outcome = try replay.run(
            through: seq, check: check, output: arguments.options["--out"].map(DataRoot.init(path:)))
        let projections = outcome.projections
        print(
            "replayed \(outcome.events) events in \(String(format: "%.3f", outcome.foldSeconds)) s: "
                + "\(projections.contract.order.count) mapping rows, \(projections.runs.order.count) runs, "
                + "\(projections.snapshots.snapshots.count) snapshots, \(projections.users.users.count) users")
        if check {
            if outcome.differences.isEmpty {
                print("check: \(outcome.rendered.count) derived reports and every latest artifact match the ledger")
                return 0
            }
            for difference in outcome.differences { print("DIFFERS \(difference)") }
            return 1
        }
        print("wrote \(outcome.rendered.joined(separator: ", "))")
        return 0
    }
}
