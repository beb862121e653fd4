import Glibc

/// A TCP connection to the server: blocking calls bounded by `poll` deadlines. The only file here doing I/O.
///
/// Owned by one `PostgresConnection` and used from one thread at a time; not Sendable.
final class PostgresSocket {
    /// The socket's file descriptor, -1 once closed.
    private var descriptor: Int32
    /// Reused for every `recv`, so streaming rows allocates no read buffers.
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Connects to `host:port`, trying each address `getaddrinfo` gives, within `timeout` seconds overall.
    static func connect(host: String, port: Int, timeout: Double) throws(PostgresError) -> PostgresSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw PostgresError(
                .connectionFailed, "cannot resolve host \"\(host)\": \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let deadline = PostgresDeadline(seconds: timeout)
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let descriptor = socket(
                address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                address.pointee.ai_protocol)
            guard descriptor >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            let candidate = PostgresSocket(descriptor: descriptor)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                return candidate
            }
            guard errno == EINPROGRESS else {
                lastError = String(cString: strerror(errno))
                continue
            }
            guard try candidate.wait(for: Int16(POLLOUT), until: deadline) else {
                throw PostgresError(
                    .timedOut, "connecting to \(host):\(port) took longer than \(Self.seconds(timeout))")
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
            if socketError == 0 { return candidate }
            lastError = String(cString: strerror(socketError))
        }
        throw PostgresError(
            .connectionFailed,
            "cannot connect to \(host):\(port): \(lastError); is the server running and listening on TCP there?")
    }

    /// Sends every byte before `deadline`.
    func write(_ bytes: [UInt8], until deadline: PostgresDeadline) throws(PostgresError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard try wait(for: Int16(POLLOUT), until: deadline) else {
                    throw PostgresError(.timedOut, "the server did not accept data in time")
                }
            } else {
                throw PostgresError(
                    .connectionClosed, "sending to the server failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Reads what is available into `decoder`; returns false when nothing arrived before `deadline`.
    func read(into decoder: inout PostgresMessageDecoder, until deadline: PostgresDeadline) throws(PostgresError)
        -> Bool
    {
        let descriptor = self.descriptor
        while true {
            let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                chunk.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<received])) }
                return true
            }
            if received == 0 { throw PostgresError(.connectionClosed, "the server closed the connection") }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                throw PostgresError(
                    .connectionClosed, "reading from the server failed: \(String(cString: strerror(errno)))")
            }
            guard try wait(for: Int16(POLLIN), until: deadline) else { return false }
        }
    }

    /// Closes the descriptor; later calls do nothing.
    func close() {
        if descriptor >= 0 {
            _ = Glibc.close(descriptor)
            descriptor = -1
        }
    }

    /// Polls for `events`; false when the deadline passes first.
    private func wait(for events: Int16, until deadline: PostgresDeadline) throws(PostgresError) -> Bool {
        while true {
            let remaining = deadline.remainingMilliseconds
            guard remaining > 0 else { return false }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(clamping: remaining))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR {
                throw PostgresError(
                    .connectionClosed, "waiting for the server failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// `5 s`, `0.25 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
