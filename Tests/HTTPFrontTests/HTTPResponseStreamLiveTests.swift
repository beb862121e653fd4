import Dispatch
import Foundation
import Glibc
import Synchronization
import XCTest

@testable import HTTPFront

/// Streamed responses (server-sent events) over real loopback sockets on port 0.
final class HTTPResponseStreamLiveTests: XCTestCase {
    /// Short idle and head deadlines, so a test can show that a quiet stream outlives them.
    private static let fastTimeouts = HTTPTimeouts(
        head: .milliseconds(300), body: .milliseconds(300), idle: .milliseconds(300), write: .seconds(2),
        linger: .milliseconds(200))

    /// Streams the `/events` route created, in order, handed from the loop thread to the test.
    private final class StreamBox: Sendable {
        let streams = Mutex<[HTTPResponseStream]>([])
        let capacity: Int
        init(capacity: Int) { self.capacity = capacity }

        func waitForStreams(_ count: Int) -> [HTTPResponseStream] {
            for _ in 0..<1000 {
                let current = streams.withLock { $0 }
                if current.count >= count { return current }
                usleep(5_000)
            }
            return streams.withLock { $0 }
        }
    }

    /// Access-log entries, in order.
    private final class AccessLogRecorder: Sendable {
        let entries = Mutex<[HTTPAccessLogEntry]>([])
    }

