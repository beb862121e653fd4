import Foundation
import XCTest

@testable import HTTPFront

/// The bench harness: the latency histogram, wrk's report parser, and the built-in load client live against the
/// in-process fixture server.
final class HTTPLoadClientTests: XCTestCase {
    func testHistogram_percentilesWithinBucketPrecision() {
        var histogram = LatencyHistogram()
        for value in 1...10_000 { histogram.record(nanoseconds: UInt64(value) * 1_000) }
        XCTAssertEqual(histogram.count, 10_000)
        let p50 = Double(histogram.percentile(0.5))
        let p99 = Double(histogram.percentile(0.99))
        XCTAssertEqual(p50, 5_000_000, accuracy: 5_000_000 * 0.004)
        XCTAssertEqual(p99, 9_900_000, accuracy: 9_900_000 * 0.004)
        XCTAssertEqual(histogram.percentile(1.0), 10_000_000, "the top is clamped to the maximum")
        XCTAssertEqual(LatencyHistogram().percentile(0.5), 0)
        // Small values are exact; bucket bounds are contiguous.
        var small = LatencyHistogram()
        small.record(nanoseconds: 7)
        XCTAssertEqual(small.percentile(0.5), 7)
        XCTAssertEqual(LatencyHistogram.bucket(of: 511) + 1, LatencyHistogram.bucket(of: 512))
        XCTAssertEqual(LatencyHistogram.bucket(of: 1023) + 1, LatencyHistogram.bucket(of: 1024))
    }

    func testHistogram_mergeAddsCounts() {
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        for _ in 0..<99 { first.record(nanoseconds: 1_000_000) }
        second.record(nanoseconds: 50_000_000)
        first.merge(second)
        XCTAssertEqual(first.count, 100)
        XCTAssertEqual(Double(first.percentile(0.99)), 1_000_000, accuracy: 4_000)
        XCTAssertEqual(first.percentile(1.0), 50_000_000)
    }

    func testWrkParse_readsRateLatenciesAndErrors() throws {
        let report = """
            Running 10s test @ http://127.0.0.1:8099/health
              1 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.52ms  612.11us  14.20ms   91.02%
                Req/Sec    42.18k     2.01k   45.90k    80.00%
              Latency Distribution
                 50%    1.41ms
                 75%    1.66ms
                 90%    1.98ms
                 99%  812.00us
              419834 requests in 10.00s, 52.85MB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 7
            Requests/sec:  41983.12
            Transfer/sec:      5.28MB
            """
        let result = try XCTUnwrap(WrkLoad.parse(report))
        XCTAssertEqual(result.requestsPerSecond, 41983.12)
        XCTAssertEqual(result.p50Milliseconds, 1.41, accuracy: 1e-9)
        XCTAssertEqual(result.p99Milliseconds, 0.812, accuracy: 1e-9)
        XCTAssertEqual(result.requests, 419_834)
        XCTAssertEqual(result.non2xx, 7)
        XCTAssertEqual(result.socketErrors, 5)
        XCTAssertNil(WrkLoad.parse("unable to connect to 127.0.0.1:1 Connection refused"))
        XCTAssertEqual(try XCTUnwrap(WrkLoad.milliseconds("2.01s")), 2010, accuracy: 1e-9)
        let arguments = WrkLoad(
            executable: "/usr/bin/wrk", url: "http://x/health", headers: [(name: "Authorization", value: "Bearer t")]
        ).arguments
        XCTAssertEqual(
            arguments, ["-t1", "-c64", "-d10s", "--latency", "-H", "Authorization: Bearer t", "http://x/health"])
    }

    func testScriptLine_parsesTheSummaryColumns() throws {
        let line: Substring =
            "ours         /health                     64   1   41983.12     1.410     2.950       0        0       95      180        99        24.5"
        let result = try XCTUnwrap(HTTPBenchPeer.parseScriptLine(line))
        XCTAssertEqual(result.requestsPerSecond, 41983.12)
        XCTAssertEqual(result.p99Milliseconds, 2.95)
        XCTAssertNil(HTTPBenchPeer.parseScriptLine("label path conns rep rps p50_ms p99_ms non2xx sock_err"))
    }

    func testListeningLine_givesThePort() {
        XCTAssertEqual(HTTPBenchServer.listeningPort(in: "listening on http://127.0.0.1:40123\n"), 40123)
        XCTAssertEqual(HTTPBenchServer.listeningPort(in: "loading…\nlistening on http://[::1]:8099/\n"), 8099)
        XCTAssertNil(HTTPBenchServer.listeningPort(in: "listening on port 8099"))
    }

