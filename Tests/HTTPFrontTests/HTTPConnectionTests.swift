import XCTest

@testable import HTTPFront

/// The connection state machine with made-up instants: no sockets, no waiting.
final class HTTPConnectionTests: XCTestCase {
    private let timeouts = HTTPTimeouts(
        head: .seconds(1), body: .seconds(2), idle: .seconds(3), write: .seconds(4), linger: .seconds(5))
    private let second: UInt64 = 1_000_000_000

    private func feed(_ connection: inout HTTPConnection, _ text: String, now: UInt64 = 0) {
        Array(text.utf8).withUnsafeBytes { connection.receive($0, now: now) }
    }

    /// Takes all queued output as text, as if the socket accepted it whole.
    private func drain(_ connection: inout HTTPConnection, now: UInt64 = 0) -> (String, HTTPConnection.WriteOutcome) {
        let bytes = connection.withQueuedOutput { Array($0) }
        let outcome = bytes.isEmpty ? .keepOpen : connection.didSend(bytes.count, now: now)
        return (String(decoding: bytes, as: UTF8.self), outcome)
    }

    private func request(_ connection: inout HTTPConnection, now: UInt64 = 0) -> HTTPRequest? {
        guard case .request(let request) = connection.nextEvent(now: now) else { return nil }
        return request
    }

    private func makeConnection(limits: HTTPRequestLimits = HTTPRequestLimits()) -> HTTPConnection {
        HTTPConnection(limits: limits, timeouts: timeouts, now: 0)
    }

