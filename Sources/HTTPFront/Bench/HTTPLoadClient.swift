import Dispatch
import Foundation
import Glibc
import Synchronization

/// The built-in load generator, for machines without `wrk`: keep-alive connections driven by `poll` on a few
/// threads, one request outstanding per connection (as wrk does), for a fixed duration.
///
/// Loopback only: it connects to an IPv4 literal given by the bench, which starts the servers itself.
package struct HTTPLoadClient: Sendable {
    /// The server's IPv4 address.
    package var host: String
    /// The server's port.
    package var port: Int
    /// Request target, e.g. `/health`.
    package var path: String
    /// Extra request fields, e.g. `Authorization`.
    package var headers: [(name: String, value: String)]
    /// Connections kept open.
    package var connections: Int
    /// Threads sharing the connections.
    package var threads: Int
    /// How long to send requests.
    package var duration: Duration

    /// A load of `connections` keep-alive connections on `threads` threads against `host:port` `path`.
    package init(
        host: String = "127.0.0.1", port: Int, path: String, headers: [(name: String, value: String)] = [],
        connections: Int = 64, threads: Int = 1, duration: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.path = path
        self.headers = headers
        self.connections = connections
        self.threads = threads
        self.duration = duration
    }

    /// Runs the load and returns what it measured.
    package func run() -> HTTPLoadResult {
        var request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        for field in headers { request += "\(field.name): \(field.value)\r\n" }
        let bytes = Array((request + "\r\n").utf8)
        let threadCount = Swift.max(1, Swift.min(threads, connections))
        let results = Mutex<[Tally]>([])
        let group = DispatchGroup()
        let start = DispatchTime.now().uptimeNanoseconds
        let end = start + duration.nanoseconds
        for index in 0..<threadCount {
            let share = connections / threadCount + (index < connections % threadCount ? 1 : 0)
            let (host, port) = (host, port)
            group.enter()
            let thread = Thread {
                let tally = Self.drive(host: host, port: port, request: bytes, connections: share, until: end)
                results.withLock { $0.append(tally) }
                group.leave()
            }
            thread.name = "http-load-\(index)"
            thread.start()
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var total = Tally()
        for tally in results.withLock({ $0 }) { total.merge(tally) }
        return HTTPLoadResult(
            tool: "built-in", requestsPerSecond: Double(total.latencies.count) / Swift.max(seconds, 1e-9),
            p50Milliseconds: Double(total.latencies.percentile(0.50)) / 1e6,
            p99Milliseconds: Double(total.latencies.percentile(0.99)) / 1e6, requests: total.latencies.count,
            non2xx: total.non2xx, socketErrors: total.errors)
    }

    /// One GET on a fresh connection; the status, or nil when nothing answered (used to wait for readiness).
    package static func probe(host: String = "127.0.0.1", port: Int, path: String, timeout: Duration = .seconds(2))
        -> Int?
    {
        guard let fd = connect(host: host, port: port) else { return nil }
        defer { close(fd) }
        var connection = LoadConnection(fd: fd)
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
        guard connection.send(request) else { return nil }
        let deadline = DispatchTime.now().uptimeNanoseconds + timeout.nanoseconds
        while DispatchTime.now().uptimeNanoseconds < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) >= 0 else { return nil }
            switch connection.receive() {
            case .complete(let status): return status
            case .failed: return nil
            case .partial: continue
            }
        }
        return nil
    }

    /// Counts of one thread.
    private struct Tally {
        var latencies = LatencyHistogram()
        var non2xx = 0
        var errors = 0

        mutating func merge(_ other: Tally) {
            latencies.merge(other.latencies)
            non2xx += other.non2xx
            errors += other.errors
        }
    }

    /// Drives `connections` connections until `end` (monotonic nanoseconds).
    private static func drive(host: String, port: Int, request: [UInt8], connections: Int, until end: UInt64)
        -> Tally
    {
        var tally = Tally()
        var open: [LoadConnection] = []
        var pollSet: [pollfd] = []
        for _ in 0..<connections {
            guard let fd = connect(host: host, port: port) else {
                tally.errors += 1
                continue
            }
            open.append(LoadConnection(fd: fd))
            pollSet.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
        }
        defer { for connection in open { close(connection.fd) } }
        for index in open.indices where !open[index].start(request) {
            tally.errors += 1
        }
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < end else { break }
            let ready = poll(&pollSet, nfds_t(pollSet.count), Int32(Swift.min((end - now) / 1_000_000 + 1, 100)))
            guard ready > 0 else { continue }
            for index in open.indices where pollSet[index].revents != 0 {
                switch open[index].receive() {
                case .partial:
                    continue
                case .complete(let status):
                    let finished = DispatchTime.now().uptimeNanoseconds
                    guard finished < end else { continue }
                    tally.latencies.record(nanoseconds: finished - open[index].sentAt)
                    if !(200..<400).contains(status) { tally.non2xx += 1 }
                    if !open[index].start(request) { tally.errors += 1 }
                case .failed:
                    // Reconnect, as wrk does, and count the failure.
                    tally.errors += 1
                    close(open[index].fd)
                    guard let fd = connect(host: host, port: port) else {
                        pollSet[index].events = 0
                        pollSet[index].fd = -1
                        continue
                    }
                    open[index] = LoadConnection(fd: fd)
                    pollSet[index].fd = fd
                    if !open[index].start(request) { tally.errors += 1 }
                }
            }
        }
        return tally
    }

    /// A blocking connect to `host:port`, then non-blocking with Nagle off; nil on failure.
    private static func connect(host: String, port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            return nil
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return fd
    }
}

