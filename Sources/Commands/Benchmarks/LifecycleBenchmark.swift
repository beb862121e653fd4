import EventStore
import Foundation

/// `dm bench lifecycle`: the whole lifecycle on a fresh scratch folder, per-step time, rows/s and peak memory.
public enum LifecycleBenchmark {
    /// Runs the lifecycle for `rows` patients under `directory`, printing one line per step through `report`.
    public static func run(rows: Int, directory: String, report: @escaping (String) -> Void) throws {
        let scratch = directory + "/dm-bench-lifecycle-\(EventID.random())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        report(
            "dm bench lifecycle — \(rows) patients, scratch \(scratch), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        let observer = StepTimer(report: report)
        let runner = try LifecycleRunner(
            rootPath: scratch, actor: LedgerActor(user: "bench", role: "operator"), observer: observer)
        var request = LifecycleRequest()
        request.rows = String(rows)
        request.minPatients = String(rows)
        let started = DispatchTime.now().uptimeNanoseconds
        let summary = try runner.run(request)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let rowsByStep = observer.rowsByStep(summary.report)
        let total = rowsByStep.values.max() ?? 0
        report(
            "total       \(String(format: "%.2f", seconds)) s, status \(summary.status), "
                + "peak RSS \(observer.overallPeak() / 1_048_576) MiB, "
                + "\(BenchmarkSupport.grouped(Double(total) / seconds)) source rows/s end to end")
    }

    /// Prints each step as it finishes, with the step's own peak resident memory (the peak is started over at each
    /// step where the kernel allows it, else it is the process's peak so far).
    private final class StepTimer: LifecycleObserver {
        let report: (String) -> Void
        /// The highest peak of the steps finished so far.
        private var peak = 0
        /// Whether peaks are per step.
        private var perStep = false

        init(report: @escaping (String) -> Void) {
            self.report = report
        }

        func stepStarted(_ step: LifecycleStep) {
            peak = max(peak, BenchmarkSupport.peakResidentBytes())
            perStep = BenchmarkSupport.resetPeakResident()
        }

        func progress(_ step: LifecycleStep, item: String, done: Int, total: Int?) {}

        func stepFinished(_ step: LifecycleStep, milliseconds: Int, summary: String) {
            let stepPeak = BenchmarkSupport.peakResidentBytes()
            peak = max(peak, stepPeak)
            report(
                "\(step.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))  \(milliseconds) ms, "
                    + "peak RSS \(perStep ? "" : "so far ")\(stepPeak / 1_048_576) MiB, "
                    + "after \(BenchmarkSupport.residentBytes() / 1_048_576) MiB — \(summary)")
        }

        /// The process's peak over every step and what came before them.
        func overallPeak() -> Int {
            max(peak, BenchmarkSupport.peakResidentBytes())
        }

        func stepFailed(_ step: LifecycleStep, milliseconds: Int, message: String) {
            report("\(step.rawValue) FAILED after \(milliseconds) ms: \(message)")
        }

        /// Rows each step handled, from the run report's artifacts (tables only).
        func rowsByStep(_ report: JSONValue) -> [String: Int] {
            var rows: [String: Int] = [:]
            for step in report["steps"]?.arrayValue ?? [] {
                guard let name = step["step"]?.stringValue else { continue }
                rows[name] = (step["artifacts"]?.arrayValue ?? []).reduce(0) { $0 + ($1["rows"]?.intValue ?? 0) }
            }
            return rows
        }
    }
}
