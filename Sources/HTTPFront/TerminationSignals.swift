import Foundation
import Glibc
import Synchronization

/// Runs registered stop actions when the process receives SIGTERM or SIGINT.
///
/// One `sigaction` handler for the whole process writes the signal number to a pipe (async-signal-safe) and a
/// watcher thread runs every registered action. Dispatch signal sources were used before and lost SIGTERM:
/// each server of `dm serve` (API and console) set the signal to `SIG_IGN` before making its source, and on Linux
/// the second `SIG_IGN` replaced the handler libdispatch had installed for the first, so a service manager's
/// `kill -TERM` was discarded. A signal that arrives while nothing is registered gets its default action.
package enum TerminationSignals {
    /// What the handler writes to; -1 until installed. Read by the signal handler, so a plain global.
    nonisolated(unsafe) private static var pipeWriteEnd: Int32 = -1

    /// The registered actions, by token, and whether the handler is installed.
    private static let registry = Mutex(Registry())

    /// Registered actions.
    private struct Registry {
        /// Actions by token.
        var actions: [UInt64: @Sendable () -> Void] = [:]
        /// The next token.
        var nextToken: UInt64 = 1
        /// Whether the handler and the watcher thread exist.
        var installed = false
    }

    /// The signals that mean "shut down".
    package static let numbers: [Int32] = [SIGTERM, SIGINT]

    /// Registers `action` to run (on the watcher thread) on SIGTERM or SIGINT; returns a token for `unregister`.
    package static func register(_ action: @escaping @Sendable () -> Void) -> UInt64 {
        registry.withLock { registry in
            if !registry.installed { registry.installed = install() }
            let token = registry.nextToken
            registry.nextToken += 1
            registry.actions[token] = action
            return token
        }
    }

    /// Removes the action registered under `token`.
    package static func unregister(_ token: UInt64) {
        _ = registry.withLock { $0.actions.removeValue(forKey: token) }
    }

    /// Creates the pipe, starts the watcher and installs the handler; false when the pipe cannot be made.
    private static func install() -> Bool {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // The handler must never block: a full pipe just drops the byte, the watcher is awake anyway.
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        pipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let thread = Thread { watch(readEnd) }
        thread.name = "termination-signals"
        thread.start()
        for number in numbers {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                // The interrupted thread's errno is left as it was (a failed write would change it under its feet).
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(TerminationSignals.pipeWriteEnd, &byte, 1)
                errno = saved
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        return true
    }

    /// The watcher: runs the actions for each signal read from the pipe.
    private static func watch(_ readEnd: Int32) {
        var byte: UInt8 = 0
        while true {
            let count = read(readEnd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return }
            let actions = registry.withLock { Array($0.actions.values) }
            if actions.isEmpty {
                // Nobody asked to handle it: behave as if no handler had been installed.
                signal(Int32(byte), SIG_DFL)
                raise(Int32(byte))
                continue
            }
            // Each server stops on its own thread: one's grace period does not delay the other's.
            let group = DispatchGroup()
            for action in actions {
                group.enter()
                Thread.detachNewThread {
                    action()
                    group.leave()
                }
            }
            group.wait()
        }
    }
}
