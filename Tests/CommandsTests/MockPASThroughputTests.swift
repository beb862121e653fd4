import Foundation
import XCTest

@testable import Commands

/// Throughput check, not a test of correctness: runs only with DM_PERF=1 (benchmarks never gate CI on wall time).
///
///     swift test -c release -Xswiftc -enable-testing --disable-swift-testing --filter MockPASThroughputTests
///
/// DM_PERF_ROWS sets the patient count (default 100000); run under `/usr/bin/time -v` for peak RSS.
final class MockPASThroughputTests: XCTestCase {
    func testThroughput_printsRowsPerSecond() throws {
        let environment = ProcessInfo.processInfo.environment
        guard environment["DM_PERF"] == "1" else { throw XCTSkip("set DM_PERF=1 to measure") }
        let patients = Int(environment["DM_PERF_ROWS"] ?? "") ?? 100_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mockpas-perf-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let generator = MockPASGenerator(rows: patients, seed: 42, referenceDate: GeneratedExtract.referenceDate)
        let clock = ContinuousClock()
        var tables: [GeneratedTable] = []
        let elapsed = try clock.measure { tables = try generator.generate(into: directory) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rows = tables.reduce(0) { $0 + $1.rows }
        let bytes = tables.reduce(0) { $0 + $1.bytes }
        print(
            "mock PAS: \(patients) patients, \(rows) rows, \(bytes / 1_000_000) MB in "
                + String(
                    format: "%.2f s: %.0f rows/s, %.0f patients/s, %.0f MB/s", seconds, Double(rows) / seconds,
                    Double(patients) / seconds, Double(bytes) / 1e6 / seconds))
    }
}
