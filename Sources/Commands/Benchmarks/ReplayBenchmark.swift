import EventStore
import Foundation
import Projections

/// `dm bench replay`: a synthetic ledger of realistic events (mapping edits and approvals, lifecycle runs,
/// snapshots, users), then the time to fold it into every projection.
public enum ReplayBenchmark {
    /// Builds a ledger of about `events` events under `directory` and prints replay figures through `report`.
    /// With `keep`, the ledger is built in (or reused from) that folder and left there.
    public static func run(events: Int, directory: String, keep: String?, report: (String) -> Void) throws {
        let scratch = keep ?? directory + "/dm-bench-replay-\(EventID.random())"
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: scratch) } }
        let ledger = try Ledger(directory: scratch + "/events")
        let started = DispatchTime.now().uptimeNanoseconds
        if try ledger.head().seq == 0 {
            try SyntheticLedger(ledger: ledger).fill(events: events)
        }
        let head = try ledger.head()
        let size = (try FileManager.default.attributesOfItem(atPath: ledger.ledgerPath)[.size] as? Int) ?? 0
        report(
            "dm bench replay — \(head.seq) events, \(size / 1_048_576) MiB, built in "
                + "\(String(format: "%.1f", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)) s")
        // The machines these run on are shared: each figure is the best wall time, with the CPU time of that run
        // (all threads) beside it, which the neighbours disturb much less.
        var projections = ProjectionSet()
        let replay = try timed(repeats: 2) { projections = try ProjectionSet.fold(ledger) }
        let checkpointPath = scratch + "/events/" + ProjectionCheckpoint.fileName
        try? FileManager.default.removeItem(atPath: checkpointPath)
        var host: ProjectionHost?
        let cold = try timed(repeats: 1) { host = try ProjectionHost(ledger: Ledger(directory: scratch + "/events")) }
        let saved = try timed(repeats: 1) { try host?.saveCheckpoint() }
        host = nil
        let checkpointBytes = (try FileManager.default.attributesOfItem(atPath: checkpointPath)[.size] as? Int) ?? 0
        let resumed = ProjectionCheckpoint.resume(try Ledger(directory: scratch + "/events")) == projections
        // What a server does at start: open the ledger, start a host from the checkpoint, read the projections.
        let warm = try timed(repeats: 3) {
            _ = try ProjectionHost(ledger: Ledger(directory: scratch + "/events"), useCheckpoint: true).current()
        }
        // The ledger's own index (line offsets, command ids) is built on the first head() or append, not at start.
        let index = try timed(repeats: 1) { _ = try Ledger(directory: scratch + "/events").head() }
        report(
            "replay      all projections: \(replay.text), "
                + "\(BenchmarkSupport.grouped(Double(head.seq) / replay.wall)) events/s "
                + "(\(projections.contract.order.count) rows, \(projections.runs.order.count) runs, "
                + "\(projections.snapshots.snapshots.count) snapshots)")
        report("start-up    without checkpoint \(cold.text); with checkpoint \(warm.text)")
        report(
            "checkpoint  \(String(format: "%.1f", Double(checkpointBytes) / 1_048_576)) MiB, saved in \(saved.text), "
                + (resumed ? "used" : "NOT USED"))
        report(
            "ledger      index built on first head()/append: \(index.text); "
                + "peak RSS \(BenchmarkSupport.peakResidentBytes() / 1_048_576) MiB")
    }

    /// Best wall time of `repeats` runs of `body`, and the process CPU time of that run.
    private static func timed(repeats: Int, _ body: () throws -> Void) rethrows -> (
        wall: Double, cpu: Double, text: String
    ) {
        var best = (wall: Double.infinity, cpu: 0.0)
        for _ in 0..<max(1, repeats) {
            let (wallStart, cpuStart) = (DispatchTime.now().uptimeNanoseconds, cpuSeconds())
            try body()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
            if wall < best.wall { best = (wall, cpuSeconds() - cpuStart) }
        }
        return (best.wall, best.cpu, String(format: "%.3f s (CPU %.2f s)", best.wall, best.cpu))
    }

    private static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Appends a realistic mix: per round 40 mapping edits and their 40 approvals, one lifecycle run (15 events), and
