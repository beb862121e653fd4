import Glibc

extension SHA256 {
    /// The digest and size of the file at `path`, read in 1 MiB chunks (memory does not grow with the file).
    package static func hash(contentsOf path: String) throws(LedgerError) -> (digest: SHA256Digest, bytes: Int) {
        let file = try FileDescriptor.open(path, flags: O_RDONLY)
        defer { file.close() }
        var hasher = SHA256()
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(file.rawValue, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, errno: errno)
            }
            if got == 0 { break }
            total += got
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<got])) }
        }
        return (hasher.finalize(), total)
    }
}
