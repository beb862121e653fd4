import Dispatch
import Foundation
import Glibc
import Synchronization
import XCTest

@testable import HTTPFront

/// The server over real loopback sockets on port 0, with deadlines shortened so the whole suite stays fast.
final class HTTPServerLiveTests: XCTestCase {
    /// Deadlines of a few hundred milliseconds: long enough for a loaded machine, short enough for tests.
    private static let fastTimeouts = HTTPTimeouts(
        head: .milliseconds(300), body: .milliseconds(300), idle: .milliseconds(500), write: .seconds(2),
        linger: .milliseconds(200))

    /// Requests the test responder has begun, so a test can act while one is in flight.
    private let slowStarted = DispatchSemaphore(value: 0)
    /// Access-log entries, in order.
    private let logged = AccessLogRecorder()

    /// Collects entries from the loop threads; the `Mutex` is the one owner of the list.
    private final class AccessLogRecorder: Sendable {
        let entries = Mutex<[HTTPAccessLogEntry]>([])
    }

    private func makeRouter() -> Router {
        var router = Router()
        let started = slowStarted
        router.add(.get, "/health") { _, _ in .json(Array(#"{"status":"ok"}"#.utf8)) }
        router.add(.post, "/echo") { request, _ in HTTPResponse(body: request.body) }
        router.add(.get, "/slow") { _, _ in
            started.signal()
            usleep(300_000)
            return HTTPResponse(body: Array("slow".utf8))
        }
        router.add(.get, "/big") { _, _ in HTTPResponse(body: [UInt8](repeating: 0x61, count: 16 << 20)) }
        return router
    }

    private func startServer(
        maxConnections: Int = 1024, maxBodyBytes: Int = 1024, timeouts: HTTPTimeouts = fastTimeouts,
        stopsOnTerminationSignals: Bool = false
    ) throws -> HTTPServer {
        let log = logged
        let configuration = HTTPServerConfiguration(
            limits: HTTPRequestLimits(maxBodyBytes: maxBodyBytes), timeouts: timeouts,
            maxConnections: maxConnections, eventLoopCount: 2, shutdownGracePeriod: .seconds(3),
            stopsOnTerminationSignals: stopsOnTerminationSignals,
            accessLog: { entry in log.entries.withLock { $0.append(entry) } })
        let server = try HTTPServer.start(port: 0, responder: makeRouter(), configuration: configuration)
        addTeardownBlock { server.stop() }
        return server
    }

    /// Waits (bounded) until `condition` holds.
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// Whether this process has a handler installed for `signal` (the `SigCgt` mask of /proc/self/status).
    private static func catches(_ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
            let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }

    private func openDescriptorCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    }

    func testLive_startsOnPortZeroAndReportsThePort() throws {
        let server = try startServer()
        XCTAssertGreaterThan(server.port, 0)
        XCTAssertEqual(server.host, "127.0.0.1")
        XCTAssertThrowsError(try HTTPServer.start(host: "not-an-ip", port: 0, responder: Router())) {
            XCTAssertEqual($0 as? SocketError, .invalidAddress("not-an-ip"))
        }
        XCTAssertThrowsError(try HTTPServer.start(port: server.port, responder: Router())) {
            guard case .system(call: "bind", errno: EADDRINUSE) = $0 as? SocketError else {
                return XCTFail("expected EADDRINUSE, got \($0)")
            }
        }
    }

    func testLive_keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        for _ in 0..<5 {
            client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.bodyText, #"{"status":"ok"}"#)
            XCTAssertNil(response.headers["Connection"])
        }
        XCTAssertEqual(server.openConnectionCount, 1)
    }

    func testLive_pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        let requests = (1...5).map { "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\n\($0)" }.joined()
        client.send(requests + "GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        for expected in ["1", "2", "3", "4", "5", #"{"status":"ok"}"#] {
            XCTAssertEqual(try client.readResponse().bodyText, expected)
        }
    }

