import Foundation
import Projections
import XCTest

/// Property: whatever rows the writer is given, the reader gives back exactly those rows.
final class CSVRoundTripTests: XCTestCase {
    /// SplitMix64: a tiny seeded generator so that a failing case can be replayed from its seed.
    private struct SplitMix64: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }

    /// Pieces chosen to hit every rule: separators, quotes, all line breaks, formula triggers, multi-byte text.
    private static let alphabet: [String] = [
        "a", "Z", "0", "9", " ", ",", "\"", "\"\"", "\r", "\n", "\r\n", "=", "+", "-", "@", "\t", "'", "é", "ʤ",
        "漢", "🩺", "\u{FEFF}", "NHS", "O'Neil", ";",
    ]

    private func randomField(_ generator: inout SplitMix64) -> String {
        let length = Int.random(in: 0...8, using: &generator)
        return (0..<length).map { _ in Self.alphabet.randomElement(using: &generator) ?? "" }.joined()
    }

    private func randomTable(_ generator: inout SplitMix64) -> [[String]] {
        let width = Int.random(in: 1...6, using: &generator)
        let height = Int.random(in: 0...30, using: &generator)
        // Header names are never empty here: a real header always names its columns.
        let header = (0..<width).map { "c\($0)" + randomField(&generator) }
        let rows = (0..<height).map { _ in (0..<width).map { _ in randomField(&generator) } }
        return [header] + rows
    }

    func testRoundTrip_randomTablesComeBackUnchanged() throws {
        let folder = try TemporaryFolder(self)
        for seed in UInt64(1)...300 {
            var generator = SplitMix64(state: seed)
            let table = randomTable(&generator)
            let url = folder.file("table-\(seed).csv")
            let writer = try CSVWriter(
                url: url, header: table[0], bufferCapacity: Int.random(in: 1...512, using: &generator))
            for row in table.dropFirst() {
                try writer.write(row)
            }
            try writer.commit()
            let chunkSize = Int.random(in: 1...64, using: &generator)
            XCTAssertEqual(try readAll(url, chunkSize: chunkSize), table, "seed \(seed), chunk size \(chunkSize)")
        }
    }

    func testRoundTrip_neutralisedCellsComeBackWithOnlyTheApostropheAdded() throws {
        let folder = try TemporaryFolder(self)
        let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]
        for seed in UInt64(1)...100 {
            var generator = SplitMix64(state: seed)
            let table = randomTable(&generator)
            let url = folder.file("people-\(seed).csv")
            let writer = try CSVWriter(url: url, header: table[0], neutraliseFormulas: true)
            for row in table.dropFirst() {
                try writer.write(row)
            }
            try writer.commit()
            let expected = table.map { row in
                row.map { cell in
                    // "\r\n" is one Character in Swift, so test the first scalar, as the encoder does.
                    guard let first = cell.unicodeScalars.first, triggers.contains(Character(first)) else {
                        return cell
                    }
                    return "'" + cell
                }
            }
            XCTAssertEqual(try readAll(url), expected, "seed \(seed)")
        }
    }
}
