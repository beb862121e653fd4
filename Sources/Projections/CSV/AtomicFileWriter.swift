#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Writes a file so that readers see either the old file or the complete new one, never a half-written one.
///
/// Bytes go to `<path>.<pid>-<random>.tmp`; `commit()` makes them durable (`fsync`), renames the temporary file over `<path>`
/// (atomic on POSIX file systems) and syncs the folder so the rename itself survives a crash. `abandon()` deletes
/// the temporary file; so does `deinit` if neither was called, so a failed step never leaves a report that looks
/// finished. Each writer has a temporary file of its own (created exclusively), so two writers of one path — two
/// processes rewriting the same report — never truncate each other's bytes: each rename publishes a whole file,
/// and the last one wins. Not `Sendable`.
package final class AtomicFileWriter {
    private enum State {
        case open
        case committed
        case abandoned
    }

    /// Where the file appears on `commit()`.
    package let url: URL
    /// The temporary file written until then: `url` plus `.<pid>-<random>.tmp`.
    package let temporaryURL: URL
    /// Bytes written so far.
    package private(set) var bytesWritten = 0

    private var descriptor: Int32
    private var state = State.open

    /// Creates a temporary file of this writer's own next to `url`; the folder must exist.
    package init(url: URL) throws {
        self.url = url
        self.temporaryURL = URL(fileURLWithPath: Self.temporaryPath(for: url.path))
        descriptor = open(temporaryURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileIOError(operation: "create", path: temporaryURL.path, errorNumber: errno)
        }
    }

    /// A temporary name of one writer's own beside `path`: `<path>.<pid>-<random>.tmp`, so two processes (or two
    /// writers in one) never share it.
    package static func temporaryPath(for path: String) -> String {
        path + ".\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16)).tmp"
    }

    deinit {
        abandon()
    }

    /// Whether `commit()` has completed.
    package var isCommitted: Bool {
        state == .committed
    }

    /// Whether bytes may still be written (neither committed nor abandoned).
    package var isOpen: Bool {
        state == .open
    }

    /// Appends `bytes` to the temporary file, retrying short writes and interrupted calls.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard state == .open else {
            throw FileIOError(operation: "write after commit or abandon", path: temporaryURL.path, errorNumber: EBADF)
        }
        guard var next = bytes.baseAddress else {
            return
        }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR {
                    continue
                }
                throw FileIOError(operation: "write", path: temporaryURL.path, errorNumber: errno)
            }
            next += written
            remaining -= written
            bytesWritten += written
        }
    }

    /// Makes the file durable and atomically puts it at `url`; on failure the temporary file is deleted.
    package func commit() throws {
        guard state == .open else {
            throw FileIOError(operation: "commit twice or after abandon", path: url.path, errorNumber: EBADF)
        }
        do {
            try check(fsync(descriptor), "fsync", temporaryURL.path)
            let closed = close(descriptor)
            descriptor = -1
            try check(closed, "close", temporaryURL.path)
            try check(rename(temporaryURL.path, url.path), "rename into place", url.path)
            state = .committed
        } catch {
            abandon()
            throw error
        }
        try syncFolder()
    }

    /// Closes and deletes the temporary file; does nothing after `commit()` or a previous `abandon()`.
    package func abandon() {
        guard state == .open else {
            return
        }
        state = .abandoned
        if descriptor >= 0 {
            _ = close(descriptor)
            descriptor = -1
        }
        _ = unlink(temporaryURL.path)
    }

    /// Syncs the folder's entry list, without which a crash could lose the rename even though the data is safe.
    private func syncFolder() throws {
        let folder = url.deletingLastPathComponent().path
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderDescriptor >= 0 else {
            throw FileIOError(operation: "open folder", path: folder, errorNumber: errno)
        }
        defer { _ = close(folderDescriptor) }
        // Some file systems cannot sync a folder and say so with EINVAL; the rename is then as durable as it gets.
        if fsync(folderDescriptor) != 0 && errno != EINVAL {
            throw FileIOError(operation: "fsync folder", path: folder, errorNumber: errno)
        }
    }

    private func check(_ result: Int32, _ operation: String, _ path: String) throws {
        if result != 0 {
            throw FileIOError(operation: operation, path: path, errorNumber: errno)
        }
    }
}

/// The C library's `write`, which the method of the same name hides inside `AtomicFileWriter`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
