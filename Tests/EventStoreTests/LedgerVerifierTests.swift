import EventStore
import Foundation
import XCTest

final class LedgerVerifierTests: XCTestCase {
    private func verify(_ lines: [[UInt8]], trailingNewline: Bool = true, workers: Int = 1) -> VerificationReport {
        var bytes = lines.map { $0 }.joined(separator: [UInt8(ascii: "\n")]).map { $0 }
        if trailingNewline { bytes.append(UInt8(ascii: "\n")) }
        return bytes.withUnsafeBytes { LedgerVerifier.verify($0, workers: workers) }
    }

    func testVerify_intactLedgerReportsCountAndHead() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder, events: 12)
        let report = try LedgerVerifier.verify(path: ledger.ledgerPath)
        XCTAssertTrue(report.intact)
        XCTAssertEqual(report.events, 12)
        XCTAssertEqual(report.headSeq, 12)
        XCTAssertEqual(report.headHash, try ledger.head().hash)
        for workers in 1...5 {
            XCTAssertEqual(verify(try readLines(ledger), workers: workers), report, "workers \(workers)")
        }
    }

    func testVerify_flippingAnyByteOfALineIsCaughtAtThatLine() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder, events: 8)
        let lines = try readLines(ledger)
        let target = 5
        for position in 0...lines[target - 1].count {
            var tampered = lines
            if position == lines[target - 1].count {
                // The line's `\n`: flipping it merges two lines.
                tampered[target - 1] += [UInt8(ascii: "\n") ^ 0x20] + tampered[target]
                tampered.remove(at: target)
            } else {
                tampered[target - 1][position] ^= 0x01
            }
            for workers in [1, 3] {
                let failure = try XCTUnwrap(verify(tampered, workers: workers).failure, "byte \(position) undetected")
                XCTAssertEqual(failure.line, target, "byte \(position): \(failure)")
                XCTAssertEqual(
                    failure.offset, lines[0..<(target - 1)].reduce(0) { $0 + $1.count + 1 }, "byte \(position)")
                XCTAssertNotEqual(failure.problem, .tornTail)
            }
        }
    }

    func testVerify_deletedLineIsASeqGap() throws {
        let folder = TemporaryFolder()
        var lines = try readLines(makeLedger(folder, events: 8))
        lines.remove(at: 3)
        let failure = try XCTUnwrap(verify(lines).failure)
        XCTAssertEqual(failure.problem, .seqGap)
        XCTAssertEqual(failure.line, 4)
        XCTAssertEqual(failure.seq, 5)
        XCTAssertEqual(failure.detail, "expected seq 4, found 5")
    }

    func testVerify_swappedLinesAreASeqGap() throws {
        let folder = TemporaryFolder()
        var lines = try readLines(makeLedger(folder, events: 8))
        lines.swapAt(2, 3)
        let failure = try XCTUnwrap(verify(lines).failure)
        XCTAssertEqual(failure.problem, .seqGap)
        XCTAssertEqual(failure.line, 3)
        XCTAssertEqual(failure.seq, 4)
    }

    func testVerify_truncationMidLineIsATornTail() throws {
        let folder = TemporaryFolder()
        var lines = try readLines(makeLedger(folder, events: 8))
        lines[6] = Array(lines[6].prefix(40))
        lines.removeLast()
        let report = verify(lines, trailingNewline: false)
        XCTAssertEqual(report.failure?.problem, .tornTail)
        XCTAssertEqual(report.failure?.line, 7)
        XCTAssertEqual(report.failure?.seq, 7)
        XCTAssertEqual(report.events, 6)
    }

    func testVerify_editedDataWithRecomputedHashBreaksTheNextLinksPrev() throws {
        let folder = TemporaryFolder()
        let lines = try readLines(makeLedger(folder, events: 8))
        var value = try XCTUnwrap(JSONValue(parsing: lines[3]).objectValue)
        value["data"] = ["n": 999, "text": "forged"]
        value.removeValue(forKey: "hash")
        let newHash = SHA256.hash(try JSONValue.object(value).canonicalBytes())
        value["hash"] = .string(newHash.hex)
        var tampered = lines
        tampered[3] = try JSONValue.object(value).canonicalBytes()
        XCTAssertNil(verify(Array(tampered[0...3])).failure, "the edited line alone is self-consistent")
        for workers in [1, 2, 4] {
            let failure = try XCTUnwrap(verify(tampered, workers: workers).failure)
            XCTAssertEqual(failure.problem, .prevMismatch)
            XCTAssertEqual(failure.seq, 5)
            XCTAssertEqual(failure.line, 5)
        }
    }

    func testVerify_nonCanonicalButValidJSONIsNamed() throws {
        let folder = TemporaryFolder()
        var lines = try readLines(makeLedger(folder, events: 4))
        lines[2].insert(UInt8(ascii: " "), at: 1)
        let failure = try XCTUnwrap(verify(lines).failure)
        XCTAssertEqual(failure.problem, .notCanonical)
        XCTAssertEqual(failure.line, 3)
    }

    func testVerify_firstLineMustBeSeqOneWithZeroPrev() throws {
        let folder = TemporaryFolder()
        let lines = try readLines(makeLedger(folder, events: 4))
        let failure = try XCTUnwrap(verify(Array(lines.dropFirst())).failure)
        XCTAssertEqual(failure.problem, .seqGap)
        XCTAssertEqual(failure.line, 1)
    }

    func testVerify_upperCaseHexIsAMismatchNotAnEquivalentSpelling() throws {
        let folder = TemporaryFolder()
        let lines = try readLines(makeLedger(folder, events: 5))
        for (field, problem) in [("prev", VerificationProblem.prevMismatch), ("hash", .hashMismatch)] {
            var tampered = lines
            var text = String(decoding: tampered[2], as: UTF8.self)
            let marker = try XCTUnwrap(text.range(of: "\"\(field)\":\""))
            let digits = text[marker.upperBound...].prefix(64)
            text.replaceSubrange(digits.startIndex..<digits.endIndex, with: digits.uppercased())
            XCTAssertNotEqual(digits.uppercased(), String(digits), "the digest has letters to upper-case")
            tampered[2] = Array(text.utf8)
            let failure = try XCTUnwrap(verify(tampered).failure, field)
            XCTAssertEqual(failure.problem, problem, field)
            XCTAssertEqual(failure.line, 3, field)
        }
    }

    func testVerify_emptyFileIsIntactWithNoEvents() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/ledger.jsonl"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        let report = try LedgerVerifier.verify(path: path)
        XCTAssertTrue(report.intact)
        XCTAssertEqual(report.events, 0)
    }
}
