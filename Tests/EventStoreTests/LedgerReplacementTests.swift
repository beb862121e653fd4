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
