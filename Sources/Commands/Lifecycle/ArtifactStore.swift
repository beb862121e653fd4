import EventStore
import Foundation
import Glibc
import Projections

/// Hashes artifacts and keeps each run's copy under `reports/runs/<run_id>/`.
///
/// The copy is a real copy, not a hard link: a link would be free, but anyone editing a working file in place
/// (an editor, `>>`) would silently alter the run's archived copy too. Copies are checked against the ledger's
/// sha256 whenever they are used again.
package struct ArtifactStore {
    /// The data root.
    package let root: DataRoot

    /// Hashes the file at `path` (relative to the root, or to `folder` when given) and records it.
    package func record(_ path: String, rows: Int?, in folder: DataRoot? = nil) throws -> ArtifactRecord {
        let url = (folder ?? root).file(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LifecycleArtifactError(path: path, message: "is missing")
        }
        let (digest, bytes) = try SHA256.hash(contentsOf: url.path)
        return ArtifactRecord(path: path, sha256: digest.hex, bytes: bytes, rows: rows)
    }

    /// Puts the run's copy of `path` (from the working place, or from `folder`) in `reports/runs/<run_id>/<path>`.
    package func preserve(_ path: String, runID: String, from folder: DataRoot? = nil) throws {
        let source = (folder ?? root).file(path)
        let destination = root.file(root.runFolder(runID) + "/" + path)
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try copy(source, to: destination)
    }

    /// Copies `source` to `destination` through a temporary name, so a reader never sees half a file.
    private func copy(_ source: URL, to destination: URL) throws {
        // A name of this copy's own: two processes restoring or preserving one path never share it.
        let temporary = AtomicFileWriter.temporaryPath(for: destination.path)
        try FileManager.default.copyItem(atPath: source.path, toPath: temporary)
        guard rename(temporary, destination.path) == 0 else {
            unlink(temporary)
            throw LifecycleArtifactError(
                path: destination.path, message: "cannot be written: \(String(cString: strerror(errno)))")
        }
    }

    /// Moves each of `paths` from the staging `folder` to its working place (a rename each, then the folders are
    /// synced), once the step that wrote them is recorded.
    package func publish(_ paths: [String], from folder: DataRoot) throws {
        var folders: Set<String> = []
        for path in paths {
            let working = root.file(path)
            try FileManager.default.createDirectory(
                at: working.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard rename(folder.file(path).path, working.path) == 0 else {
                throw LifecycleArtifactError(
                    path: path, message: "cannot be published: \(String(cString: strerror(errno)))")
            }
            folders.insert(working.deletingLastPathComponent().path)
        }
        for path in folders.sorted() {
            let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            _ = fsync(descriptor)
            close(descriptor)
        }
    }

    /// Puts a run's copy back in the working place after checking it still has the recorded hash.
    package func restore(_ record: ArtifactRecord, fromRun runID: String) throws {
        let kept = root.runFolder(runID) + "/" + record.path
        let check = try self.record(kept, rows: record.rows)
        guard check.sha256 == record.sha256 else {
            throw LifecycleArtifactError(
                path: kept,
                message: "has sha256 \(check.sha256) but the ledger recorded \(record.sha256); it was altered")
        }
        let working = root.file(record.path)
        if (try? self.record(record.path, rows: nil).sha256) == record.sha256 { return }
        try FileManager.default.createDirectory(
            at: working.deletingLastPathComponent(), withIntermediateDirectories: true)
        try copy(root.file(kept), to: working)
    }
}

/// An artifact that is missing, unreadable or not what the ledger recorded.
package struct LifecycleArtifactError: Error, CustomStringConvertible {
    /// Path relative to the data root.
    package var path: String
    /// What is wrong with it.
    package var message: String
    package var description: String { "\(path) \(message)" }
}