    private func startServer(
        capacity: Int = 1 << 20, timeouts: HTTPTimeouts = fastTimeouts, log: AccessLogRecorder? = nil
    ) throws -> (HTTPServer, StreamBox) {
        let box = StreamBox(capacity: capacity)
        var router = Router()
        router.add(.get, "/health") { _, _ in .json(Array(#"{"status":"ok"}"#.utf8)) }
        router.add(.get, "/events") { request, _ in
            let stream = HTTPResponseStream(capacity: box.capacity)
            if let last = request.lastEventID {
                stream.send(ServerSentEvent(comment: "resuming after \(last)"))
            }
            box.streams.withLock { $0.append(stream) }
            return .serverSentEvents(stream)
        }
        var configuration = HTTPServerConfiguration(
            timeouts: timeouts, eventLoopCount: 2, shutdownGracePeriod: .seconds(5))
        if let log {
            configuration.accessLog = { entry in log.entries.withLock { $0.append(entry) } }
        }
        let server = try HTTPServer.start(port: 0, responder: router, configuration: configuration)
        addTeardownBlock { server.stop() }
        return (server, box)
    }

    /// Opens `/events` and reads the response head.
    private func openStream(_ port: Int, extraHeaders: String = "") throws -> ChunkReader {
        let reader = try ChunkReader(port: port)
        reader.client.send("GET /events HTTP/1.1\r\nHost: t\r\n\(extraHeaders)\r\n")
        let head = try reader.readHead()
        XCTAssertTrue(head.hasPrefix("HTTP/1.1 200 OK\r\n"), head)
        XCTAssertTrue(head.contains("Content-Type: text/event-stream\r\n"), head)
        XCTAssertTrue(head.contains("Cache-Control: no-cache\r\n"), head)
        XCTAssertTrue(head.contains("Transfer-Encoding: chunked\r\n"), head)
        XCTAssertFalse(head.contains("Content-Length"), head)
        return reader
    }

    func testStream_eventsArriveIncrementallyAndTheConnectionIsReusedAfterFinish() throws {
        let (server, box) = try startServer()
        let reader = try openStream(server.port)
        let stream = try XCTUnwrap(box.waitForStreams(1).first)
        // Nothing sent yet: a read times out rather than finding a body.
        XCTAssertThrowsError(try reader.readChunk(timeout: 0.2))
        let first = ServerSentEvent(id: "1", event: "run.started", data: #"{"run":"r1"}"#)
        XCTAssertTrue(stream.send(first))
        XCTAssertEqual(try reader.readChunk(), first.encoded)
        XCTAssertThrowsError(try reader.readChunk(timeout: 0.2))
        let second = ServerSentEvent(id: "2", data: "line one\nline two")
        XCTAssertTrue(stream.send(second))
        XCTAssertEqual(
            String(decoding: try reader.readChunk(), as: UTF8.self), "id: 2\ndata: line one\ndata: line two\n\n")
        stream.finish()
        XCTAssertEqual(try reader.readChunk(), [], "the last chunk ends the body")
        XCTAssertFalse(stream.send("late"))
        XCTAssertTrue(stream.waitUntilClosed(timeout: .seconds(2)))
        XCTAssertEqual(stream.closeReason, .finished)
        // Keep-alive: the same connection answers the next request.
        reader.client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(try reader.readHead().hasPrefix("HTTP/1.1 200 OK"))
    }

    func testStream_headSendsTheHeadAloneAndHTTP10EndsTheBodyByClosing() throws {
        let (server, box) = try startServer()
        let head = try ChunkReader(port: server.port)
        head.client.send("HEAD /events HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(try head.readHead().contains("Transfer-Encoding: chunked"))
        let unsent = try XCTUnwrap(box.waitForStreams(1).first)
        XCTAssertTrue(unsent.waitUntilClosed(timeout: .seconds(2)))
        XCTAssertEqual(unsent.closeReason, .notSent)
        head.client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertTrue(try head.readHead().hasPrefix("HTTP/1.1 200 OK"), "the connection stays usable")

        let old = try ChunkReader(port: server.port)
        old.client.send("GET /events HTTP/1.0\r\n\r\n")
        let stream = try XCTUnwrap(box.waitForStreams(2).last)
        stream.send("data: one\n\n")
        stream.send("data: two\n\n")
        stream.finish()
        let responseHead = try old.readHead()
        XCTAssertTrue(responseHead.hasPrefix("HTTP/1.1 200 OK\r\n"), responseHead)
        XCTAssertTrue(responseHead.contains("Connection: close\r\n"), responseHead)
        XCTAssertFalse(responseHead.contains("Transfer-Encoding"), responseHead)
        XCTAssertFalse(responseHead.contains("Content-Length"), responseHead)
        XCTAssertEqual(String(decoding: try old.readToEnd(), as: UTF8.self), "data: one\n\ndata: two\n\n")
    }

    func testStream_lastEventIDReachesTheRoute() throws {
        let (server, _) = try startServer()
        let reader = try openStream(server.port, extraHeaders: "Last-Event-ID: 41\r\n")
        XCTAssertEqual(String(decoding: try reader.readChunk(), as: UTF8.self), ": resuming after 41\n\n")
    }

    func testStream_quietStreamOutlivesIdleDeadlineAndHeartbeatsArrive() throws {
        let (server, box) = try startServer()
        let reader = try openStream(server.port)
        let stream = try XCTUnwrap(box.waitForStreams(1).first)
        // Three times the idle and head deadlines with no traffic at all.
        usleep(900_000)
        XCTAssertTrue(stream.isOpen)
        // A producer beating every 50 ms until the client leaves.
        let beats = Atomic<Int>(0)
        let producer = Thread {
            while !stream.waitUntilClosed(timeout: .milliseconds(50)) {
                beats.add(1, ordering: .relaxed)
                guard stream.send(.heartbeat) else { break }
            }
        }
        producer.start()
        for _ in 0..<3 {
            XCTAssertEqual(String(decoding: try reader.readChunk(), as: UTF8.self), ": keep-alive\n\n")
        }
        reader.client.reset()
        XCTAssertTrue(stream.waitUntilClosed(timeout: .seconds(3)))
        XCTAssertEqual(stream.closeReason, .clientDisconnected)
        XCTAssertGreaterThanOrEqual(beats.load(ordering: .relaxed), 3)
    }

    func testStream_clientDisconnectIsReportedToTheProducerWithoutAWrite() throws {
        let log = AccessLogRecorder()
        let (server, box) = try startServer(log: log)
        var reader: ChunkReader? = try openStream(server.port)
        let stream = try XCTUnwrap(box.waitForStreams(1).first)
        let reported = Mutex<HTTPResponseStream.CloseReason?>(nil)
        stream.send("data: hello\n\n")
        XCTAssertEqual(try reader?.readChunk(), Array("data: hello\n\n".utf8))
        stream.onClose { reason in reported.withLock { $0 = reason } }
        reader = nil  // close(2): a FIN, noticed through POLLRDHUP with nothing being written
        XCTAssertTrue(stream.waitUntilClosed(timeout: .seconds(3)))
        XCTAssertEqual(reported.withLock { $0 }, .clientDisconnected)
        XCTAssertFalse(stream.send("data: after\n\n"))
        XCTAssertTrue(eventually { server.openConnectionCount == 0 })
        // The stream is logged once it ends, with the bytes it carried.
        let entry = try XCTUnwrap(log.entries.withLock { $0 }.last)
        XCTAssertEqual(entry.path, "/events")
        XCTAssertEqual(entry.status, 200)
        XCTAssertEqual(entry.bytes, 13)
    }

    func testStream_serverStopEndsOpenStreamsCleanly() throws {
        let (server, box) = try startServer()
        let readers = try (0..<3).map { _ in try openStream(server.port) }
        let streams = box.waitForStreams(3)
        XCTAssertEqual(streams.count, 3)
        for stream in streams { stream.send("data: before stop\n\n") }
        for reader in readers { XCTAssertEqual(try reader.readChunk(), Array("data: before stop\n\n".utf8)) }
        let started = DispatchTime.now().uptimeNanoseconds
        server.stop()
        // Well within the 5 s grace period: open streams do not hold the stop up.
        XCTAssertLessThan(DispatchTime.now().uptimeNanoseconds - started, 3_000_000_000)
        for stream in streams {
            XCTAssertEqual(stream.closeReason, .serverStopping)
            XCTAssertFalse(stream.send("data: x\n\n"))
        }
        for reader in readers {
            XCTAssertEqual(try reader.readChunk(), [], "a clean last chunk")
            XCTAssertTrue(reader.client.waitForClose())
        }
    }

    func testStream_manyConcurrentStreamsEachReceiveEveryEvent() throws {
        let (server, box) = try startServer()
        let count = 200
        let readers = try (0..<count).map { _ in try ChunkReader(port: server.port) }
        for reader in readers { reader.client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n") }
        for reader in readers { XCTAssertTrue(try reader.readHead().contains("Transfer-Encoding: chunked")) }
        let streams = box.waitForStreams(count)
        XCTAssertEqual(streams.count, count)
        // One producer fans five events out to every stream, as a ledger tail would.
        let producer = Thread {
            for seq in 1...5 {
                let event = ServerSentEvent(id: String(seq), event: "ledger", data: "event \(seq)")
                for stream in streams { stream.send(event) }
            }
            for stream in streams { stream.finish() }
        }
        producer.start()
        for reader in readers {
            var text = ""
            while true {
                let chunk = try reader.readChunk()
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            XCTAssertEqual(text, (1...5).map { "id: \($0)\nevent: ledger\ndata: event \($0)\n\n" }.joined())
        }
        XCTAssertTrue(streams.allSatisfy { $0.waitUntilClosed(timeout: .seconds(2)) && $0.closeReason == .finished })
    }

    func testStream_slowConsumerIsDroppedAndMemoryStaysBounded() throws {
        let capacity = 256 * 1024
        // A write timeout far beyond the test: only the overflow can end this connection in time.
        let timeouts = HTTPTimeouts(write: .seconds(60))
        let (server, box) = try startServer(capacity: capacity, timeouts: timeouts)
        let reader = try ChunkReader(port: server.port, receiveBuffer: 4096)
        reader.client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        let stream = try XCTUnwrap(box.waitForStreams(1).first)
        // The client reads nothing; the producer sends as fast as it can.
        let piece = [UInt8](repeating: 0x61, count: 16 * 1024)
        var accepted = 0
        while accepted < 512 << 20 && stream.send(piece) {
            accepted += piece.count
            usleep(200)  // paced, so the loop moves bytes to the socket until the client's buffers fill
        }
        XCTAssertEqual(stream.closeReason, .slowConsumer)
        // The loop wrote until the socket was full, then the backlog stayed in the stream: the total is bounded by
        // its capacity, the loop's pull threshold and the socket buffers, nowhere near the 512 MiB the producer
        // would have sent.
        XCTAssertGreaterThanOrEqual(accepted, capacity - piece.count)
        XCTAssertLessThan(accepted, 32 << 20)
        XCTAssertFalse(stream.send(piece))
        XCTAssertTrue(eventually { server.openConnectionCount == 0 })
    }

    /// Waits (bounded) until `condition` holds.
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}

/// Reads a chunked response body chunk by chunk from a `TestHTTPClient`'s socket.
final class ChunkReader {
    /// Why a read failed.
    enum Failure: Error {
        case timedOut
        case closed
        case malformed(String)
    }

    let client: TestHTTPClient
    private var buffer: [UInt8] = []

    /// Connects to `port`; a small `receiveBuffer` makes the kernel hold less for a client that does not read.
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        client = try TestHTTPClient(port: port)
        if var size = receiveBuffer {
            setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// The response head, through its blank line.
    func readHead(timeout: Double = 5) throws -> String {
        while true {
            if let end = find([13, 10, 13, 10]) {
                let head = String(decoding: buffer[..<(end + 4)], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return head
            }
            try fill(timeout: timeout)
        }
    }

    /// The next chunk's data; empty for the last chunk.
    func readChunk(timeout: Double = 5) throws -> [UInt8] {
        var lineEnd = find([13, 10])
        while lineEnd == nil {
            try fill(timeout: timeout)
            lineEnd = find([13, 10])
        }
        let sizeText = String(decoding: buffer[..<lineEnd!], as: UTF8.self)
        guard let size = Int(sizeText, radix: 16) else { throw Failure.malformed(sizeText) }
        let total = lineEnd! + 2 + size + 2
        while buffer.count < total { try fill(timeout: timeout) }
        guard buffer[total - 2] == 13, buffer[total - 1] == 10 else { throw Failure.malformed("chunk end") }
        let data = Array(buffer[(lineEnd! + 2)..<(total - 2)])
        buffer.removeFirst(total)
        return data
    }

    /// Everything until the server closes the connection (a body delimited by the close).
    func readToEnd(timeout: Double = 5) throws -> [UInt8] {
        while true {
            do {
                try fill(timeout: timeout)
            } catch Failure.closed {
                defer { buffer = [] }
                return buffer
            }
        }
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for index in 0...(buffer.count - pattern.count)
        where buffer[index..<(index + pattern.count)].elementsEqual(pattern) {
            return index
        }
        return nil
    }

    private func fill(timeout: Double) throws {
        var descriptor = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { throw Failure.timedOut }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw Failure.closed }
        buffer.append(contentsOf: chunk[..<count])
    }
}
