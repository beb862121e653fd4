import Commands
import EventStore
import Foundation
import Synchronization

/// Starts lifecycle runs in the background, one at a time: the API answers 202 with the run id at once and the run
/// goes on on its own `Thread` — never on an event-loop thread, never on the Swift concurrency pool, because a run
/// does blocking file I/O for seconds or minutes.
package final class RunCoordinator: Sendable {
    /// The run in progress, if any.
    package struct ActiveRun: Sendable, Equatable {
        /// Its id (known before `run.started` is in the ledger).
        package var id: String
        /// Who started it.
        package var user: String
    }

    /// The data folder runs work in.
    private let rootPath: String
    /// The active run; the lock makes "is one running? then start" atomic.
    private let active = Mutex<ActiveRun?>(nil)
    /// Signalled when a run thread finishes (tests and shutdown wait on it).
    private let finished = Mutex<[String: Bool]>([:])
    /// Receives a line when a run could not be recorded at all (the ledger refused it).
    private let log: @Sendable (String) -> Void

    /// A coordinator for the data folder at `rootPath`.
    package init(rootPath: String, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.rootPath = rootPath
        self.log = log
    }

    /// The run in progress, if any.
    package var current: ActiveRun? { active.withLock { $0 } }

    /// Starts `request` as `actor` and returns its id; throws a 409 when a run is already in progress.
    package func start(_ request: LifecycleRequest, actor: LedgerActor) throws(APIError) -> String {
        let id = EventID.random()
        let busy = active.withLock { state -> ActiveRun? in
            if let state { return state }
            state = ActiveRun(id: id, user: actor.user)
            return nil
        }
        if let busy {
            throw .conflict(
                "run \(busy.id) (started by \(busy.user)) is still in progress; poll GET /api/runs/\(busy.id) and "
                    + "start another when it has finished")
        }
        // The folder's lock, across processes (a CLI run): taken here, so a busy folder is a 409, not a 202.
        let lock: RunLock
        do {
            lock = try RunLock.acquire(root: DataRoot(path: rootPath), runID: id, user: actor.user)
        } catch {
            active.withLock { $0 = nil }
            throw .conflict((error as? LifecycleError)?.message ?? "\(error)")
        }
        let rootPath = self.rootPath
        let log = self.log
        let thread = Thread { [self] in
            do {
                let runner = try LifecycleRunner(
                    rootPath: rootPath, actor: actor, observer: SilentLifecycleObserver())
                _ = try runner.run(request, runID: id, lock: lock)
            } catch {
                log("run \(id) could not be recorded: \(error)")
            }
            // The folder's lock first: once `active` is clear, a new run may start at once and must find it free.
            lock.release()
            active.withLock { $0 = nil }
            finished.withLock { $0[id] = true }
        }
        thread.name = "lifecycle-run"
        thread.start()
        return id
    }

    /// Whether the run with `id`, started here, has finished (false for unknown ids).
    package func hasFinished(_ id: String) -> Bool {
        finished.withLock { $0[id] ?? false }
    }
}
