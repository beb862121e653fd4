import Glibc

/// A thin owner of a POSIX file descriptor: the system calls the ledger needs, with errors that name the file.
///
/// Not thread-safe by itself; every instance is owned by one lock holder (see `Ledger`).
package struct FileDescriptor: Sendable {
    /// The raw descriptor.
    package let rawValue: Int32
    /// The path it was opened from, for error messages.
    package let path: String

    /// Opens `path` with `flags` (and `mode` when creating).
    package static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(LedgerError) -> FileDescriptor {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        return FileDescriptor(rawValue: fd, path: path)
    }

    /// Closes the descriptor.
    package func close() {
        _ = Glibc.close(rawValue)
    }

    /// Which file this is (device and inode), to tell whether a path still names it.
    package func identity() throws(LedgerError) -> FileIdentity {
        var info = stat()
        guard fstat(rawValue, &info) == 0 else { throw .io(operation: "fstat", path: path, errno: errno) }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Which file `path` names now, or nil when it names none.
    package static func identity(ofPath path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Size and change time: any write to the file changes one of them.
    package func changeStamp() throws(LedgerError) -> [Int] {
        var info = stat()
        guard fstat(rawValue, &info) == 0 else { throw .io(operation: "fstat", path: path, errno: errno) }
        return [Int(info.st_size), Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec)]
    }

    /// The current size in bytes.
    package func size() throws(LedgerError) -> Int {
        var info = stat()
        guard fstat(rawValue, &info) == 0 else { throw .io(operation: "fstat", path: path, errno: errno) }
        return Int(info.st_size)
    }

    /// Reads exactly `count` bytes at `offset` (fewer only at end of file).
    package func read(at offset: Int, count: Int) throws(LedgerError) -> [UInt8] {
        guard count > 0, offset >= 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(rawValue, buffer.baseAddress! + done, count - done, off_t(offset + done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, errno: errno)
            }
            if got == 0 { break }
            done += got
        }
        if done < count { bytes.removeLast(count - done) }
        return bytes
    }

    /// Writes all of `bytes` at the current position (the end, for files opened with `O_APPEND`).
    package func writeAll(_ bytes: UnsafeRawBufferPointer) throws(LedgerError) {
        var done = 0
        while done < bytes.count {
            let wrote = Glibc.write(rawValue, bytes.baseAddress! + done, bytes.count - done)
            if wrote < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", path: path, errno: errno)
            }
            done += wrote
        }
    }

    /// Writes all of `bytes` at the current position.
    package func writeAll(_ bytes: [UInt8]) throws(LedgerError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(LedgerError) in try writeAll(buffer) } }.get()
    }

    /// Flushes data and metadata to stable storage.
    package func sync() throws(LedgerError) {
        guard fsync(rawValue) == 0 else { throw .io(operation: "fsync", path: path, errno: errno) }
    }

    /// Cuts the file to `size` bytes.
    package func truncate(to size: Int) throws(LedgerError) {
        guard ftruncate(rawValue, off_t(size)) == 0 else { throw .io(operation: "truncate", path: path, errno: errno) }
    }

    /// Takes an advisory lock (`LOCK_EX` or `LOCK_SH`), waiting for it.
    package func lock(_ operation: Int32) throws(LedgerError) {
        while flock(rawValue, operation) != 0 {
            if errno == EINTR { continue }
            throw .io(operation: "flock", path: path, errno: errno)
        }
    }

    /// Releases the advisory lock.
    package func unlock() {
        _ = flock(rawValue, LOCK_UN)
    }

    /// Makes a newly created directory entry durable.
    package static func syncDirectory(_ path: String) throws(LedgerError) {
        let directory = try open(path, flags: O_RDONLY | O_DIRECTORY)
        defer { directory.close() }
        try directory.sync()
    }
}

/// A file's device and inode: the same path can name another file after a rename over it.
package struct FileIdentity: Sendable, Equatable {
    /// `st_dev`.
    package var device: UInt64
    /// `st_ino`.
    package var inode: UInt64
}
