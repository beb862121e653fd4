import Glibc

/// The POSIX socket calls the server makes, each retrying `EINTR` and reporting failures as `SocketError`.
///
/// Kept apart from the HTTP layer so the state machine and parser never see a file descriptor.
enum HTTPSocket {
    /// Opens a non-blocking TCP listener on `host:port` (port 0 picks a free port); returns it and the bound port.
    static func listen(host: String, port: Int, backlog: Int32) throws(SocketError) -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw .invalidPort(port) }
        let literal = host == "localhost" ? "127.0.0.1" : host
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        if withUnsafeMutableBytes(of: &storage, { inet_pton(AF_INET, literal, $0.baseAddress! + 4) }) == 1 {
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.storeBytes(of: sa_family_t(AF_INET), toByteOffset: 0, as: sa_family_t.self)
                raw.storeBytes(of: UInt16(port).bigEndian, toByteOffset: 2, as: UInt16.self)
            }
        } else if withUnsafeMutableBytes(of: &storage, { inet_pton(AF_INET6, literal, $0.baseAddress! + 8) }) == 1 {
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.storeBytes(of: sa_family_t(AF_INET6), toByteOffset: 0, as: sa_family_t.self)
                raw.storeBytes(of: UInt16(port).bigEndian, toByteOffset: 2, as: UInt16.self)
            }
        } else {
            throw .invalidAddress(host)
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(call: "socket", errno: errno) }
        do throws(SocketError) {
            // Lets a restarted server bind while old connections sit in TIME_WAIT.
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            let bound = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            guard bound == 0 else { throw .system(call: "bind", errno: errno) }
            guard Glibc.listen(fd, backlog) == 0 else { throw .system(call: "listen", errno: errno) }
            try makeNonBlocking(fd)
            return (fd, try localPort(fd))
        } catch {
            close(fd)
            throw error
        }
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket with Nagle off.
    ///
    /// Returns nil when none is pending (`EAGAIN`) or the peer gave up first (`ECONNABORTED`).
    static func accept(_ listener: Int32) throws(SocketError) -> (fd: Int32, remote: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
            }
            if fd >= 0 {
                // Without CLOEXEC at accept time (glibc's accept4 is not in Swift's Glibc module) set it here;
                // the server never forks, so the window is harmless.
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                do throws(SocketError) {
                    try makeNonBlocking(fd)
                    // Responses are written whole; Nagle would only delay them behind delayed ACKs.
                    try setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                } catch {
                    close(fd)
                    throw error
                }
                return (fd, describe(storage))
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK, ECONNABORTED: return nil
            default: throw .system(call: "accept", errno: errno)
            }
        }
    }

    /// Creates a non-blocking pipe whose write end wakes a `poll` waiting on its read end.
    static func wakePipe() throws(SocketError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .system(call: "pipe", errno: errno) }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            try makeNonBlocking(end)
        }
        return (ends[0], ends[1])
    }

    /// Writes one byte to a wake pipe; a full pipe already guarantees a wake-up, so failure is ignored.
    static func wake(_ fd: Int32) {
        var byte: UInt8 = 1
        while write(fd, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Empties a wake pipe.
    static func drain(_ fd: Int32) {
        var sink = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &sink, { read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Sets `O_NONBLOCK`.
    private static func makeNonBlocking(_ fd: Int32) throws(SocketError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw .system(call: "fcntl", errno: errno)
        }
    }

    /// Sets an integer socket option.
    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(SocketError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw .system(call: "setsockopt", errno: errno)
        }
    }

    /// The port a socket is bound to.
    private static func localPort(_ fd: Int32) throws(SocketError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw .system(call: "getsockname", errno: errno) }
        return withUnsafeBytes(of: &storage) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
    }

    /// `address:port` of a peer, for the request context and logs.
    private static func describe(_ storage: sockaddr_storage) -> String {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        return withUnsafeBytes(of: &storage) { raw -> String in
            let family = Int32(raw.load(fromByteOffset: 0, as: sa_family_t.self))
            let port = UInt16(bigEndian: raw.load(fromByteOffset: 2, as: UInt16.self))
            let offset = family == AF_INET6 ? 8 : 4
            guard inet_ntop(family, raw.baseAddress! + offset, &text, socklen_t(text.count)) != nil else {
                return "unknown"
            }
            let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return family == AF_INET6 ? "[\(address)]:\(port)" : "\(address):\(port)"
        }
    }
}
