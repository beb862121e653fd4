import Dispatch
import EventStore
import Foundation
import Projections
import Synchronization

/// One migrated row to record in `migration_xref`.
struct ProvenanceItem: Sendable {
    let sourceSystem: String
    let sourceTable: String
    let sourceKey: String
    let targetTable: String
    let targetKey: String
    /// The source row when this is the first item made from it (its hash is computed once); nil otherwise.
    let row: [String]?
}

/// Writes `migration_xref` on its own thread while the main thread migrates: hashing each source row and
/// assembling its provenance row cost as much as migrating it, and the two do not depend on each other.
///
/// Items arrive in batches through a bounded queue (at most `maxBatchesInFlight` waiting), so memory stays
/// constant; numbering follows arrival order, so the file is the same whatever the timing. The worker thread is a
/// dedicated `Thread`, never the Swift concurrency pool, because it blocks on a semaphore.
///
/// `@unchecked Sendable`: between `init` and the end of `finish()` the worker thread alone touches `evaluator`,
/// `writer`, `keys`, `summary`, `hashBuffer` and `lastHash`; the producer alone touches `pending`; the queue and
/// the first error are guarded by their `Mutex`es; the semaphores order the hand-over in both directions.
final class ProvenanceWorker: @unchecked Sendable {
    /// What the worker did, handed back by `finish()`.
    struct Summary {
        var extracted = 0
        var loaded = 0
        var rejected = 0
        /// Failures in order, with whether each rejected its row (false: nulled, row written).
        var failures: [(sourceKey: String, failure: CellEvaluator.Failure, blocking: Bool)] = []
    }

    private static let batchSize = 2048
    private static let maxBatchesInFlight = 8

    private let variant: ETLPlan.Variant
    private let evaluator: CellEvaluator
    private let writer: CSVWriter
    private let runID: String
    private let migratedAt: String
    private var keys = KeySet()
    private var summary = Summary()
    private var hashBuffer: [UInt8] = []
    private var lastHash = ""
    private let encoder = CSVFieldEncoder(neutraliseFormulas: false)

    private var pending: [ProvenanceItem] = []
    private let queue = Mutex<[[ProvenanceItem]?]>([])
    private let firstError = Mutex<String?>(nil)
    private let slots = DispatchSemaphore(value: maxBatchesInFlight)
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var finished = false

    /// Starts the worker thread; `writer` belongs to it until `finish()` returns.
    init(variant: ETLPlan.Variant, evaluator: CellEvaluator, writer: CSVWriter, runID: String, migratedAt: String) {
        self.variant = variant
        self.evaluator = evaluator
        self.writer = writer
        self.runID = runID
        self.migratedAt = migratedAt
        pending.reserveCapacity(Self.batchSize)
        let thread = Thread { [self] in work() }
        thread.name = "migration_xref"
        thread.start()
    }

    /// Queues one item; throws if the worker has failed (e.g. the disk is full).
    func submit(_ item: ProvenanceItem) throws {
        pending.append(item)
        if pending.count >= Self.batchSize { try flush() }
    }

    /// Sends what is queued, waits for the worker to write it all and stop, and returns what it did. Idempotent;
    /// call it on every path, so that the thread never outlives the run.
    func finish() throws -> Summary {
        if !finished {
            finished = true
            if !pending.isEmpty { send(pending) }
            send(nil)
            pending = []
            done.wait()
        }
        if let message = firstError.withLock({ $0 }) {
            throw ContractETLError(.outputFailed, "migration_xref: \(message)")
        }
        return summary
    }

    private func flush() throws {
        if let message = firstError.withLock({ $0 }) {
            throw ContractETLError(.outputFailed, "migration_xref: \(message)")
        }
        send(pending)
        pending = []
        pending.reserveCapacity(Self.batchSize)
    }

    /// Hands one batch (nil: the end) to the worker, waiting while the queue is full.
    private func send(_ batch: [ProvenanceItem]?) {
        slots.wait()
        queue.withLock { $0.append(batch) }
        ready.signal()
    }

    private func work() {
        while true {
            ready.wait()
            let batch = queue.withLock { $0.removeFirst() }
            slots.signal()
            guard let batch else { break }
            // After a failure the worker keeps draining, so the producer never blocks on a full queue.
            guard firstError.withLock({ $0 }) == nil else { continue }
            do {
                for item in batch { try record(item) }
            } catch {
                firstError.withLock { $0 = "\(error)" }
            }
        }
        done.signal()
    }

    private func record(_ item: ProvenanceItem) throws {
        if let row = item.row {
            hashBuffer.removeAll(keepingCapacity: true)
            encoder.append(row: row, to: &hashBuffer)
            lastHash = SHA256.hash(hashBuffer).hex
        }
        summary.extracted += 1
        let number = String(summary.extracted)
        let row = [
            number, item.sourceSystem, item.sourceTable, item.sourceKey, item.targetTable, item.targetKey, runID,
            migratedAt, lastHash,
        ]
        var assembly = evaluator.assemble(variant, row: row)
        let key = assembly.values[variant.keyColumn]
        if assembly.blocking.isEmpty && !keys.insert(key) {
            assembly.blocking.append(
                CellEvaluator.Failure(
                    field: "XREF_NO", column: variant.target.columns[variant.keyColumn].name, raw: key, codeSet: nil,
                    rule: "TARGET_DUPLICATE_KEY", reason: "migration_xref key \(key) was already written"))
        }
        guard assembly.blocking.isEmpty else {
            summary.rejected += 1
            summary.failures += assembly.blocking.map { (number, $0, true) }
            return
        }
        try writer.write(assembly.values)
        summary.loaded += 1
        summary.failures += assembly.nulled.map { (number, $0, false) }
    }
}
