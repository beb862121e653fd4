import EventStore
import Foundation
import Glibc
import Projections

/// `dm replay`: every projection and every ledger-derived report rebuilt from the ledger alone.
///
/// Derived reports: `reports/mapping_contract.csv` (the contract at the replayed seq), the JSON reports each step
/// of the working state recorded (`step.completed {reports}`: contract migration, quality summary, release gate),
/// and `reports/product_lifecycle_run.json` (the latest run). `check` compares them, and every latest artifact's
/// sha256, with the files on disk.
package struct LedgerReplay {
    /// What a replay found.
    package struct Outcome {
        /// Events folded.
        package var events: Int
        /// Seconds spent folding.
        package var foldSeconds: Double
        /// The projections at the replayed seq.
        package var projections: ProjectionSet
        /// Derived files rendered, relative paths.
        package var rendered: [String]
        /// Differences between the rendered files / recorded artifacts and the disk (check mode).
        package var differences: [String]
    }

    /// The data root.
    package let root: DataRoot
    /// Its ledger.
    package let ledger: Ledger

    /// A replay over the data folder at `root`.
    package init(root: DataRoot, ledger: Ledger) {
        self.root = root
        self.ledger = ledger
    }

    /// Folds the ledger through `seq` (default: the head) and renders the derived reports into `output` (a data
    /// root; default: `root` itself). With `check`, nothing is written to `root`: files are rendered aside and
    /// compared.
    package func run(through seq: Int? = nil, check: Bool, output: DataRoot? = nil) throws -> Outcome {
        let head = try ledger.head().seq
        let target = seq ?? head
        guard target >= 0, target <= head else {
            throw UserInputError("--to must be between 0 and the head seq \(head)")
        }
        if !check, output == nil, target != head {
            throw UserInputError(
                "replaying to seq \(target) would leave the working files behind the ledger; use --out DIR, --check, "
                    + "or `dm snapshots restore`")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let projections = try ProjectionSet.fold(ledger, through: target)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

        let scratch = DataRoot(path: FileManager.default.temporaryDirectory.path + "/dm-replay-\(EventID.random())")
        defer { try? FileManager.default.removeItem(at: scratch.url) }
        let destination = check ? scratch : (output ?? root)
        let rendered = try render(projections, into: destination)
        var differences: [String] = []
        if check {
            differences = try compare(rendered, rendered: scratch, projections: projections)
        }
        return Outcome(
            events: projections.seq, foldSeconds: seconds, projections: projections, rendered: rendered,
            differences: differences)
    }

    /// Writes the derived reports of `projections` under `destination`; returns their paths.
    private func render(_ projections: ProjectionSet, into destination: DataRoot) throws -> [String] {
        var paths: [String] = []
        if projections.contract.isSeeded {
            try MappingContractCSV.write(
                projections.contract.orderedRows, to: destination.file(MappingContractCSV.path))
            paths.append(MappingContractCSV.path)
        }
        for (name, step) in projections.working.steps.sorted(by: { $0.key < $1.key }) {
            let reports = projections.runs.runs[step.runID]?.steps[name]?.reports ?? [:]
            for (path, report) in reports.sorted(by: { $0.key < $1.key }) {
                try FileManager.default.createDirectory(
                    at: destination.file(path).deletingLastPathComponent(), withIntermediateDirectories: true)
                try JSONReportWriter.write(report, to: destination.file(path))
                paths.append(path)
            }
        }
        if let latest = projections.runs.latest, let report = RunReport.build(latest) {
            try FileManager.default.createDirectory(
                at: destination.file(RunReport.path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONReportWriter.write(report, to: destination.file(RunReport.path))
            paths.append(RunReport.path)
        }
        return paths
    }

    private func compare(_ paths: [String], rendered: DataRoot, projections: ProjectionSet) throws -> [String] {
        var differences: [String] = []
        for path in paths {
            let expected = try Data(contentsOf: rendered.file(path))
            guard let actual = try? Data(contentsOf: root.file(path)) else {
                differences.append("\(path): missing on disk; the ledger derives \(expected.count) bytes")
                continue
            }
            if actual != expected {
                differences.append(
                    "\(path): differs from what the ledger derives (\(actual.count) vs \(expected.count) bytes)")
            }
        }
        let store = ArtifactStore(root: root)
        let derived = Set(paths)
        for (path, artifact) in projections.working.artifacts.sorted(by: { $0.key < $1.key })
        where !derived.contains(path) {
            guard let onDisk = try? store.record(path, rows: nil) else {
                differences.append("\(path): missing; the ledger records sha256 \(artifact.record.sha256)")
                continue
            }
            if onDisk.sha256 != artifact.record.sha256 {
                differences.append("\(path): sha256 \(onDisk.sha256) but the ledger records \(artifact.record.sha256)")
            }
        }
        return differences
    }
}