    func testLive_everyLimitAnswersWithItsStatusAJSONErrorAndCloses() throws {
        let server = try startServer()
        let cases: [(String, Int, String)] = [
            (
                "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414,
                "request_line_too_long"
            ),
            (
                "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 33000) + "\r\n\r\n", 431,
                "header_section_too_large"
            ),
            (
                "GET / HTTP/1.1\r\nHost: t\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431,
                "too_many_header_fields"
            ),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1025\r\n\r\n", 413, "body_too_large"),
            (
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
                "content_length_with_transfer_encoding"
            ),
            (
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", 411,
                "length_required"
            ),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: x\r\n\r\n", 400, "invalid_content_length"),
            ("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501, "method_not_implemented"),
            ("get /health HTTP/1.1\r\nHost: t\r\n\r\n", 501, "method_not_implemented"),
            ("GET /health\r\nHost: t\r\n\r\n", 400, "malformed_request_line"),
            ("GET  /health HTTP/1.1\r\nHost: t\r\n\r\n", 400, "malformed_request_line"),
            ("\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}\r\n\r\n", 400, "malformed_request_line"),
            ("GET /health HTTP/2.0\r\nHost: t\r\n\r\n", 505, "http_version_not_supported"),
            ("GET /health HTTP/1.1\r\nHost: t\r\nX-Fold: a\r\n b\r\n\r\n", 400, "obsolete_line_folding"),
            ("GET /health HTTP/1.1\r\nHost : t\r\n\r\n", 400, "whitespace_before_colon"),
            ("GET /health HTTP/1.1\r\n\r\n", 400, "invalid_host"),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n", 417, "expectation_failed"),
        ]
        for (request, status, code) in cases {
            let client = try TestHTTPClient(port: server.port)
            client.send(request)
            let response = try client.readResponse()
            XCTAssertEqual(response.status, status, code)
            XCTAssertEqual(response.headers["Connection"], "close", code)
            XCTAssertEqual(response.headers["Content-Type"], "application/json", code)
            XCTAssertTrue(response.bodyText.hasPrefix(#"{"error":{"code":"\#(code)","message":""#), response.bodyText)
            XCTAssertTrue(client.waitForClose(), "\(code): the server keeps the connection open")
        }
        // The server is still fine.
        let client = try TestHTTPClient(port: server.port)
        client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 200)
    }

    func testLive_routerErrorsAreJSON() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        client.send("GET /missing HTTP/1.1\r\nHost: t\r\n\r\nDELETE /health HTTP/1.1\r\nHost: t\r\n\r\n")
        let missing = try client.readResponse()
        XCTAssertEqual(missing.status, 404)
        XCTAssertTrue(missing.bodyText.hasPrefix(#"{"error":{"code":"not_found""#))
        let wrongMethod = try client.readResponse()
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.headers["Allow"], "GET, HEAD")
    }

    func testLive_headHasHeadersButNoBody() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        client.send("HEAD /health HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(headRequest: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers["Content-Length"], "15")
        // Had a body been sent, it would be read here as the start of the next response.
        client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().bodyText, #"{"status":"ok"}"#)
    }

    func testLive_expectContinueGetsInterimResponseBeforeTheBody() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 100)
        client.send("hello")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, "hello")
    }

    func testLive_slowDripClientIsCutOffWith408() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        let dripped = Atomic<Int>(0)
        let total = 60
        let fd = client.fd
        let dripper = Thread {
            // One byte every 50 ms: 3 s in all, ten times the 300 ms head deadline.
            for byte in "GET /health HTTP/1.1\r\nHost: t\r\nX-Slow: ".utf8 + [UInt8](repeating: 0x61, count: total) {
                var byte = byte
                guard Glibc.send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) == 1 else { return }
                dripped.add(1, ordering: .relaxed)
                usleep(50_000)
            }
        }
        dripper.start()
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertTrue(response.bodyText.contains(#""code":"request_timeout""#))
        XCTAssertLessThan(dripped.load(ordering: .relaxed), total, "cut off long before the head could finish")
        XCTAssertTrue(client.waitForClose())
    }

    func testLive_silentConnectionAndIdleKeepAliveAreClosed() throws {
        let server = try startServer()
        let silent = try TestHTTPClient(port: server.port)
        XCTAssertTrue(silent.waitForClose())
        let idle = try TestHTTPClient(port: server.port)
        idle.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try idle.readResponse().status, 200)
        XCTAssertTrue(idle.waitForClose())
        XCTAssertTrue(eventually { server.openConnectionCount == 0 })
    }

    func testLive_truncatedBodyGets400() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        client.shutdownWrite()
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 400)
        XCTAssertTrue(response.bodyText.contains(#""code":"truncated_request""#))
        XCTAssertTrue(client.waitForClose())
    }

    func testLive_truncatedBodyThatStallsGets408() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertTrue(response.bodyText.contains("body"))
    }

    func testLive_clientDisconnectMidResponseIsSurvived() throws {
        let server = try startServer()
        for _ in 0..<3 {
            let client = try TestHTTPClient(port: server.port)
            client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            var chunk = [UInt8](repeating: 0, count: 4096)
            XCTAssertGreaterThan(chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }, 0)
            client.reset()
        }
        let next = try TestHTTPClient(port: server.port)
        next.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try next.readResponse().status, 200)
        XCTAssertTrue(eventually { server.openConnectionCount == 1 }, "the reset connections were released")
    }

    func testLive_thousandConcurrentConnectionsLeaveNoDescriptorsBehind() throws {
        // Default deadlines: opening 1,000 sockets on a loaded machine can outlast the fast head deadline.
        let server = try startServer(maxConnections: 2000, timeouts: HTTPTimeouts())
        let before = try openDescriptorCount()
        var clients: [TestHTTPClient] = []
        for _ in 0..<1000 { clients.append(try TestHTTPClient(port: server.port)) }
        for client in clients { client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n") }
        for client in clients { XCTAssertEqual(try client.readResponse().status, 200) }
        XCTAssertEqual(server.openConnectionCount, 1000)
        clients.removeAll()
        XCTAssertTrue(eventually { server.openConnectionCount == 0 })
        // At most as many as before: a previous test's descriptor may close meanwhile (on a loaded machine its
        // server can still be shutting down when `before` is counted); a leak would leave hundreds more.
        XCTAssertTrue(
            eventually { (try? self.openDescriptorCount()).map { $0 <= before } ?? false }, "descriptors leaked")
        let after = try TestHTTPClient(port: server.port)
        after.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try after.readResponse().status, 200)
    }

    func testLive_connectionsPastTheCapAndItsHeadroom_allBusy_get503ThenClose() throws {
        let server = try startServer(maxConnections: 2, timeouts: HTTPTimeouts())
        // Every place busy with a request in progress (a head not yet complete): nothing can be evicted.
        var busy: [TestHTTPClient] = []
        for _ in 0..<HTTPAcceptor.hardBound(2) {
            let client = try TestHTTPClient(port: server.port)
            client.send("GET /health HTTP/1.1\r\nHost: t\r\n")
            busy.append(client)
            // Past the eviction grace before the next arrival, so every earlier client's bytes have arrived.
            Thread.sleep(forTimeInterval: 0.03)
        }
        XCTAssertTrue(eventually { server.openConnectionCount == busy.count })
        let refused = try TestHTTPClient(port: server.port)
        refused.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try refused.readResponse()
        XCTAssertEqual(response.status, 503)
        XCTAssertEqual(response.headers["Connection"], "close")
        XCTAssertTrue(response.bodyText.contains(#""code":"too_many_connections""#))
        XCTAssertTrue(refused.waitForClose())
        // A finished request leaves an idle keep-alive connection, which the server, over its cap, closes to make
        // room; then a new client is served.
        busy[0].send("\r\n")
        XCTAssertEqual(try busy[0].readResponse().status, 200)
        XCTAssertTrue(busy[0].waitForClose(), "the idle keep-alive connection was closed to make room")
        let admitted = try TestHTTPClient(port: server.port)
        admitted.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try admitted.readResponse().status, 200)
    }

    func testLive_theCoresOwnRefusals_sayNosniffToo() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: x\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.headers["X-Content-Type-Options"], "nosniff")
    }

    func testLive_silentConnectionsAtTheCap_areClosedOldestFirstToServeANewClient() throws {
        let server = try startServer(maxConnections: 8, timeouts: HTTPTimeouts())
        var silent: [TestHTTPClient] = []
        for _ in 0..<8 { silent.append(try TestHTTPClient(port: server.port)) }
        XCTAssertTrue(eventually { server.openConnectionCount == 8 })
        Thread.sleep(forTimeInterval: 0.05)  // Older than the eviction grace.
        for round in 0..<20 {
            let probe = try TestHTTPClient(port: server.port)
            probe.send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            XCTAssertEqual(try probe.readResponse().status, 200, "probe \(round)")
            // The attacker reconnects at once.
            silent.append(try TestHTTPClient(port: server.port))
        }
        XCTAssertTrue(silent[0].waitForClose(), "the longest-silent connection made room first")
        XCTAssertLessThanOrEqual(server.openConnectionCount, HTTPAcceptor.hardBound(8))
    }

    func testLive_gracefulStopFinishesTheRequestInFlightAndClosesIdleConnections() throws {
        let server = try startServer()
        let idle = try TestHTTPClient(port: server.port)
        idle.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try idle.readResponse().status, 200)
        let busy = try TestHTTPClient(port: server.port)
        busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(slowStarted.wait(timeout: .now() + 5), .success)
        let stopped = DispatchSemaphore(value: 0)
        Thread {
            server.stop()
            stopped.signal()
        }.start()
        let response = try busy.readResponse()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, "slow")
        XCTAssertEqual(response.headers["Connection"], "close")
        XCTAssertTrue(idle.waitForClose())
        XCTAssertEqual(stopped.wait(timeout: .now() + 5), .success)
        XCTAssertThrowsError(try TestHTTPClient(port: server.port), "the listener is closed")
    }

    func testLive_terminationSignalStopsTheServer() throws {
        let server = try startServer(stopsOnTerminationSignals: true)
        let stopped = DispatchSemaphore(value: 0)
        Thread {
            server.waitUntilStopped()
            stopped.signal()
        }.start()
        // The handler is installed before `start` returns (`dm serve`'s own test is ServeSignalTests, on the binary).
        XCTAssertTrue(Self.catches(SIGTERM))
        kill(getpid(), SIGTERM)
        XCTAssertEqual(stopped.wait(timeout: .now() + 5), .success)
        XCTAssertThrowsError(try TestHTTPClient(port: server.port))
    }

    func testLive_accessLogHasPathStatusBytesButNoQuery() throws {
        let server = try startServer()
        let client = try TestHTTPClient(port: server.port)
        client.send(
            "GET /health?token=s3cret HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
        )
        _ = try client.readResponse()
        _ = try client.readResponse()
        let entries = logged.entries.withLock { $0 }
        XCTAssertEqual(entries.map(\.path), ["/health", "/echo"])
        XCTAssertEqual(entries.map(\.method), ["GET", "POST"])
        XCTAssertEqual(entries.map(\.status), [200, 200])
        XCTAssertEqual(entries.map(\.bytes), [15, 3])
        XCTAssertFalse(entries.map(\.jsonLine).joined().contains("s3cret"))
    }
}
