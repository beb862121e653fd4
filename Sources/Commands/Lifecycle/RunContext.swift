import EventStore
import Foundation
import Projections

/// What one run has done so far: the runner's working state, rebuilt from the ledger for re-runs.
final class RunContext {
    let id: String
    let startedAt: Date
    var parameters: LifecycleParameters?
    var parentRun: String?
    /// Commands appended so far (the suffix of each command id).
    var sequence = 0
    /// Figures recorded by each finished step.
    var counts: [LifecycleStep: [String: JSONValue]] = [:]
    /// Artifacts recorded by each finished step.
    var artifacts: [LifecycleStep: [ArtifactRecord]] = [:]
    /// One line per finished step.
    var summaries: [LifecycleStep: String] = [:]
    /// Wall time per finished step.
    var durations: [LifecycleStep: Int] = [:]
    /// Steps whose artifacts were reused from the parent run.
    var reused: Set<LifecycleStep> = []
    /// The failing step and its message.
    var failure: (step: LifecycleStep, message: String)?
    /// The quality result of this run, for the gate.
    var quality: QualityResult?

    init(id: String, startedAt: Date) {
        self.id = id
        self.startedAt = startedAt
    }
}
