import XCTest

/// `dm bench http` through the real executable, on the in-process server (until `dm serve` exists to start).
final class BenchHTTPCommandTests: XCTestCase {
    func testBenchHTTP_inProcessWithTheBuiltInClientPrintsFiguresAndBudget() throws {
        let output = try DMExecutable.run([
            "bench", "http", "--server", "in-process", "--client", "builtin", "--duration", "1", "--warmup", "0",
            "--connections", "4",
        ])
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("ours") && $0.contains("/health") && $0.contains("req/s") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("ours") && $0.contains("/api/mappings?page=1&page_size=50") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("budget") && $0.contains("peak RSS") }, output.stdout)
    }

    func testBenchHTTP_badOptionsSayWhatToType() throws {
        let server = try DMExecutable.run(["bench", "http", "--server", "nginx"])
        XCTAssertEqual(server.status, 2)
        XCTAssertTrue(server.stderr.contains("--server takes serve or in-process"), server.stderr)
        let client = try DMExecutable.run(["bench", "http", "--client", "ab"])
        XCTAssertEqual(client.status, 2)
        XCTAssertTrue(client.stderr.contains("--client takes auto, wrk or builtin"), client.stderr)
        let peer = try DMExecutable.run(["bench", "http", "--server", "in-process", "--peer", "/nonexistent/hbpeer"])
        XCTAssertNotEqual(peer.status, 0)
        XCTAssertTrue(peer.stderr.contains("--peer /nonexistent/hbpeer does not exist"), peer.stderr)
    }
}
