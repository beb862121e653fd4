import XCTest

@testable import HTTPFront

/// Streamed responses in the connection state machine, with made-up instants: no sockets, no threads.
final class HTTPConnectionStreamingTests: XCTestCase {
    private let timeouts = HTTPTimeouts(
        head: .seconds(1), body: .seconds(2), idle: .seconds(3), write: .seconds(4), linger: .seconds(5))
    private let second: UInt64 = 1_000_000_000

    private func connection(after requestText: String) -> HTTPConnection {
        var connection = HTTPConnection(limits: HTTPRequestLimits(), timeouts: timeouts, now: 0)
        Array(requestText.utf8).withUnsafeBytes { connection.receive($0, now: 0) }
        guard case .request = connection.nextEvent(now: 0) else {
            XCTFail("no request parsed")
            return connection
        }
        return connection
    }

    private func drain(_ connection: inout HTTPConnection, now: UInt64 = 0) -> (String, HTTPConnection.WriteOutcome) {
        let bytes = connection.withQueuedOutput { Array($0) }
        let outcome = bytes.isEmpty ? .keepOpen : connection.didSend(bytes.count, now: now)
        return (String(decoding: bytes, as: UTF8.self), outcome)
    }

    private func streamed() -> HTTPResponse {
        HTTPResponse(headers: ["Content-Type": "text/event-stream"], stream: HTTPResponseStream())
    }

    func testStreaming_http11IsChunkedAndTheConnectionOutlivesTheBody() {
        var connection = connection(after: "GET /s HTTP/1.1\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n")
        connection.respond(streamed(), now: 0)
        XCTAssertTrue(connection.isStreaming)
        XCTAssertFalse(connection.wantsRead)
        XCTAssertTrue(connection.watchesForHangUp)
        XCTAssertEqual(
            drain(&connection).0,
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        // The pipelined request waits for the stream to end.
        XCTAssertNil(connection.nextEvent(now: 0))
        connection.appendStreamData(Array("data: a\n\n".utf8), now: 0)
        connection.appendStreamData([], now: 0)  // An empty chunk would end the body: it is skipped.
        connection.appendStreamData([UInt8](repeating: 0x78, count: 300), now: 0)
        XCTAssertEqual(
            drain(&connection).0, "9\r\ndata: a\n\n\r\n12c\r\n" + String(repeating: "x", count: 300) + "\r\n")
        connection.endStream(now: 0)
        XCTAssertFalse(connection.isStreaming)
        XCTAssertTrue(drain(&connection) == ("0\r\n\r\n", .keepOpen))
        XCTAssertEqual(connection.phase, .open)
        guard case .request(let next) = connection.nextEvent(now: 0) else { return XCTFail("pipelined request lost") }
        XCTAssertEqual(next.target, "/next")
    }

    func testStreaming_http10BodyEndsWithTheConnection() {
        var connection = connection(after: "GET /s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        connection.respond(streamed(), now: 0)
        let (head, _) = drain(&connection)
        XCTAssertFalse(head.contains("Transfer-Encoding"))
        XCTAssertFalse(head.contains("Content-Length"))
        XCTAssertTrue(head.contains("Connection: close\r\n"))
        connection.appendStreamData(Array("raw".utf8), now: 0)
        connection.endStream(now: 0)
        XCTAssertEqual(connection.phase, .closingAfterWrite)
        XCTAssertTrue(drain(&connection) == ("raw", .shutdownWrite))
    }

    func testStreaming_headAndBodilessStatusesSendTheHeadOnly() {
        var head = connection(after: "HEAD /s HTTP/1.1\r\nHost: h\r\n\r\n")
        head.respond(streamed(), now: 0)
        XCTAssertFalse(head.isStreaming)
        XCTAssertEqual(
            drain(&head).0, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        XCTAssertEqual(head.phase, .open)

        var noContent = connection(after: "GET /s HTTP/1.1\r\nHost: h\r\n\r\n")
        noContent.respond(HTTPResponse(status: .noContent, stream: HTTPResponseStream()), now: 0)
        XCTAssertFalse(noContent.isStreaming)
        XCTAssertEqual(drain(&noContent).0, "HTTP/1.1 204 No Content\r\n\r\n")
    }

    func testStreaming_quietStreamOutlivesIdleAndHeadDeadlines() {
        var connection = connection(after: "GET /s HTTP/1.1\r\nHost: h\r\n\r\n")
        connection.respond(streamed(), now: 0)
        _ = drain(&connection)
        connection.tick(now: 3_600 * second)
        XCTAssertEqual(connection.phase, .open)
        XCTAssertTrue(connection.isStreaming)
    }

    func testStreaming_unreadBytesAreCutAfterTheWriteDeadline() {
        var connection = connection(after: "GET /s HTTP/1.1\r\nHost: h\r\n\r\n")
        connection.respond(streamed(), now: 0)
        _ = drain(&connection)
        connection.appendStreamData(Array("data: x\n\n".utf8), now: 10 * second)
        connection.tick(now: 13 * second)
        XCTAssertEqual(connection.phase, .open)
        connection.tick(now: 14 * second)
        XCTAssertEqual(connection.phase, .closed)
    }

    func testStreaming_pullsOnlyBelowTheThreshold() {
        var connection = connection(after: "GET /s HTTP/1.1\r\nHost: h\r\n\r\n")
        connection.respond(streamed(), now: 0)
        XCTAssertTrue(connection.wantsStreamData)
        connection.appendStreamData([UInt8](repeating: 0, count: HTTPConnection.streamPullThreshold), now: 0)
        XCTAssertFalse(connection.wantsStreamData)
        _ = drain(&connection)
        XCTAssertTrue(connection.wantsStreamData)
    }

    func testStreaming_shutdownWaitsForTheLastChunkThenCloses() {
        var connection = connection(after: "GET /s HTTP/1.1\r\nHost: h\r\n\r\n")
        connection.respond(streamed(), now: 0)
        _ = drain(&connection)
        connection.beginShutdown(now: 0)
        XCTAssertEqual(connection.phase, .open)
        XCTAssertTrue(connection.isStreaming)
        connection.appendStreamData(Array("x".utf8), now: 0)
        connection.endStream(now: 0)
        XCTAssertEqual(connection.phase, .closingAfterWrite)
        XCTAssertTrue(drain(&connection) == ("1\r\nx\r\n0\r\n\r\n", .shutdownWrite))
    }

    func testStreaming_abortEndsTheStreamingState() {
        var connection = connection(after: "GET /s HTTP/1.1\r\nHost: h\r\n\r\n")
        connection.respond(streamed(), now: 0)
        connection.abort()
        XCTAssertFalse(connection.isStreaming)
        XCTAssertFalse(connection.watchesForHangUp)
        XCTAssertEqual(connection.phase, .closed)
    }

    func testChunk_sizeIsLowercaseHexWithoutLeadingZeros() {
        for (count, prefix) in [(1, "1\r\n"), (15, "f\r\n"), (16, "10\r\n"), (4096, "1000\r\n"), (65535, "ffff\r\n")] {
            var output: [UInt8] = []
            HTTPResponse.appendChunk([UInt8](repeating: 0x61, count: count), to: &output)
            XCTAssertEqual(String(decoding: output.prefix(prefix.utf8.count), as: UTF8.self), prefix)
            XCTAssertEqual(output.count, prefix.utf8.count + count + 2)
        }
    }
}
