import EventStore
import Foundation
import Glibc
import Projections

/// Keeps `reports/mapping_contract.csv` equal to the contract at the ledger's head, after a command appended.
///
/// The rewrite folds the head and writes under an exclusive lock (`reports/.mapping_contract.lock`), so when two
/// processes commit edits at once the last rename always carries the newest contract. A command whose events are
/// appended has succeeded: a rewrite that fails afterwards is returned as a warning for the caller to show, never
/// thrown (the next command, or `dm replay`, rewrites the report).
package enum ContractReport {
    /// The lock file beside the report.
    static let lockPath = "reports/.mapping_contract.lock"

    /// Rewrites the report from the head; nil when done, otherwise what went wrong, as a warning to show.
    package static func refresh(ledger: Ledger, root: DataRoot) -> String? {
        do {
            try write(ledger: ledger, root: root)
            return nil
        } catch {
            return "the change is committed, but \(MappingContractCSV.path) could not be rewritten (\(error)); "
                + "the next command or `dm replay` rewrites it"
        }
    }

    /// Folds the head and writes the report under the lock; throws when either fails.
    package static func write(ledger: Ledger, root: DataRoot) throws {
        try locked(root) {
            let contract = try MappingContractProjection.fold(ledger)
            try MappingContractCSV.write(contract.orderedRows, to: root.file(MappingContractCSV.path))
        }
    }

    /// Runs `body` holding the report's lock: every writer of the report (commands, the mapping step) takes it.
    package static func locked<T>(_ root: DataRoot, _ body: () throws -> T) throws -> T {
        let lock = root.file(lockPath)
        try FileManager.default.createDirectory(
            at: lock.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(lock.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FileIOError(operation: "open lock", path: lock.path, errorNumber: errno)
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileIOError(operation: "lock", path: lock.path, errorNumber: errno) }
        }
        return try body()
    }
}