    func testLoadClient_drivesTheFixtureServerAndCountsStatuses() throws {
        let server = try HTTPServer.start(
            port: 0, responder: HTTPBenchFixture.router(), configuration: HTTPServerConfiguration(eventLoopCount: 1))
        defer { server.stop() }
        XCTAssertEqual(HTTPLoadClient.probe(port: server.port, path: "/health"), 200)
        let ok = HTTPLoadClient(
            port: server.port, path: "/api/mappings?page=2&page_size=50", connections: 4, threads: 2,
            duration: .milliseconds(400)
        ).run()
        XCTAssertGreaterThan(ok.requests, 10)
        XCTAssertEqual(ok.non2xx, 0)
        XCTAssertEqual(ok.socketErrors, 0)
        XCTAssertGreaterThan(ok.p50Milliseconds, 0)
        XCTAssertLessThanOrEqual(ok.p50Milliseconds, ok.p99Milliseconds)
        XCTAssertGreaterThan(ok.requestsPerSecond, 0)
        let missing = HTTPLoadClient(port: server.port, path: "/nope", connections: 2, duration: .milliseconds(500))
            .run()
        XCTAssertGreaterThan(missing.requests, 0, "\(missing)")
        XCTAssertEqual(missing.non2xx, missing.requests, "every 404 is counted")
    }

    func testFixture_pageHasFiftyRowsAndTheTotal() throws {
        let response = HTTPBenchFixture.router().respond(
            to: HTTPRequest(method: .get, target: "/api/mappings?page=2&page_size=50"), context: RequestContext())
        XCTAssertEqual(response.status, .ok)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        XCTAssertEqual(object["total"] as? Int, 5000)
        let items = try XCTUnwrap(object["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 50)
        XCTAssertEqual(items.first?["id"] as? Int, 50)
    }

    func testBenchmark_inProcessRunReportsEveryPathAndTheBudget() throws {
        var options = HTTPBenchmark.Options(server: .inProcess)
        options.seconds = 1
        options.warmupSeconds = 0
        options.connections = 4
        options.client = .builtin
        var lines: [String] = []
        let comparisons = try HTTPBenchmark.run(options) { lines.append($0) }
        XCTAssertEqual(comparisons.map(\.path), ["/health", "/api/mappings?page=1&page_size=50"])
        XCTAssertTrue(comparisons.allSatisfy { $0.ours.requests > 0 && $0.ours.non2xx == 0 && $0.peer == nil })
        XCTAssertTrue(lines.contains { $0.hasPrefix("memory") && $0.contains("VmHWM") }, "\(lines)")
        XCTAssertEqual(lines.filter { $0.hasPrefix("budget") }.count, 3)
    }
    func testPeerScript_getsTheMatrixSettingsAndAWrkThatSendsTheToken() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/dm-peer-script-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A stand-in for run-http-peers.sh: one summary line per path, echoing what its `wrk` would be called with.
        let script = folder + "/matrix.sh"
        let text = """
            #!/bin/bash
            for path in $PATHS; do
              echo "$2 $path $CONNS $REPS 1234.5 0.5 1.5 0 0 | $(wrk -d$DURATION "$1$path")"
            done
            """
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        let ours = try HTTPBenchServer.startInProcess()
        defer { ours.stop() }
        var options = HTTPBenchmark.Options(server: .inProcess, scratchDirectory: folder)
        options.seconds = 3
        options.connections = 64
        var lines: [String] = []
        let comparisons = try HTTPBenchPeer.runScript(
            script, ours: ours, peer: nil, token: "s3cret", options: options, wrk: "/bin/echo"
        ) { lines.append($0) }
        XCTAssertEqual(comparisons.map(\.path), HTTPBenchmark.targets.map(\.ours))
        XCTAssertEqual(comparisons.first?.ours.requestsPerSecond, 1234.5)
        let health = try XCTUnwrap(lines.first { $0.contains(" /health ") })
        XCTAssertTrue(health.contains("ours /health 64 1 "), health)
        XCTAssertTrue(
            health.contains("-H Authorization: Bearer s3cret -d3s http://127.0.0.1:\(ours.port)/health"), health)
        // The wrapper holding the PATH entry is gone afterwards.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("dm-bench-wrk") }
        XCTAssertEqual(left, [])
    }
}
