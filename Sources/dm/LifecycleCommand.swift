import Commands
import EventStore
import Foundation

/// `dm lifecycle`: the product's main job.
enum LifecycleCommand {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["lifecycle"],
            summary: "run extract → schema → mapping → etl → quality → gate, recorded in the ledger",
            options: [
                OptionSpec(name: "--rows", value: "N", help: "patients in the mock PAS extract (default 20)"),
                OptionSpec(name: "--seed", value: "N", help: "seed of the mock extract (default 42)"),
                OptionSpec(name: "--min-patients", value: "N", help: "patients the quality check expects (default 20)"),
                OptionSpec(name: "--defect-rate", value: "X", help: "share of injected defects, 0..1 (default 0.02)"),
                OptionSpec(
                    name: "--release-profile", value: "NAME", help: "gate profile: pre_production | cutover_ready"),
                OptionSpec(name: "--connector", value: "NAME", help: "source connector (default csv)"),
                OptionSpec(name: "--set", value: "KEY=VALUE", help: "a connector setting (repeatable)"),
                OptionSpec(name: "--password-env", value: "VAR", help: "the connector's password from environment VAR"),
                OptionSpec(
                    name: "--source-dir", value: "DIR",
                    help: "read the source in DIR through the connector, not the mock PAS"
                ),
                OptionSpec(name: "--reference-date", value: "DAY", help: "'today' of the extract, yyyy-MM-dd"),
                OptionSpec(
                    name: "--from-step", value: "STEP", help: "re-run from STEP as a new run linked to its parent"),
                OptionSpec(name: "--parent", value: "RUN_ID", help: "the run --from-step continues (default: latest)"),
                OptionSpec(
                    name: "--dry-run", value: nil, help: "with --from-step: list the steps that would run or be reused"),
                OptionSpec(name: "--json", value: nil, help: "print the run summary as JSON on stdout"),
                OptionSpec(name: "--quiet", value: nil, help: "no progress output"),
            ], run: lifecycle)
    ]

    static func lifecycle(_ arguments: ParsedArguments) throws -> Int32 {
        var request = LifecycleRequest()
        let options = arguments.options
        if let value = options["--rows"] { request.rows = value }
        if let value = options["--seed"] { request.seed = value }
        if let value = options["--min-patients"] { request.minPatients = value }
        if let value = options["--defect-rate"] { request.defectRate = value }
        if let value = options["--release-profile"] { request.releaseProfile = value }
        if let value = options["--connector"] { request.connector = value }
        request.sourceDirectory = options["--source-dir"]
        request.connectorSettings = try ConnectorCommands.settings(arguments)
        if let value = options["--reference-date"] { request.referenceDate = value }
        request.fromStep = options["--from-step"]
        request.parentRun = options["--parent"]

        if arguments.flags.contains("--dry-run") {
            return try preview(arguments, request)
        }
        let observer: LifecycleObserver =
            arguments.flags.contains("--quiet") ? SilentLifecycleObserver() : TerminalProgress()
        DataFolder.announceIfNew(arguments.root)
        let runner = try LifecycleRunner(rootPath: arguments.root, actor: LocalActor.current, observer: observer)
        let summary: LifecycleSummary
        do {
            summary = try runner.run(request)
        } catch let error as LifecycleError where error.kind == .usage {
            // Refused before anything was recorded: bad parameters, nothing to continue, a run already going.
            throw UsageError(message: error.message)
        }
        if arguments.flags.contains("--json") {
            print(try summary.report.canonicalString())
        }
        if summary.exitCode == 2, let failure = summary.failure {
            throw UsageError(message: failure)
        }
        if !arguments.flags.contains("--quiet") {
            for line in summary.closingLines {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
        return summary.exitCode
    }

    static func preview(_ arguments: ParsedArguments, _ request: LifecycleRequest) throws -> Int32 {
        guard let name = request.fromStep else { throw UsageError(message: "--dry-run goes with --from-step STEP") }
        guard let step = LifecycleStep(rawValue: name) else {
            throw UsageError(message: "unknown step '\(name)' for --from-step; steps: \(LifecycleStep.names)")
        }
        let root = DataRoot(path: arguments.root)
        let plan = try LifecyclePlan.preview(
            from: step, parent: request.parentRun, root: root, ledger: try DataFolder.ledger(arguments))
        if arguments.flags.contains("--json") {
            print(try plan.jsonValue.canonicalString())
        } else {
            print("re-run from \(step.rawValue), continuing run \(plan.parentRun) (nothing is changed by --dry-run):")
            for entry in plan.entries {
                print(
                    "  \(entry.step.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entry.action)  "
                        + "\(entry.artifacts.count) artifact(s)\(entry.action == "run" ? " replaced" : " kept")")
                if let reason = entry.reason { print("    runs because \(reason)") }
                for problem in entry.problems { print("    PROBLEM: \(problem)") }
            }
        }
        return plan.isRunnable ? 0 : 1
    }
}