/// every 50 rounds a snapshot.
struct SyntheticLedger {
    let ledger: Ledger

    func fill(events: Int) throws {
        let admin = LedgerActor(user: "admin", role: "admin")
        let engineer = LedgerActor(user: "eve", role: "engineer")
        let steward = LedgerActor(user: "sam", role: "steward")
        let operatorActor = LedgerActor(user: "olu", role: "operator")
        let rows = try DefaultMappingContract.load()
        var batch: [NewEvent] = []
        var batchActor = admin
        var command = 0
        func flush() throws {
            guard !batch.isEmpty else { return }
            command += 1
            _ = try ledger.append(batch, actor: batchActor, command: "bench-\(command)")
            batch.removeAll(keepingCapacity: true)
        }
        func add(_ event: NewEvent, as actor: LedgerActor) throws {
            if actor != batchActor || batch.count >= 1000 {
                try flush()
                batchActor = actor
            }
            batch.append(event)
        }
        for user in [("eve", "engineer"), ("sam", "steward"), ("olu", "operator")] {
            try add(
                NewEvent(
                    type: "user.registered",
                    data: [
                        "user": .string(user.0), "role": .string(user.1),
                        "token_sha256": .string(SHA256.hash(user.0).hex),
                    ]),
                as: admin)
        }
        for row in rows { try add(NewEvent(type: "mapping.seeded", data: row.seedData), as: admin) }
        var generator = SystemRandomNumberGenerator()
        var appended = rows.count + 4
        var round = 0
        while appended < events {
            round += 1
            // An engineer's round of edits, then a steward's round of approvals (each a batch, as in practice).
            let picked = (0..<40).map { _ in rows[Int.random(in: 0..<rows.count, using: &generator)] }
            for row in picked {
                try add(
                    NewEvent(
                        type: "mapping.edited",
                        data: [
                            "id": .string(row.id), "changes": ["notes": .string("review round \(round)")],
                            "from_version": 1,
                        ]),
                    as: engineer)
            }
            for row in picked {
                try add(
                    NewEvent(
                        type: "mapping.status_changed",
                        data: ["id": .string(row.id), "status": "approved", "version": 2]),
                    as: steward)
            }
            let run = EventID.random()
            try add(
                NewEvent(type: "run.started", data: ["run_id": .string(run), "parameters": ["rows": "20"]]),
                as: operatorActor)
            for step in ["extract", "schema", "mapping", "etl", "quality", "gate"] {
                try add(
                    NewEvent(type: "step.started", data: ["run_id": .string(run), "step": .string(step)]),
                    as: operatorActor)
                let artifacts: [JSONValue] = (0..<3).map { index in
                    [
                        "path": .string("reports/\(step)-\(index).csv"),
                        "sha256": .string(SHA256.hash("\(run)\(step)\(index)").hex), "bytes": 1000, "rows": 10,
                    ]
                }
                try add(
                    NewEvent(
                        type: "step.completed",
                        data: [
                            "run_id": .string(run), "step": .string(step), "duration_ms": 12,
                            "artifacts": .array(artifacts), "counts": ["rows": 10],
                        ]),
                    as: operatorActor)
            }
            try add(
                NewEvent(
                    type: "gate.evaluated", data: ["run_id": .string(run), "verdict": "PASS", "failed_checks": []]),
                as: operatorActor)
            try add(
                NewEvent(type: "run.completed", data: ["run_id": .string(run), "status": "passed", "exit_code": 0]),
                as: operatorActor)
            if round % 50 == 0 {
                try add(
                    NewEvent(
                        type: "snapshot.taken",
                        data: [
                            "snapshot_id": .string(EventID.random()), "label": .string("round \(round)"),
                            "seq": .int(appended), "state_digest": .string(SHA256.hash("\(round)").hex),
                        ]),
                    as: operatorActor)
            }
            appended += 80 + 15 + (round % 50 == 0 ? 1 : 0)
        }
        try flush()
    }
}
