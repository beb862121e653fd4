import Foundation
import XCTest

@testable import HTTPFront

/// The `dm serve` path of the bench with a stand-in executable: it announces the port of an in-process fixture
/// server the way `dm serve` will (`listening on http://HOST:PORT`) and is stopped with SIGTERM.
final class HTTPBenchmarkTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.path + "/dm-bench-test-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: folder + "/root/events", withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A fake `dm` whose `serve` prints the listening line for `port` and then waits to be stopped.
    private func fakeServe(port: Int) throws -> String {
        let path = folder + "/fake-dm"
        let script = """
            #!/bin/bash
            [ "$1" = serve ] || exit 3
            echo "loading projections"
            echo "listening on http://127.0.0.1:\(port)"
            exec sleep 30
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func testServePath_readsTheAnnouncedPortAndTokenAndStopsTheChild() throws {
        let fixture = try HTTPServer.start(port: 0, responder: HTTPBenchFixture.router())
        defer { fixture.stop() }
        let root = folder + "/root"
        try "{}\n".write(toFile: root + "/events/ledger.jsonl", atomically: true, encoding: .utf8)
        try "tok-123\n".write(toFile: root + "/events/admin.token", atomically: true, encoding: .utf8)
        var options = HTTPBenchmark.Options(server: .serve(executable: try fakeServe(port: fixture.port)))
        options.root = root
        options.seconds = 1
        options.warmupSeconds = 0
        options.connections = 2
        options.client = .builtin
        var lines: [String] = []
        let comparisons = try HTTPBenchmark.run(options) { lines.append($0) }
        XCTAssertTrue(lines.contains("server      dm serve on 127.0.0.1:\(fixture.port), pid \(pidOfServeLine(lines))"))
        XCTAssertEqual(comparisons.count, 2)
        XCTAssertTrue(comparisons.allSatisfy { $0.ours.requests > 0 && $0.ours.non2xx == 0 }, "\(lines)")
        XCTAssertFalse(lines.contains { $0.hasPrefix("prepare") }, "a root with a ledger is used as it is")
        // The child got SIGTERM and is gone.
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/proc/\(pidOfServeLine(lines))/status"))
    }

    func testServePath_missingTokenSaysWhereItWasLookedFor() throws {
        let fixture = try HTTPServer.start(port: 0, responder: HTTPBenchFixture.router())
        defer { fixture.stop() }
        let root = folder + "/root"
        try "{}\n".write(toFile: root + "/events/ledger.jsonl", atomically: true, encoding: .utf8)
        var options = HTTPBenchmark.Options(server: .serve(executable: try fakeServe(port: fixture.port)))
        options.root = root
        XCTAssertThrowsError(try HTTPBenchmark.run(options) { _ in }) {
            XCTAssertTrue("\($0)".contains("no admin token at \(root)/events/admin.token"), "\($0)")
        }
    }

    private func pidOfServeLine(_ lines: [String]) -> String {
        lines.first { $0.hasPrefix("server") }?.split(separator: " ").last.map(String.init) ?? "?"
    }
}
