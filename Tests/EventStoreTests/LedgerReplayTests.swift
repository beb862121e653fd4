import EventStore
import Foundation
import XCTest

final class LedgerReplayTests: XCTestCase {
    private func appendFour(_ ledger: Ledger, tag: String) throws {
        for index in 1...3 {
            _ = try ledger.append(
                [NewEvent(type: "test.event", data: ["n": .int(index), "tag": .string(tag)])], actor: testActor,
                command: "\(tag)-\(index)")
        }
    }

    func testForEachEventAfterPosition_readsOnFromThatLineAndReportsWhereItStopped() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        try appendFour(ledger, tag: "a")
        var all: [LedgerEvent] = []
        let end = try XCTUnwrap(try ledger.forEachEvent(after: .start) { all.append($0) })
        XCTAssertEqual(all.map(\.seq), [1, 2, 3, 4])
        XCTAssertEqual(end.seq, 4)
        XCTAssertEqual(end.hash, try ledger.head().hash)
        XCTAssertEqual(end.lineStart..<end.lineEnd, try ledger.lineRange(seq: 4))
        let second = try XCTUnwrap(try ledger.lineRange(seq: 2))
        let position = LedgerPosition(
            seq: 2, hash: all[1].hash, lineStart: second.lowerBound, lineEnd: second.upperBound)
        var rest: [Int] = []
        XCTAssertEqual(try ledger.forEachEvent(after: position) { rest.append($0.seq) }, end)
        XCTAssertEqual(rest, [3, 4])
        var none = 0
        XCTAssertEqual(try ledger.forEachEvent(after: end) { _ in none += 1 }, end)
        XCTAssertEqual(none, 0)
    }

    func testForEachEventAfterPosition_refusesAPositionWhoseLineChanged() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        try appendFour(ledger, tag: "a")
        let range = try XCTUnwrap(try ledger.lineRange(seq: 2))
        let wrongHash = LedgerPosition(seq: 2, hash: .zero, lineStart: range.lowerBound, lineEnd: range.upperBound)
        XCTAssertNil(try ledger.forEachEvent(after: wrongHash) { _ in XCTFail("nothing may be folded") })
        let hash = try XCTUnwrap(try ledger.event(seq: 2)).hash
        let shifted = LedgerPosition(seq: 2, hash: hash, lineStart: range.lowerBound + 1, lineEnd: range.upperBound)
        XCTAssertNil(try ledger.forEachEvent(after: shifted) { _ in XCTFail("nothing may be folded") })
        let pastEnd = LedgerPosition(seq: 9, hash: hash, lineStart: 1 << 20, lineEnd: (1 << 20) + 10)
        XCTAssertNil(try ledger.forEachEvent(after: pastEnd) { _ in XCTFail("nothing may be folded") })
    }

    func testForEachEventAfterPosition_throwsWhereALineDoesNotChainToTheOneBefore() throws {
        let folderA = TemporaryFolder()
        let ledgerA = try makeLedger(folderA)
        try appendFour(ledgerA, tag: "a")
        let folderB = TemporaryFolder()
        let ledgerB = try makeLedger(folderB)
        try appendFour(ledgerB, tag: "b")
        // Lines 1–2 of A, then lines 3–4 of B: every line well formed, seqs consecutive, but line 3 does not chain.
        let linesA = try String(contentsOfFile: ledgerA.ledgerPath, encoding: .utf8).split(separator: "\n")
        let linesB = try String(contentsOfFile: ledgerB.ledgerPath, encoding: .utf8).split(separator: "\n")
        let spliced = (linesA[0..<2] + linesB[2..<4]).map { $0 + "\n" }.joined()
        try Data(spliced.utf8).write(to: URL(fileURLWithPath: ledgerA.ledgerPath))
        let reader = try Ledger(directory: folderA.path)
        var seen: [Int] = []
        XCTAssertThrowsError(try reader.forEachEvent(after: .start) { seen.append($0.seq) }) { error in
            guard case .malformedLine(let seq, _, _, _) = error as? LedgerError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(seq, 3)
        }
        XCTAssertEqual(seen, [1, 2])
    }

    func testDecodingALine_givesTheSameEventWhateverPathTheEnvelopeTakes() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        try appendFour(ledger, tag: "a\u{e9}\"q")
        let line = try XCTUnwrap(
            try String(contentsOfFile: ledger.ledgerPath, encoding: .utf8).split(separator: "\n").last)
        let event = try LedgerEvent(line: Array(line.utf8))
        XCTAssertEqual(event, try ledger.event(seq: 4))
        XCTAssertEqual(event.data["tag"], "a\u{e9}\"q")
        // An escaped key, spaces and another member order are still JSON for the same envelope (the general decoder
        // takes over from the fast one); a repeated or unknown member, or a missing one, is not an envelope.
        let escapedKey = line.replacingOccurrences(of: "\"seq\":", with: "\"s\\u0065q\" : ")
        XCTAssertEqual(try LedgerEvent(line: Array(escapedKey.utf8)), event)
        let repeated = line.replacingOccurrences(of: "\"seq\":4", with: "\"seq\":4,\"seq\":4")
        XCTAssertThrowsError(try LedgerEvent(line: Array(repeated.utf8)))
        let unknown = line.replacingOccurrences(of: "\"seq\":4", with: "\"seq\":4,\"extra\":1")
        XCTAssertThrowsError(try LedgerEvent(line: Array(unknown.utf8)))
        let missing = line.replacingOccurrences(of: ",\"seq\":4", with: "")
        XCTAssertThrowsError(try LedgerEvent(line: Array(missing.utf8)))
        let badHash = line.replacingOccurrences(of: "\"hash\":\"", with: "\"hash\":\"x")
        XCTAssertThrowsError(try LedgerEvent(line: Array(badHash.utf8)))
    }
}
