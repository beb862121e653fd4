import EventStore
import Foundation
import Glibc
import XCTest

/// `dm serve`, the real executable as a child process, stops on SIGTERM the way a service manager stops it: with
/// both its API and console ports open, idle or with a request and an event stream in flight.
final class ServeSignalTests: XCTestCase {
    /// Starts the server on two fixed free ports, as `dm serve` runs by default (an API and a console server).
    private func startWithConsole(_ root: ScratchRoot) throws -> ServeProcess {
        let api = try ServeProcess.freePort()
        var console = try ServeProcess.freePort()
        while console == api { console = try ServeProcess.freePort() }
        return try ServeProcess(root: root.path, ports: (api, console))
    }

    func testSIGTERM_idleServerWithConsole_exitsZeroWithinSeconds() throws {
        let root = ScratchRoot()
        let server = try startWithConsole(root)
        XCTAssertEqual(try server.request("GET", "/health").status, 200)
        let status = server.terminate(within: 5)
        XCTAssertEqual(status, 0, "SIGTERM must stop dm serve; stderr: \(server.standardError)")
        XCTAssertTrue(server.standardError.contains(#""event":"stopped""#), server.standardError)
    }

    func testSIGINT_idleServerWithConsole_exitsZero() throws {
        let root = ScratchRoot()
        let server = try startWithConsole(root)
        XCTAssertEqual(server.terminate(SIGINT, within: 5), 0, server.standardError)
    }

    func testSIGTERM_withARequestAndAnEventStreamInFlight_answersTheRequestThenExitsZero() throws {
        let root = ScratchRoot()
        let server = try startWithConsole(root)
        let admin = try String(contentsOfFile: root.path + "/events/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        // An event stream that follows the ledger: it must be ended, not keep the server up.
        let stream = try server.connect()
        defer { close(stream) }
        try ServeProcess.send(
            stream,
            Array("GET /api/events/stream?after=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(admin)\r\n\r\n".utf8))
        // A request whose body is only half sent when the signal arrives: in flight, so it must still be answered.
        let body = #"{"label": "in-flight"}"#
        let request = try server.connect()
        defer { close(request) }
        let head =
            "POST /api/snapshots HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(admin)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        try ServeProcess.send(request, Array(head.utf8) + Array(body.utf8.prefix(5)))
        Thread.sleep(forTimeInterval: 0.3)

        kill(server.process.processIdentifier, SIGTERM)
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertTrue(server.process.isRunning, "the server waits for the request in flight")
        try ServeProcess.send(request, Array(body.utf8.dropFirst(5)))
        let answer = ServeProcess.readToEnd(request, within: 10)
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 201"), "the in-flight request is answered: \(answer.prefix(300))")
        XCTAssertTrue(answer.lowercased().contains("connection: close"), answer)
        let streamed = ServeProcess.readToEnd(stream, within: 10)
        XCTAssertTrue(streamed.hasPrefix("HTTP/1.1 200"), streamed)
        XCTAssertTrue(streamed.contains("event: ledger.created"), "the stream was live until the stop")

        XCTAssertEqual(server.waitForExit(within: 5), 0, server.standardError)
        let verify = try DMExecutable.run(["ledger", "verify", "--root", root.path])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertTrue(
            try String(contentsOfFile: root.ledgerPath, encoding: .utf8).contains(#""label":"in-flight""#),
            "the answered snapshot is in the ledger")
    }
}
