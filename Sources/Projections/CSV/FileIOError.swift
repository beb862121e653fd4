#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An operating-system call on a file failed (open, read, write, fsync, rename).
///
/// Kept apart from `CSVError` because the remedy differs: a CSV error means the content must be fixed, an I/O
/// error means the disk, the path or the permissions must be.
package struct FileIOError: Error, Equatable, CustomStringConvertible {
    /// The call that failed, e.g. `"open"`, `"fsync"`.
    package let operation: String
    /// The path the call was about.
    package let path: String
    /// The `errno` value the call left.
    package let errorNumber: Int32

    /// Records a failed call; `errorNumber` is usually `errno` read straight after the call.
    package init(operation: String, path: String, errorNumber: Int32) {
        self.operation = operation
        self.path = path
        self.errorNumber = errorNumber
    }

    /// The system's text for `errorNumber`, e.g. "No such file or directory".
    package var reason: String {
        String(cString: strerror(errorNumber))
    }

    /// `path: cannot open: No such file or directory (errno 2)` plus a hint for the usual causes.
    package var description: String {
        var text = "\(path): cannot \(operation): \(reason) (errno \(errorNumber))"
        switch errorNumber {
        case ENOENT:
            text += "; check that the folder exists"
        case EACCES, EPERM:
            text += "; check the permissions of the file and its folder"
        case ENOSPC, EDQUOT:
            text += "; free some disk space and run the step again"
        default:
            break
        }
        return text
    }
}
