import EventStore
import Foundation
import XCTest

/// A ledger file replaced or moved under an open `Ledger` (a restore from backup): appends go to the file the
/// path names now, or are refused; never to the unlinked old file.
final class LedgerReplacementTests: XCTestCase {
    func testAppend_afterTheFileIsReplacedByAnEarlierCopy_goesToTheNewFileAndChainsOnIt() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        _ = try ledger.append([NewEvent(type: "test.one")], actor: testActor, command: "c1")
        let backup = folder.path + "/backup.jsonl"
        try FileManager.default.copyItem(atPath: ledger.ledgerPath, toPath: backup)
        _ = try ledger.append([NewEvent(type: "test.lost")], actor: testActor, command: "c2")
        XCTAssertEqual(try ledger.head().seq, 3)

        XCTAssertEqual(rename(backup, ledger.ledgerPath), 0)
        XCTAssertEqual(try ledger.head().seq, 2, "the head is the restored file's")
        let written = try ledger.append([NewEvent(type: "test.after")], actor: testActor, command: "c3")
        XCTAssertEqual(written.events.map(\.seq), [3])
        let lines = try String(contentsOfFile: ledger.ledgerPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[2].contains("test.after"))
        XCTAssertTrue(try LedgerVerifier.verify(path: ledger.ledgerPath).intact)
    }

    func testAppend_whenThePathNamesNoFile_isRefusedAndCreatesNothing() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        _ = try ledger.append([NewEvent(type: "test.one")], actor: testActor, command: "c1")
        let aside = folder.path + "/aside.jsonl"
        XCTAssertEqual(rename(ledger.ledgerPath, aside), 0)
        XCTAssertThrowsError(try ledger.append([NewEvent(type: "test.two")], actor: testActor, command: "c2")) {
            XCTAssertTrue("\($0)".contains("moved or deleted"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: ledger.ledgerPath), "no second chain was started")
        XCTAssertEqual(rename(aside, ledger.ledgerPath), 0)
        XCTAssertEqual(
            try ledger.append([NewEvent(type: "test.two")], actor: testActor, command: "c2").events[0].seq, 3)
    }
}

/// The ledger's number rule — integers within ±(2^53 − 1) — is checked by verification, not only on append.
final class LedgerNumberRuleTests: XCTestCase {
    /// A one-line ledger whose genesis data holds `number`, with a correct hash.
    private func ledger(holding number: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.path + "/dm-numbers-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let before =
            #"{"actor":{"role":"admin","user":"u"},"at":"2026-12-04T10:00:00.000Z","command":"c","#
            + #""data":{"format":"dm-ledger/1","ledger_id":"x","n":\#(number)},"#
        let after =
            #""id":"00000000-0000-4000-8000-000000000001","prev":"\#(String(repeating: "0", count: 64))","#
            + #""seq":1,"type":"ledger.created"}"#
        let hash = SHA256.hash(before + after).hex
        let path = folder + "/ledger.jsonl"
        try (before + #""hash":"\#(hash)","# + after + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testVerify_acceptsTheLargestSafeInteger_refusesTwoToThe53AndDecimals() throws {
        XCTAssertTrue(try LedgerVerifier.verify(path: try ledger(holding: "9007199254740991")).intact)
        XCTAssertTrue(try LedgerVerifier.verify(path: try ledger(holding: "-9007199254740991")).intact)
        for number in ["9007199254740992", "-9007199254740992", "1.5", "1e+21"] {
            let report = try LedgerVerifier.verify(path: try ledger(holding: number))
            XCTAssertFalse(report.intact, number)
        }
    }
}
