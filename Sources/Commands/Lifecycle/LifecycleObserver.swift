/// Receives a run's progress; the CLI draws it, a server streams it, tests record it.
///
/// Implementation requirements: calls arrive on the thread running the lifecycle, in order; they must return
/// quickly (no blocking I/O beyond writing a line).
public protocol LifecycleObserver: AnyObject {
    /// A step began.
    func stepStarted(_ step: LifecycleStep)
    /// Rows done so far in a long step; `total` when known.
    func progress(_ step: LifecycleStep, item: String, done: Int, total: Int?)
    /// A step finished; `summary` is one line for people.
    func stepFinished(_ step: LifecycleStep, milliseconds: Int, summary: String)
    /// A step failed.
    func stepFailed(_ step: LifecycleStep, milliseconds: Int, message: String)
}

/// An observer that ignores everything (`--quiet`).
public final class SilentLifecycleObserver: LifecycleObserver {
    /// Creates the observer.
    public init() {}
    public func stepStarted(_ step: LifecycleStep) {}
    public func progress(_ step: LifecycleStep, item: String, done: Int, total: Int?) {}
    public func stepFinished(_ step: LifecycleStep, milliseconds: Int, summary: String) {}
    public func stepFailed(_ step: LifecycleStep, milliseconds: Int, message: String) {}
}
