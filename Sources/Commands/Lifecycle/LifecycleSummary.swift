import EventStore
import Foundation
import Glibc
import Projections

/// How a run ended, for the CLI and API.
public struct LifecycleSummary: Sendable {
    /// Run id.
    public var runID: String
    /// `passed`, `gate_failed` or `failed`.
    public var status: String
    /// 0 gate PASS, 3 gate FAIL, 1 a step failed, 2 usage error.
    public var exitCode: Int32
    /// The failing step and why, when a step failed.
    public var failure: String?
    /// Gate profile and verdict, when the gate ran.
    public var gateProfile: String?
    /// `PASS` or `FAIL`, when the gate ran.
    public var gateVerdict: String?
    /// Failed gate checks with their reasons.
    public var failedChecks: [String]
    /// Folder (relative to the root) holding every artifact of the run.
    public var runFolder: String
    /// The run report, as written to `reports/product_lifecycle_run.json`.
    public var report: JSONValue

    /// Closing lines for people: where the artifacts are and the verdict.
    public var closingLines: [String] {
        var lines = ["run \(runID): artifacts in \(runFolder)/ (latest copies under reports/, schemas/, mock_data/)"]
        if let failure {
            lines.append("FAILED: \(failure)")
        } else if let gateVerdict, let gateProfile {
            lines.append("release gate \(gateProfile): \(gateVerdict)")
            lines += failedChecks.map { "  failed: \($0)" }
        }
        return lines
    }
}

extension LifecycleRunner {
    /// Records `run.completed`, then writes the run report from the ledger's record of the run (the same builder
    /// `dm replay` uses) and builds the summary.
    func finish(_ run: RunContext, status: String, exitCode: Int32) throws -> LifecycleSummary {
        try record("run.completed", run, ["status": .string(status), "exit_code": .int(Int(exitCode))])
        // Every step's files are published (or the step failed and its staged files are of no use).
        try? FileManager.default.removeItem(at: root.file(DataRoot.stagingFolder(run.id)))
        rmdir(root.file(".staging").path)  // Gone when no other run is staging (a running one keeps it).
        let runs = try projections.current().runs
        guard let state = runs.runs[run.id], let report = RunReport.build(state) else {
            throw LifecycleError(.step, step: run.failure?.step ?? .gate, "run \(run.id) is missing from the ledger")
        }
        try JSONReportWriter.write(report, to: root.file(RunReport.path))
        try artifacts.preserve(RunReport.path, runID: run.id)
        let gate = state.steps[LifecycleStep.gate.rawValue]?.reports[DataRoot.Paths.gateReport]
        return LifecycleSummary(
            runID: run.id, status: status, exitCode: exitCode,
            failure: run.failure.map { "\($0.step.rawValue): \($0.message)" },
            gateProfile: gate?["profile"]?.stringValue, gateVerdict: state.gateVerdict,
            failedChecks: (gate?["checks"]?.arrayValue ?? []).filter { $0["passed"] == false }.map { check in
                "\(check["id"]?.stringValue ?? "?"): \(check["reason"]?.stringValue ?? "")"
            },
            runFolder: root.runFolder(run.id), report: report)
    }
}