    func testConnection_keepAliveAnswersAndStaysOpen() throws {
        var connection = makeConnection()
        feed(&connection, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(request(&connection)?.target, "/a")
        connection.respond(.json(Array("{}".utf8)), now: 0)
        let (text, outcome) = drain(&connection)
        XCTAssertEqual(
            text,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
                + "Content-Length: 2\r\n\r\n{}")
        XCTAssertEqual(outcome, .keepOpen)
        XCTAssertEqual(connection.phase, .open)
        XCTAssertTrue(connection.wantsRead)
    }

    func testConnection_connectionCloseShutsDownThenLingers() throws {
        var connection = makeConnection()
        feed(&connection, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        XCTAssertNotNil(request(&connection))
        connection.respond(HTTPResponse(), now: 0)
        XCTAssertEqual(connection.phase, .closingAfterWrite)
        let (text, outcome) = drain(&connection)
        XCTAssertTrue(text.contains("Connection: close\r\n"))
        XCTAssertEqual(outcome, .shutdownWrite)
        XCTAssertEqual(connection.phase, .lingering)
        connection.tick(now: 6 * second)
        XCTAssertEqual(connection.phase, .closed)
    }

    func testConnection_pipelinedRequestsAreHandedOutOneAtATimeInOrder() throws {
        var connection = makeConnection()
        feed(&connection, "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(request(&connection)?.target, "/1")
        XCTAssertNil(connection.nextEvent(now: 0), "the second waits until the first is answered")
        connection.respond(HTTPResponse(body: Array("one".utf8)), now: 0)
        XCTAssertEqual(request(&connection)?.target, "/2")
        connection.respond(HTTPResponse(body: Array("two".utf8)), now: 0)
        let (text, _) = drain(&connection)
        let one = try XCTUnwrap(text.range(of: "one"))
        let two = try XCTUnwrap(text.range(of: "two"))
        XCTAssertLessThan(one.lowerBound, two.lowerBound)
    }

    func testConnection_headGetsHeadersWithoutBody() {
        var connection = makeConnection()
        feed(&connection, "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertNotNil(request(&connection))
        XCTAssertEqual(connection.respond(HTTPResponse(body: Array("hello".utf8)), now: 0), 0)
        XCTAssertEqual(drain(&connection).0, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    }

    func testConnection_http10KeepAliveIsConfirmed() {
        var connection = makeConnection()
        feed(&connection, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertNotNil(request(&connection))
        connection.respond(HTTPResponse(), now: 0)
        XCTAssertTrue(drain(&connection).0.contains("Connection: keep-alive\r\n"))
        XCTAssertEqual(connection.phase, .open)
    }

    func testConnection_expectContinueSendsInterimResponseOnce() throws {
        var connection = makeConnection()
        feed(&connection, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        XCTAssertNil(connection.nextEvent(now: 0))
        XCTAssertNil(connection.nextEvent(now: 0))
        XCTAssertEqual(drain(&connection).0, "HTTP/1.1 100 Continue\r\n\r\n")
        feed(&connection, "body")
        XCTAssertEqual(request(&connection)?.body, Array("body".utf8))
    }

    func testConnection_expectContinueWithTooLargeBodyGets413Instead() {
        var connection = makeConnection(limits: HTTPRequestLimits(maxBodyBytes: 10))
        feed(&connection, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n")
        guard case .rejected(.bodyTooLarge) = connection.nextEvent(now: 0) else { return XCTFail("expected 413") }
        let text = drain(&connection).0
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        XCTAssertFalse(text.contains("100 Continue"))
    }

    func testConnection_parseErrorQueuesJSONErrorAndCloses() {
        var connection = makeConnection()
        feed(&connection, "GET / HTTP/2.0\r\nHost: h\r\n\r\n")
        guard case .rejected(.unsupportedVersion) = connection.nextEvent(now: 0) else { return XCTFail() }
        XCTAssertFalse(connection.wantsRead)
        let (text, outcome) = drain(&connection)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 505 HTTP Version Not Supported\r\n"))
        XCTAssertTrue(text.contains("Connection: close\r\n"))
        XCTAssertTrue(
            text.hasSuffix(
                #"{"error":{"code":"http_version_not_supported","message":"Only HTTP/1.1 and HTTP/1.0 are supported."}}"#
            ))
        XCTAssertEqual(outcome, .shutdownWrite)
    }

    func testConnection_slowHeadGets408AtTheDeadline() {
        var connection = makeConnection()
        feed(&connection, "GET / HT", now: second / 2)
        connection.tick(now: second - 1)
        XCTAssertEqual(connection.phase, .open)
        connection.tick(now: second)
        XCTAssertEqual(connection.phase, .closingAfterWrite)
        XCTAssertTrue(drain(&connection, now: second).0.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
    }

    func testConnection_silentNewConnectionClosesWithoutResponse() {
        var connection = makeConnection()
        connection.tick(now: second)
        XCTAssertEqual(connection.phase, .closed)
        XCTAssertFalse(connection.wantsWrite)
    }

    func testConnection_idleKeepAliveClosesSilentlyAndNewBytesRestartTheHeadDeadline() {
        var connection = makeConnection()
        feed(&connection, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertNotNil(request(&connection))
        connection.respond(HTTPResponse(), now: 0)
        _ = drain(&connection)
        connection.tick(now: 2 * second)
        XCTAssertEqual(connection.phase, .open, "idle timeout (3 s) not reached")
        feed(&connection, "GET", now: 2 * second)
        connection.tick(now: 3 * second - 1)
        XCTAssertEqual(connection.phase, .open, "head deadline runs from the first byte")
        connection.tick(now: 3 * second)
        XCTAssertEqual(connection.phase, .closingAfterWrite)

        var idle = makeConnection()
        feed(&idle, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertNotNil(request(&idle))
        idle.respond(HTTPResponse(), now: 0)
        _ = drain(&idle)
        idle.tick(now: 3 * second)
        XCTAssertEqual(idle.phase, .closed)
    }

    func testConnection_slowBodyGets408() {
        var connection = makeConnection()
        feed(&connection, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc", now: 0)
        XCTAssertNil(connection.nextEvent(now: 0))
        connection.tick(now: 2 * second)
        XCTAssertTrue(drain(&connection).0.contains(#""message":"The request body was not received in time."#))
    }

    func testConnection_truncatedBodyAtEndOfInputIs400() {
        var connection = makeConnection()
        feed(&connection, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
        connection.receiveEndOfInput(now: 0)
        guard case .rejected(.truncatedRequest) = connection.nextEvent(now: 0) else { return XCTFail() }
        let (text, outcome) = drain(&connection)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        XCTAssertEqual(outcome, .close, "the client already finished sending: no need to linger")
    }

    func testConnection_endOfInputAfterCompleteRequestsAnswersThemThenCloses() {
        var connection = makeConnection()
        feed(&connection, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        connection.receiveEndOfInput(now: 0)
        XCTAssertNotNil(request(&connection))
        connection.respond(HTTPResponse(), now: 0)
        XCTAssertNil(connection.nextEvent(now: 0))
        XCTAssertEqual(drain(&connection).1, .close)
        XCTAssertEqual(connection.phase, .closed)
    }

    func testConnection_stopsTakingRequestsWhileTheClientDoesNotRead() {
        var connection = makeConnection()
        feed(&connection, String(repeating: "GET / HTTP/1.1\r\nHost: h\r\n\r\n", count: 3))
        XCTAssertNotNil(request(&connection))
        connection.respond(HTTPResponse(body: [UInt8](repeating: 0, count: HTTPConnection.maxQueuedOutput)), now: 0)
        XCTAssertNil(connection.nextEvent(now: 0))
        XCTAssertFalse(connection.wantsRead)
        _ = connection.didSend(connection.queuedOutputCount, now: 0)
        XCTAssertNotNil(request(&connection))
    }

    func testConnection_stuckWriterIsClosedAtTheWriteDeadline() {
        var connection = makeConnection()
        feed(&connection, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertNotNil(request(&connection))
        connection.respond(HTTPResponse(body: [UInt8](repeating: 0, count: 100)), now: 0)
        _ = connection.didSend(10, now: second)
        connection.tick(now: 5 * second - 1)
        XCTAssertEqual(connection.phase, .open, "progress at 1 s restarted the 4 s write deadline")
        connection.tick(now: 5 * second)
        XCTAssertEqual(connection.phase, .closed)
    }

    func testConnection_shutdownClosesIdleAndFinishesInFlight() {
        var idle = makeConnection()
        idle.beginShutdown(now: 0)
        XCTAssertEqual(idle.phase, .closed)

        var busy = makeConnection()
        feed(&busy, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertNotNil(request(&busy))
        busy.beginShutdown(now: 0)
        XCTAssertEqual(busy.phase, .open)
        busy.respond(HTTPResponse(), now: 0)
        XCTAssertTrue(drain(&busy).0.contains("Connection: close\r\n"))
        XCTAssertEqual(busy.phase, .lingering)
        busy.beginShutdown(now: 0)
        XCTAssertEqual(busy.phase, .closed, "a lingering connection has its answer; the stop need not wait for it")
    }

    func testConnection_abortDropsQueuedOutput() {
        var connection = makeConnection()
        feed(&connection, "GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertNotNil(request(&connection))
        connection.respond(HTTPResponse(body: [1, 2, 3]), now: 0)
        connection.abort()
        XCTAssertFalse(connection.wantsWrite, "a broken pipe must not be written to again")
        XCTAssertEqual(connection.phase, .closed)
    }

    func testConnection_refusedConnectionSends503ThenCloses() {
        let response = HTTPResponse.error(.serviceUnavailable, code: "too_many_connections", message: "busy")
        var connection = HTTPConnection(rejecting: response, timeouts: timeouts, now: 0)
        XCTAssertNil(connection.nextEvent(now: 0))
        let (text, outcome) = drain(&connection)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        XCTAssertTrue(text.contains("Connection: close"))
        XCTAssertEqual(outcome, .shutdownWrite)
    }
}
