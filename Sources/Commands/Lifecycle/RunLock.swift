import Foundation
import Glibc
import Synchronization

/// One lifecycle run per data folder, across processes: an exclusive `flock` on `events/lifecycle.lock`, held for
/// the whole run and released when the process ends however it ends (the kernel drops the lock of a killed one).
///
/// The file also names the holder (run id, pid, user), so a second run is refused at once with a message naming
/// the running one. A run that holds no lock yet is still marked `running` in the ledger was interrupted (its
/// process died): the next run to take the lock records that.
package final class RunLock: Sendable {
    /// Where the lock lives, relative to the data root.
    package static let path = "events/lifecycle.lock"

    /// The open lock file; closing it releases the lock (once: `release` or `deinit`).
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        release()
    }

    /// Releases the lock now (the run is over); later calls do nothing.
    package func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    /// Takes the lock for `runID` or throws a usage error naming the run that holds it; never waits.
    package static func acquire(root: DataRoot, runID: String, user: String) throws -> RunLock {
        let path = root.file(Self.path).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LifecycleError(
                .usage, step: .extract, "cannot open \(path) (\(String(cString: strerror(errno)))); is --root writable?"
            )
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw LifecycleError(
                .usage, step: .extract,
                "another run is in progress in this data folder (\(holder.map { $0.isEmpty ? "starting" : $0 } ?? "?")); "
                    + "wait for it to finish (dm runs list) and start again")
        }
        let note = Array("run \(runID) by \(user), pid \(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = note.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return RunLock(descriptor: descriptor)
    }
}
