import XCTest

@testable import HTTPFront

/// The event-stream encoder and `Last-Event-ID` parsing, against the HTML standard's field grammar.
final class ServerSentEventTests: XCTestCase {
    private func text(_ event: ServerSentEvent) -> String {
        String(decoding: event.encoded, as: UTF8.self)
    }

    func testEncode_fieldsInOrderEndedByABlankLine() {
        let event = ServerSentEvent(id: "42", event: "run.finished", data: #"{"run":"r1"}"#, retry: 3000)
        XCTAssertEqual(text(event), "retry: 3000\nid: 42\nevent: run.finished\ndata: {\"run\":\"r1\"}\n\n")
    }

    func testEncode_multiLineDataSplitsOnEveryLineBreakKind() {
        XCTAssertEqual(text(ServerSentEvent(data: "a\nb\r\nc\rd")), "data: a\ndata: b\ndata: c\ndata: d\n\n")
        // A trailing line break is an empty last line, so the client's data ends with LF as sent.
        XCTAssertEqual(text(ServerSentEvent(data: "a\n")), "data: a\ndata:\n\n")
        XCTAssertEqual(text(ServerSentEvent(data: "")), "data:\n\n")
    }

    func testEncode_idAndEventCannotInjectFields() {
        let event = ServerSentEvent(id: "1\ndata: forged", event: "x\r\nretry: 1")
        XCTAssertEqual(text(event), "id: 1data: forged\nevent: xretry: 1\n\n")
        XCTAssertEqual(text(ServerSentEvent(id: "a\u{0}b")), "id: ab\n\n")
    }

    func testEncode_commentsAndHeartbeat() {
        XCTAssertEqual(text(.heartbeat), ": keep-alive\n\n")
        XCTAssertEqual(text(ServerSentEvent(comment: "two\nlines")), ": two\n: lines\n\n")
        XCTAssertEqual(text(ServerSentEvent(retry: -5)), "\n", "a negative retry is not sent")
    }

    func testEncode_utf8DataIsKeptIntact() {
        XCTAssertEqual(text(ServerSentEvent(data: "Zoë → ✓")), "data: Zoë → ✓\n\n")
    }

    func testLastEventID_absentEmptyNumericAndInvalid() throws {
        func request(_ value: String?) -> HTTPRequest {
            var headers = HTTPHeaders()
            if let value { headers.add(name: "last-event-id", value: value) }
            return HTTPRequest(method: .get, target: "/api/events/stream", headers: headers)
        }
        XCTAssertNil(request(nil).lastEventID)
        XCTAssertNil(request("").lastEventID)
        XCTAssertNil(try request(nil).lastEventSequence())
        XCTAssertEqual(request("r-17").lastEventID, "r-17")
        XCTAssertEqual(try request("1234").lastEventSequence(), 1234)
        for bad in ["r-17", "-1", "+5", "1.5", "99999999999999999999999"] {
            XCTAssertThrowsError(try request(bad).lastEventSequence()) {
                XCTAssertEqual($0 as? LastEventIDError, LastEventIDError(value: bad))
            }
        }
    }

    func testServerSentEventsResponse_setsTheEventStreamFields() {
        let response = HTTPResponse.serverSentEvents(HTTPResponseStream(), headers: ["Content-Type": "text/plain"])
        XCTAssertEqual(response.headers["Content-Type"], "text/event-stream")
        XCTAssertEqual(response.headers["Cache-Control"], "no-cache")
        XCTAssertNotNil(response.stream)
    }

    func testStream_sendAfterFinishOrOverflowIsRefusedAndOnCloseRunsOnce() {
        let stream = HTTPResponseStream(capacity: 8)
        let calls = LockedCounter()
        stream.onClose { _ in calls.increment() }
        XCTAssertTrue(stream.send("12345678"))
        XCTAssertFalse(stream.send("9"), "over capacity")
        XCTAssertEqual(stream.closeReason, .slowConsumer)
        XCTAssertFalse(stream.send("1"))
        stream.finish()
        stream.close(.clientDisconnected)
        XCTAssertEqual(stream.closeReason, .slowConsumer, "the first reason stays")
        XCTAssertEqual(calls.value, 1)
        // Registered after the end: runs at once.
        stream.onClose { _ in calls.increment() }
        XCTAssertEqual(calls.value, 2)
        XCTAssertTrue(stream.waitUntilClosed(timeout: .milliseconds(10)))
        XCTAssertTrue(stream.waitUntilClosed(timeout: .milliseconds(10)), "stays signalled")
    }

    func testStream_takeHandsOverBytesThenFinishes() {
        let stream = HTTPResponseStream()
        guard case .idle = stream.take() else { return XCTFail("expected idle") }
        stream.send("ab")
        stream.send("c")
        guard case .data(let bytes) = stream.take() else { return XCTFail("expected data") }
        XCTAssertEqual(bytes, Array("abc".utf8))
        XCTAssertFalse(stream.waitUntilClosed(timeout: .milliseconds(10)))
        stream.send("d")
        stream.finish()
        XCTAssertFalse(stream.isOpen)
        XCTAssertNil(stream.closeReason, "finished but not yet written")
        guard case .finished(let last) = stream.take() else { return XCTFail("expected finished") }
        XCTAssertEqual(last, Array("d".utf8))
        XCTAssertEqual(stream.closeReason, .finished)
        guard case .closed = stream.take() else { return XCTFail("expected closed") }
    }
}

/// A counter the stream's close handler can bump from any thread.
private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
