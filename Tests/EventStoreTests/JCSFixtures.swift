import EventStore
import Foundation
import XCTest

/// Access to the byte-exact RFC 8785 test data copied under `Fixtures/jcs` (see `Fixtures/README.md`).
enum JCSFixtures {
    /// The `Fixtures/jcs` folder inside the test bundle.
    static func directory() throws -> URL {
        let root = try XCTUnwrap(
            Bundle.module.url(forResource: "Fixtures", withExtension: nil), "Fixtures folder missing from bundle")
        return root.appendingPathComponent("jcs", isDirectory: true)
    }

    /// The exact bytes of `jcs/<relativePath>`.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory().appendingPathComponent(relativePath)))
    }

    /// Names (without `.json`) of every `input/NAME.json` that has an `output/NAME.json`.
    static func pairNames() throws -> [String] {
        let input = try directory().appendingPathComponent("input", isDirectory: true)
        return try FileManager.default.contentsOfDirectory(atPath: input.path)
            .filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }
            .sorted()
    }

    /// Rows `hex-ieee,expected` of an ES6 number file, as (double, expected text, 1-based line).
    static func numberRows(_ relativePath: String) throws -> [(value: Double, expected: String, line: Int)] {
        let data = try bytes(relativePath)
        var rows: [(Double, String, Int)] = []
        rows.reserveCapacity(100_000)
        var line = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            line += 1
            let text = String(decoding: raw, as: UTF8.self)
            let parts = text.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, let bits = UInt64(parts[0], radix: 16) else {
                XCTFail("\(relativePath):\(line): malformed row \(text)")
                continue
            }
            rows.append((Double(bitPattern: bits), String(parts[1]), line))
        }
        return rows
    }
}
