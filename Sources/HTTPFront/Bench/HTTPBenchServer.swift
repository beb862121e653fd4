import Dispatch
import Foundation
import Glibc
import Synchronization

/// A server under load in `dm bench http`: `dm serve` or the Hummingbird peer as a child process, or the
/// in-process fixture server.
package final class HTTPBenchServer: Sendable {
    /// What runs the server.
    private enum Kind: Sendable {
        /// A child process.
        case child(Process)
        /// This process.
        case inProcess(HTTPServer)
    }

    /// Name for the report (`dm serve`, `hummingbird`, `in-process`).
    package let label: String
    /// Loopback port.
    package let port: Int
    /// Process whose memory is reported.
    package let pid: Int32
    /// The running server.
    private let kind: Kind

    /// Wraps a started server.
    private init(label: String, port: Int, pid: Int32, kind: Kind) {
        self.label = label
        self.port = port
        self.pid = pid
        self.kind = kind
    }

    /// Starts `dm serve --root ROOT --port 0` and waits for its `listening on http://HOST:PORT` line.
    package static func startServe(executable: String, root: String, timeout: Duration = .seconds(120)) throws
        -> HTTPBenchServer
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--root", root, "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = DispatchSemaphore(value: 0)
        let announced = Mutex<Int?>(nil)
        let reader = output.fileHandleForReading
        // Reads stdout until the server exits, so a chatty server never blocks on a full pipe.
        let thread = Thread {
            var pending = ""
            var signalled = false
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                guard !signalled else { continue }
                pending += String(decoding: data, as: UTF8.self)
                if let port = listeningPort(in: pending) {
                    announced.withLock { $0 = port }
                    signalled = true
                    ready.signal()
                }
            }
            if !signalled { ready.signal() }
        }
        thread.start()
        let seconds = Int(timeout.nanoseconds / 1_000_000_000)
        let answered = ready.wait(timeout: .now() + .seconds(seconds)) == .success
        guard let port = announced.withLock({ $0 }) else {
            guard answered else {
                process.terminate()
                throw HTTPBenchError(
                    message: "`dm serve` did not print `listening on http://HOST:PORT` within \(seconds) s")
            }
            // Its output ended without the line: it exited.
            process.waitUntilExit()
            throw HTTPBenchError(
                message: "`\(executable) serve` exited with status \(process.terminationStatus) before printing "
                    + "`listening on http://HOST:PORT`; if this build has no `dm serve` yet, use --server in-process")
        }
        return HTTPBenchServer(
            label: "dm serve", port: port, pid: process.processIdentifier, kind: .child(process))
    }

    /// Starts the Hummingbird peer binary on a free port and waits until `/health` answers.
    package static func startPeer(executable: String, timeout: Duration = .seconds(60)) throws -> HTTPBenchServer {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchTime.now().uptimeNanoseconds + timeout.nanoseconds
        while HTTPLoadClient.probe(port: port, path: "/health", timeout: .milliseconds(500)) != 200 {
            guard process.isRunning, DispatchTime.now().uptimeNanoseconds < deadline else {
                process.terminate()
                throw HTTPBenchError(message: "the peer \(executable) did not answer /health on port \(port)")
            }
            usleep(100_000)
        }
        return HTTPBenchServer(
            label: "hummingbird", port: port, pid: process.processIdentifier, kind: .child(process))
    }

    /// Starts the fixture router in this process on a free port (two event loops, as `dm serve` on 2 cores).
    package static func startInProcess() throws -> HTTPBenchServer {
        let server = try HTTPServer.start(port: 0, responder: HTTPBenchFixture.router())
        return HTTPBenchServer(label: "in-process", port: server.port, pid: getpid(), kind: .inProcess(server))
    }

    /// Stops the server: SIGTERM and up to 10 s for a child, then SIGKILL.
    package func stop() {
        switch kind {
        case .inProcess(let server):
            server.stop()
        case .child(let process):
            guard process.isRunning else { return }
            process.terminate()
            for _ in 0..<100 where process.isRunning { usleep(100_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// The server's resident memory now and at its peak, in MiB (VmRSS and VmHWM of /proc/PID/status).
    package func memoryMiB() -> (rss: Double, peak: Double) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
            return Double(line.split(separator: " ").compactMap { Int($0) }.first ?? 0) / 1024
        }
        return (field("VmRSS:"), field("VmHWM:"))
    }

    /// The port of the first `listening on http://HOST:PORT` line in `text`.
    package static func listeningPort(in text: String) -> Int? {
        for line in text.split(separator: "\n") {
            guard let range = line.range(of: "listening on http://") else { continue }
            let address = line[range.upperBound...].prefix { !$0.isWhitespace && $0 != "/" }
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...])
            else { continue }
            return port
        }
        return nil
    }

    /// A port nothing listens on right now (bound, read back and released).
    static func freePort() throws -> Int {
        do {
            let listener = try HTTPSocket.listen(host: "127.0.0.1", port: 0, backlog: 1)
            close(listener.fd)
            return listener.port
        } catch {
            throw HTTPBenchError(message: "could not find a free port: \(error)")
        }
    }
}
