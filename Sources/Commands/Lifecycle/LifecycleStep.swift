import EventStore
import Foundation

/// The lifecycle's steps, in order (DESIGN.md §5).
public enum LifecycleStep: String, CaseIterable, Sendable, Comparable {
    case extract, schema, mapping, etl, quality, gate

    /// Steps run in declaration order.
    public static func < (lhs: LifecycleStep, rhs: LifecycleStep) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// The names, for messages: `extract, schema, …`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What a step hands back to the runner.
package struct StepOutput {
    /// Files written, relative to the data root, with their data-row counts when they are tables.
    package var artifacts: [(path: String, rows: Int?)] = []
    /// Figures for `step.completed` (counts, statuses); never patient data.
    package var counts: [String: JSONValue] = [:]
    /// Further events the step records after `step.completed` (e.g. `quality.recorded`).
    package var events: [NewEvent] = []
    /// JSON reports, by path: recorded in `step.completed` and written to disk from that record, so the ledger
    /// alone reproduces them (`dm replay`). Counts and statuses only — never patient data.
    package var reports: [String: JSONValue] = [:]
    /// One line for people: what the step did.
    package var summary: String = ""
    /// True when the step wrote its artifacts in their working places itself (the mapping step, whose report other
    /// commands rewrite too); otherwise they are in the run's staging folder until the step is recorded.
    package var writtenInPlace = false
}

/// Why a run stopped. `usage` is a mistake in the parameters (exit 2); `step` a failure of a step (exit 1).
public struct LifecycleError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public enum Kind: Sendable {
        case usage, step
    }

    /// The kind of failure.
    public var kind: Kind
    /// The step it belongs to.
    public var step: LifecycleStep
    /// What went wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, step: LifecycleStep, _ message: String) {
        self.kind = kind
        self.step = step
        self.message = message
    }

    /// The message with its step.
    public var description: String { "\(step.rawValue): \(message)" }
}
