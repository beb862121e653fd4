import Commands
import EventStore
import Foundation
import Projections

/// `dm runs …` and `dm gate signoff`: lifecycle history and the cutover sign-offs.
enum RunCommands {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["runs", "list"], summary: "lifecycle runs: status, gate verdict, parent",
            options: [OptionSpec(name: "--json", value: nil, help: "print the list as JSON on stdout")], run: list),
        CommandSpec(
            path: ["runs", "show"], summary: "one run: steps, durations, artifacts, gate, sign-offs",
            positionals: ["RUN_ID"], positionalCount: 1...1, run: show),
        CommandSpec(
            path: ["runs", "prune"],
            summary: "remove old run folders nothing needs (newest N, working files, snapshots, sign-offs are kept)",
            options: [
                OptionSpec(name: "--keep", value: "N", help: "newest runs to keep whatever else (default 10)"),
                OptionSpec(name: "--dry-run", value: nil, help: "list what would be removed and why the rest stays"),
            ], run: prune),
        CommandSpec(
            path: ["gate", "signoff"], summary: "sign off a run's results (clinical safety officer / release manager)",
            options: [
                OptionSpec(name: "--run", value: "RUN_ID", help: "the run (default: the latest evaluated)"),
                OptionSpec(name: "--note", value: "TEXT", help: "what was reviewed"),
            ], run: signOff),
    ]

    static func runs(_ arguments: ParsedArguments) throws -> RunStateProjection {
        try RunStateProjection.fold(DataFolder.ledger(arguments))
    }

    static func list(_ arguments: ParsedArguments) throws -> Int32 {
        let state = try runs(arguments)
        if arguments.flags.contains("--json") {
            let items: [JSONValue] = state.order.compactMap { state.runs[$0] }.map { run in
                [
                    "run_id": .string(run.id), "started_at": .string(run.startedAt), "status": .string(run.status),
                    "release_profile": run.parameters["release_profile"] ?? .null,
                    "gate_verdict": run.gateVerdict.map(JSONValue.string) ?? .null,
                    "operator": .string(run.operatorName), "parent_run": run.parentRun.map(JSONValue.string) ?? .null,
                ]
            }
            print(try JSONValue.array(items).canonicalString())
            return 0
        }
        if state.order.isEmpty { print("no runs yet; `dm lifecycle` starts one") }
        if !state.order.isEmpty { print("run_id\tstarted_at\tstatus\tprofile gate\toperator\tparent") }
        for id in state.order {
            guard let run = state.runs[id] else { continue }
            let profile = run.parameters["release_profile"]?.stringValue ?? ""
            let parent = run.parentRun.map { "\tparent \($0)" } ?? ""
            print(
                "\(id)\t\(run.startedAt)\t\(run.status)\t\(profile) \(run.gateVerdict ?? "-")\tby \(run.operatorName)\(parent)"
            )
        }
        return 0
    }

    static func show(_ arguments: ParsedArguments) throws -> Int32 {
        let projections = try ProjectionSet.fold(DataFolder.ledger(arguments))
        let state = projections.runs
        let id = arguments.positionals[0]
        guard let run = state.runs[id] ?? state.runs.values.first(where: { $0.id.hasPrefix(id) }) else {
            throw UsageError(message: "no run '\(id)'; `dm runs list` shows the runs")
        }
        print("run \(run.id) — \(run.status), started \(run.startedAt) by \(run.operatorName)")
        if let parent = run.parentRun { print("parent run \(parent)") }
        for name in run.stepOrder {
            guard let step = run.steps[name] else { continue }
            let reused = step.reusedFrom.map { " (reused from \($0))" } ?? ""
            print(
                "  \(name): \(step.status) \(step.durationMilliseconds ?? 0) ms\(reused)\(step.error.map { " — \($0)" } ?? "")"
            )
            for artifact in step.artifacts {
                print(
                    "    \(artifact.path)  \(artifact.sha256.prefix(16))…  \(artifact.bytes) B\(artifact.rows.map { ", \($0) rows" } ?? "")"
                )
            }
        }
        if let verdict = run.gateVerdict {
            print(
                "gate: \(verdict)"
                    + (run.gateFailedChecks.isEmpty ? "" : " — failed: \(run.gateFailedChecks.joined(separator: ", "))")
            )
        }
        for standing in try GateEvidence.standing(of: run, projections: projections) {
            let signOff = standing.signOff
            print(
                "signed off by \(signOff.user) as \(signOff.role) (seq \(signOff.seq))"
                    + (standing.valid
                        ? "" : " — VOID: \(standing.changes.joined(separator: ", ")) changed since; sign again"))
        }
        return 0
    }

    static func prune(_ arguments: ParsedArguments) throws -> Int32 {
        let keep = try arguments.integer("--keep", default: 10, range: 1...1_000_000)
        let ledger = try DataFolder.ledger(arguments)
        let retention = RunRetention(root: DataRoot(path: arguments.root), ledger: ledger)
        let plan =
            arguments.flags.contains("--dry-run")
            ? retention.plan(keep: keep, projections: try ProjectionSet.fold(ledger))
            : try retention.prune(keep: keep, actorName: arguments.actor)
        let verb = arguments.flags.contains("--dry-run") ? "would remove" : "removed"
        for (run, bytes) in plan.remove { print("\(verb) reports/runs/\(run)/ (\(bytes) bytes)") }
        for (run, reason) in plan.kept { print("kept \(run): \(reason)") }
        let total = plan.remove.reduce(0) { $0 + $1.bytes }
        print("\(verb) \(plan.remove.count) run folder(s), \(total) bytes; kept \(plan.kept.count)")
        return 0
    }

    static func signOff(_ arguments: ParsedArguments) throws -> Int32 {
        let ledger = try DataFolder.ledger(arguments)
        let (run, actor) = try SignOffService.sign(
            runID: arguments.options["--run"], note: arguments.options["--note"], actorName: arguments.actor,
            ledger: ledger)
        print("\(actor.user) signed off run \(run) as \(actor.role)")
        return 0
    }
}
