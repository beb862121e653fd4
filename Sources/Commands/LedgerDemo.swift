import EventStore
import Foundation

/// The ledger demonstration: appends sample events in batches and verifies the result.
public enum LedgerDemo {
    /// What the demo did.
    public struct Summary: CustomStringConvertible, Sendable {
        /// Events appended by this run.
        public var appended: Int
        /// Wall time of the appends.
        public var appendSeconds: Double
        /// Verification of the whole ledger afterwards.
        public var report: VerificationReport

        /// A short report for people.
        public var description: String {
            let rate = appendSeconds > 0 ? Double(appended) / appendSeconds : 0
            let verdict =
                report.failure.map { "BROKEN at seq \($0.seq): \($0.problem.rawValue) — \($0.detail)" }
                ?? "intact, head seq \(report.headSeq), head hash \(report.headHash.hex)"
            return "appended \(appended) events in \(String(format: "%.3f", appendSeconds)) s "
                + "(\(Int(rate)) events/s, durable); ledger \(verdict)"
        }
    }

    /// Appends `events` sample events, `batchSize` per command, then verifies the ledger file.
    public static func run(ledger: Ledger, events: Int, batchSize: Int, actor: LedgerActor) throws -> Summary {
        let started = Date()
        var done = 0
        let runID = UUID().uuidString.lowercased()
        while done < events {
            let size = min(batchSize, events - done)
            let batch = (0..<size).map { offset in
                NewEvent(
                    type: "demo.sample",
                    data: [
                        "n": .int(done + offset + 1), "run": .string(runID), "note": "sample event, no patient data",
                    ])
            }
            _ = try ledger.append(batch, actor: actor, command: "\(runID)-\(done)")
            done += size
        }
        let seconds = Date().timeIntervalSince(started)
        let report = try LedgerVerifier.verify(path: ledger.ledgerPath)
        return Summary(appended: events, appendSeconds: seconds, report: report)
    }
}
