import EventStore
import Foundation
import Glibc
import Synchronization
import XCTest

/// A `dm serve` child process on a free port, and a tiny blocking HTTP client for it.
final class ServeProcess {
    let process = Process()
    let port: Int
    private let stdout = Pipe()
    private let stderr = Pipe()
    /// Everything the server wrote to stdout and stderr (read on background threads).
    private let output = OutputBuffer()

    /// The child's output so far; the mutex is shared with the reading threads.
    final class OutputBuffer: Sendable {
        let text = Mutex((out: "", err: ""))
        func withLock<T>(_ body: (inout (out: String, err: String)) -> T) -> T { text.withLock { body(&$0) } }
    }

    /// Starts `dm serve` on `root` (on any free port and no console unless `ports` names both) and waits for its
    /// `listening on` line.
    init(root: String, extra: [String] = [], ports: (api: Int, console: Int) = (0, 0), timeout: Double = 30) throws {
        process.executableURL = DMExecutable.url
        process.arguments =
            ["serve", "--root", root, "--port", "\(ports.api)", "--ui-port", "\(ports.console)"] + extra
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = self.output
        let outHandle = stdout.fileHandleForReading
        let errHandle = stderr.fileHandleForReading
        Thread.detachNewThread {
            while case let data = outHandle.availableData, !data.isEmpty {
                output.withLock { $0.out += String(decoding: data, as: UTF8.self) }
            }
        }
        Thread.detachNewThread {
            while case let data = errHandle.availableData, !data.isEmpty {
                output.withLock { $0.err += String(decoding: data, as: UTF8.self) }
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let text = output.withLock { $0.out }
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://127.0.0.1:") }) {
                found = Int(line.split(separator: ":").last ?? "")
            } else {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        guard let found else {
            process.terminate()
            throw ServeFailure(message: "no listening line; stderr: \(output.withLock { $0.err })")
        }
        port = found
    }

    struct ServeFailure: Error {
        var message: String
    }

    var standardOutput: String { output.withLock { $0.out } }
    var standardError: String { output.withLock { $0.err } }

    /// Sends SIGTERM and waits for the exit status.
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends `signal` and waits up to `seconds` for the exit status; nil when it was still running then.
    func terminate(_ signal: Int32 = SIGTERM, within seconds: Double) -> Int32? {
        if process.isRunning { kill(process.processIdentifier, signal) }
        return waitForExit(within: seconds)
    }

    /// Waits up to `seconds` for the exit status; nil when it was still running then.
    func waitForExit(within seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else { return nil }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// A response: status and the body parsed as JSON (`.null` when it is not JSON).
    struct Response {
        var status: Int
        var body: JSONValue
        var text: String
    }

    /// A port nothing listens on now (bound to 0, read back, closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw ServeFailure(message: "cannot find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A connected socket to the server, with a 30 s receive limit.
    func connect() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw ServeFailure(message: "connect failed: errno \(errno)")
        }
        var limit = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Sends all of `bytes` on `fd`.
    static func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ServeFailure(message: "send failed") }
            sent += n
        }
    }

    /// Reads from `fd` until the peer closes it, or `seconds` pass (a stream that never ends cannot hang a test).
    static func readToEnd(_ fd: Int32, within seconds: Double = 30) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&ready, 1, left) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// One request on its own connection (`Connection: close`), read to the end.
    func request(_ method: String, _ target: String, token: String? = nil, body: String? = nil) throws -> Response {
        let fd = try connect()
        defer { close(fd) }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        let content = Array((body ?? "").utf8)
        head += "Content-Type: application/json\r\nContent-Length: \(content.count)\r\n\r\n"
        try Self.send(fd, Array(head.utf8) + content)
        let text = Self.readToEnd(fd)
        guard let split = text.range(of: "\r\n\r\n"), let status = Int(text.split(separator: " ")[1]) else {
            throw ServeFailure(message: "malformed response: \(text.prefix(200))")
        }
        let bodyText = String(text[split.upperBound...])
        return Response(status: status, body: (try? JSONValue(parsing: bodyText)) ?? .null, text: bodyText)
    }
}
