import EventStore
import Foundation

/// The actor the CLI records when no registered user is named: the local admin, by OS user name (DESIGN.md §6).
public enum LocalActor {
    /// The OS user running the process, acting as `admin`.
    public static var current: LedgerActor {
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName()
        return LedgerActor(user: user.isEmpty ? "local" : user, role: "admin")
    }
}
