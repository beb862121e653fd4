import EventStore
import Foundation
import XCTest

/// Throughput of `SHA256` against coreutils `sha256sum` on the same 100 MB, in the same run.
///
/// Opt-in because it takes seconds and depends on the machine:
/// `SHA256_BENCH=1 swift test -c release -Xswiftc -enable-testing --disable-swift-testing --filter SHA256Performance`
/// The budget is at least 0.9x the throughput of `sha256sum` (which here includes reading the file
/// from the page cache, while ours hashes from memory; the difference is a few percent).
final class SHA256PerformanceTests: XCTestCase {
    private static let byteCount = 100_000_000
    private static let repetitions = 5

    func testThroughput_vsCoreutils() throws {
        guard ProcessInfo.processInfo.environment["SHA256_BENCH"] != nil else {
            throw XCTSkip("set SHA256_BENCH=1 (and build with -c release) to run the throughput benchmark")
        }
        #if DEBUG
            throw XCTSkip("the throughput benchmark is only meaningful in a release build")
        #else
            var generator = SplitMix64(seed: 100)
            var data = Data(count: Self.byteCount)
            data.withUnsafeMutableBytes { raw in
                for offset in stride(from: 0, to: raw.count, by: 8) {
                    raw.storeBytes(of: generator.next(), toByteOffset: offset, as: UInt64.self)
                }
            }

            var digest = SHA256Digest.zero
            var best = Double.infinity
            for _ in 0..<Self.repetitions {
                let start = DispatchTime.now().uptimeNanoseconds
                digest = data.withUnsafeBytes { SHA256.hash($0) }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let ours = Double(Self.byteCount) / best / 1e6

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-bench-\(getpid()).bin")
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            // Time a run on an empty file too and subtract it, so process start-up is not counted
            // against sha256sum; reading the file from the page cache still is.
            let empty = file.appendingPathExtension("empty")
            try Data().write(to: empty)
            defer { try? FileManager.default.removeItem(at: empty) }
            let startup = try Self.bestCoreutilsRun(on: empty).seconds
            let (coreutilsBest, coreutilsOutput) = try Self.bestCoreutilsRun(on: file)
            let coreutils = Double(Self.byteCount) / (coreutilsBest - startup) / 1e6
            let ratio = ours / coreutils
            print(
                String(
                    format: "SHA256 throughput: %.1f MB/s, sha256sum: %.1f MB/s, ratio %.2f (best of %d, %d MB)",
                    ours, coreutils, ratio, Self.repetitions, Self.byteCount / 1_000_000))

            XCTAssertEqual(coreutilsOutput.prefix(64), Substring(digest.hex))
            XCTAssertGreaterThanOrEqual(ratio, 0.9)
        #endif
    }

    /// Runs `/usr/bin/sha256sum` on `file` several times; returns the fastest wall time and its output.
    private static func bestCoreutilsRun(on file: URL) throws -> (seconds: Double, output: String) {
        var best = Double.infinity
        var output = ""
        for _ in 0..<repetitions {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            let start = DispatchTime.now().uptimeNanoseconds
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            output = String(decoding: data, as: UTF8.self)
        }
        return (best, output)
    }
}
