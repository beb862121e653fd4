import Dispatch
import EventStore
import Foundation
import Projections
import Synchronization

/// One migrated row to record in `migration_xref`.
struct ProvenanceItem: Sendable {
    /// `migration_xref.source_system`.
    let sourceSystem: String
    /// The source table the row came from.
    let sourceTable: String
    /// The source row's key.
    let sourceKey: String
    /// The target table written.
    let targetTable: String
    /// The target row's primary key.
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

    /// Items handed over at a time (one lock and two semaphore operations per batch).
    private static let batchSize = 512
    /// Batches that may wait in the queue before the producer blocks.
    private static let maxBatchesInFlight = 4

    /// The compiled `migration_xref` variant.
    private let variant: ETLPlan.Variant
    /// The worker's own evaluator (the variant needs no lookups).
    private let evaluator: CellEvaluator
    /// `migration_xref.csv`, written only by the worker until `finish()`.
    private let writer: CSVWriter
    /// The run id written on every row.
    private let runID: String
    /// The run's time, ISO.
    private let migratedAt: String
    /// Keys written, to refuse a duplicate.
    private let keys: KeySet
    /// Counts and failures so far.
    private var summary = Summary()
    /// The source row as CSV bytes, reused for every hash.
    private var hashBuffer: [UInt8] = []
    /// The hash of the last source row submitted with its row.
    private var lastHash = ""
    /// Encodes source rows for hashing exactly as a CSV line.
    private let encoder = CSVFieldEncoder(neutraliseFormulas: false)

    /// Items not yet handed over (producer only).
    private var pending: [ProvenanceItem] = []
    /// Batches handed over; nil marks the end.
    private let queue = Mutex<[[ProvenanceItem]?]>([])
    /// The worker's first error, reported to the producer.
    private let firstError = Mutex<String?>(nil)
    /// Free places in the queue.
    private let slots = DispatchSemaphore(value: maxBatchesInFlight)
    /// Batches waiting in the queue.
    private let ready = DispatchSemaphore(value: 0)
    /// Signalled when the worker has stopped.
    private let done = DispatchSemaphore(value: 0)
    /// Whether `finish()` has run (producer only).
    private var finished = false

    /// Starts the worker thread; `writer` belongs to it until `finish()` returns.
    init(
        variant: ETLPlan.Variant, evaluator: CellEvaluator, writer: CSVWriter, runID: String, migratedAt: String,
        keys: KeySet
    ) {
        self.keys = keys
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

    /// Hands the pending items over as one batch.
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

    /// The worker thread's loop: takes batches until the end marker.
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

    /// Writes (or rejects) one provenance row.
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