/// One load connection: sends a request, reads a `Content-Length` response.
private struct LoadConnection {
    /// What a read produced.
    enum Outcome {
        /// More bytes needed.
        case partial
        /// A whole response with this status.
        case complete(Int)
        /// Closed, reset, or a response this client cannot frame (chunked).
        case failed
    }

    let fd: Int32
    /// When the outstanding request was sent.
    var sentAt: UInt64 = 0
    /// Bytes received and not yet consumed.
    private var buffer: [UInt8] = []
    /// Scratch for `recv`.
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(64 * 1024)
    }

    /// Sends the request and starts its clock.
    mutating func start(_ request: [UInt8]) -> Bool {
        sentAt = DispatchTime.now().uptimeNanoseconds
        return send(request)
    }

    /// Sends all of `bytes` (requests are small: one `send` almost always takes them whole).
    mutating func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, 100)
            } else {
                return false
            }
        }
        return true
    }

    /// Reads what is available and reports whether a whole response arrived.
    mutating func receive() -> Outcome {
        let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return .failed }
        if count < 0 {
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? parse() : .failed
        }
        buffer.append(contentsOf: scratch[..<count])
        return parse()
    }

    /// Takes one response off the buffer if it is complete.
    private mutating func parse() -> Outcome {
        guard let headEnd = headEnd() else { return .partial }
        guard buffer.count >= 12, let status = Int(String(decoding: buffer[9..<12], as: UTF8.self)) else {
            return .failed
        }
        guard let length = contentLength(in: buffer[..<headEnd]) else { return .failed }
        guard buffer.count >= headEnd + length else { return .partial }
        buffer.removeFirst(headEnd + length)
        return .complete(status)
    }

    /// The offset past the blank line ending the head.
    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// The `Content-Length` of a head (0 when absent on a bodiless status); nil for chunked or malformed heads.
    private func contentLength(in head: ArraySlice<UInt8>) -> Int? {
        var length = 0
        for line in head.split(separator: 10) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = line[line.startIndex..<colon]
            if HTTPHeaders.asciiCaseInsensitiveEqual(name, "transfer-encoding".utf8) { return nil }
            guard HTTPHeaders.asciiCaseInsensitiveEqual(name, "content-length".utf8) else { continue }
            let digits = line[(colon + 1)...].filter { $0 != 0x20 && $0 != 0x0D }
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(String(decoding: digits, as: UTF8.self))
            else { return nil }
            length = value
        }
        return length
    }
}
