import Dispatch
import EventStore
import Foundation
import Synchronization
import XCTest

final class LedgerTests: XCTestCase {
    func testAppend_firstAppendWritesGenesisThenChains() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        let first = try ledger.append([NewEvent(type: "test.one", data: ["n": 1])], actor: testActor, command: "c1")
        let second = try ledger.append(
            [NewEvent(type: "test.two"), NewEvent(type: "test.three")], actor: testActor, command: "c2")

        XCTAssertEqual(first.events.map(\.seq), [2])
        XCTAssertEqual(second.events.map(\.seq), [3, 4])
        XCTAssertEqual(second.events.map(\.command), ["c2", "c2"])
        let genesis = try XCTUnwrap(ledger.event(seq: 1))
        XCTAssertEqual(genesis.type, "ledger.created")
        XCTAssertEqual(genesis.data["format"], "dm-ledger/1")
        XCTAssertNotNil(genesis.data["ledger_id"]?.stringValue)
        XCTAssertEqual(genesis.prev, .zero)
        XCTAssertEqual(first.events[0].prev, genesis.hash)
        XCTAssertEqual(second.events[1].prev, second.events[0].hash)
        XCTAssertEqual(try ledger.head(), LedgerHead(seq: 4, hash: second.events[1].hash))
        XCTAssertTrue(try LedgerVerifier.verify(path: ledger.ledgerPath).intact)
    }

    func testAppend_lineIsTheCanonicalEnvelopeAndHashCoversItWithoutHash() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder, events: 3)
        for line in try readLines(ledger) {
            let value = try JSONValue(parsing: line)
            XCTAssertEqual(try value.canonicalBytes(), line, "each line is its own JCS form")
            var fields = try XCTUnwrap(value.objectValue)
            let stored = try XCTUnwrap(fields.removeValue(forKey: "hash")?.stringValue)
            XCTAssertEqual(SHA256.hash(try JSONValue.object(fields).canonicalBytes()).hex, stored)
            XCTAssertEqual(Set(fields.keys), ["seq", "id", "at", "actor", "type", "data", "command", "prev"])
            let at = try XCTUnwrap(fields["at"]?.stringValue)
            XCTAssertNotNil(at.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression))
        }
    }

    func testAppend_refusesNonIntegerNumbersAndWritesNothing() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder, events: 2)
        let head = try ledger.head()
        let bad: [(JSONValue, String)] = [
            (.number(1.5), "data.x"), (.number(9_007_199_254_740_992), "data.x"),
            (["nested": [1, .number(0.25)]], "data.x.nested[1]"), (.number(-9_007_199_254_740_992), "data.x"),
        ]
        for (value, path) in bad {
            XCTAssertThrowsError(
                try ledger.append([NewEvent(type: "test.bad", data: ["x": value])], actor: testActor, command: "bad")
            ) { error in
                guard case .invalidEvent(_, let reported, let reason) = error as? LedgerError else {
                    return XCTFail("expected invalidEvent, got \(error)")
                }
                XCTAssertEqual(reported, path)
                XCTAssertTrue(reason.contains("integer"), reason)
            }
        }
        XCTAssertNoThrow(
            try ledger.append(
                [NewEvent(type: "test.ok", data: ["x": .int(9_007_199_254_740_991)])], actor: testActor, command: "ok"))
        XCTAssertEqual(try ledger.head().seq, head.seq + 1)
    }

    func testAppend_refusesBadTypeNamesLabelsAndEmptyCommands() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        for type in ["", "nodot", "Upper.case", "a..b", "a.b-c", ".a"] {
            XCTAssertThrowsError(try ledger.append([NewEvent(type: type)], actor: testActor, command: "c")) {
                XCTAssertEqual(($0 as? LedgerError)?.code, "invalid_event", type)
            }
        }
        XCTAssertThrowsError(try ledger.append([NewEvent(type: "a.b")], actor: testActor, command: ""))
        XCTAssertThrowsError(try ledger.append([], actor: testActor, command: "c"))
        XCTAssertThrowsError(
            try ledger.append([NewEvent(type: "a.b")], actor: LedgerActor(user: "bob\n", role: "x"), command: "c"))
        XCTAssertEqual(try ledger.head().seq, 0, "nothing, not even genesis, is written for refused commands")
    }

    func testAppend_sameCommandIDReturnsOriginalEventsAndWritesNothing() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        let original = try ledger.append(
            [NewEvent(type: "test.a", data: ["n": 1]), NewEvent(type: "test.b")], actor: testActor, command: "once")
        let again = try ledger.append([NewEvent(type: "test.other")], actor: testActor, command: "once")
        XCTAssertFalse(original.replayed)
        XCTAssertTrue(again.replayed)
        XCTAssertEqual(again.events, original.events)
        XCTAssertEqual(try ledger.head().seq, 3)

        // A second instance (as another process would) sees the same command as already recorded.
        let other = try makeLedger(folder)
        XCTAssertEqual(
            try other.append([NewEvent(type: "test.c")], actor: testActor, command: "once").events, original.events)
        XCTAssertEqual(try other.head().seq, 3)
    }

    func testAppend_staleExpectedSeqConflictsUnlessTheCheckSaysItDoesNotMatter() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder, events: 3)
        let decidedAt = try ledger.head().seq
        _ = try ledger.append(
            [NewEvent(type: "mapping.edited", data: ["row": "r1"])], actor: testActor, command: "edit")

        XCTAssertThrowsError(
            try ledger.append(
                [NewEvent(type: "mapping.approved")], actor: testActor, command: "approve", expectedSeq: decidedAt)
        ) { error in
            guard case .conflict(let expected, let head, _) = error as? LedgerError else {
                return XCTFail("expected conflict, got \(error)")
            }
            XCTAssertEqual(expected, decidedAt)
            XCTAssertEqual(head, decidedAt + 1)
        }
        XCTAssertEqual(try ledger.head().seq, decidedAt + 1)

        let onlyRowR2: ConflictCheck = { since in
            since.contains { $0.data["row"] == "r2" } ? "row r2 was edited" : nil
        }
        let accepted = try ledger.append(
            [NewEvent(type: "mapping.approved", data: ["row": "r2"])], actor: testActor, command: "approve-r2",
            expectedSeq: decidedAt, conflicts: onlyRowR2)
        XCTAssertEqual(accepted.events[0].seq, decidedAt + 2)
        XCTAssertThrowsError(
            try ledger.append(
                [NewEvent(type: "test.x")], actor: testActor, command: "future", expectedSeq: decidedAt + 10))
    }

    func testTornTail_isQuarantinedOnNextAppendAndChainContinues() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder, events: 4)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: ledger.ledgerPath))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"actor":{"role":"engineer","user":"al"#.utf8))
        handle.closeFile()

        let torn = try LedgerVerifier.verify(path: ledger.ledgerPath)
        XCTAssertEqual(torn.failure?.problem, .tornTail)
        XCTAssertEqual(torn.failure?.line, 5)
        XCTAssertEqual(torn.events, 4)
        XCTAssertEqual(try ledger.head().seq, 4, "readers ignore the fragment")

        let fresh = try makeLedger(folder)
        let appended = try fresh.append([NewEvent(type: "test.after")], actor: testActor, command: "after")
        XCTAssertEqual(appended.events[0].seq, 5)
        XCTAssertTrue(try LedgerVerifier.verify(path: fresh.ledgerPath).intact)
        let quarantine = try String(contentsOfFile: fresh.tornPath, encoding: .utf8)
        XCTAssertTrue(quarantine.contains(#"{"actor":{"role":"engineer","user":"al"#), quarantine)
        XCTAssertTrue(quarantine.hasPrefix("# "), "the quarantine record starts with the time and offset")
    }

    func testMalformedCompleteLine_refusesAppendAndLeavesFileUntouched() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder, events: 3)
        var lines = try readLines(ledger)
        lines.append(Array(#"{"not":"an envelope"}"#.utf8))
        try writeLines(lines, to: ledger)
        let before = try Data(contentsOf: URL(fileURLWithPath: ledger.ledgerPath))

        let fresh = try makeLedger(folder)
        XCTAssertThrowsError(try fresh.append([NewEvent(type: "test.x")], actor: testActor, command: "x")) { error in
            guard case .malformedLine(let seq, let line, let offset, _) = error as? LedgerError else {
                return XCTFail("expected malformedLine, got \(error)")
            }
            XCTAssertEqual(seq, 4)
            XCTAssertEqual(line, 4)
            XCTAssertEqual(offset, lines[0..<3].reduce(0) { $0 + $1.count + 1 })
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ledger.ledgerPath)), before)
    }

    func testConcurrentAppends_inOneProcessFormOneChainWithEveryCommandOnce() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        let threads = 8
        let perThread = 50
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                do {
                    _ = try ledger.append(
                        [NewEvent(type: "test.concurrent", data: ["t": .int(thread), "i": .int(index)])],
                        actor: testActor, command: "t\(thread)-\(index)")
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, [])
        let report = try LedgerVerifier.verify(path: ledger.ledgerPath)
        XCTAssertTrue(report.intact, "\(String(describing: report.failure))")
        XCTAssertEqual(report.events, threads * perThread + 1)
        var cursor = try ledger.cursor(from: 2)
        var commands = Set<String>()
        while let event = try cursor.next() { commands.insert(event.command) }
        XCTAssertEqual(commands.count, threads * perThread)
    }

    func testTwoInstances_onOneFolderCatchUpWithEachOther() throws {
        let folder = TemporaryFolder()
        let first = try makeLedger(folder)
        let second = try makeLedger(folder)
        _ = try first.append([NewEvent(type: "test.a")], actor: testActor, command: "a")
        XCTAssertEqual(try second.append([NewEvent(type: "test.b")], actor: testActor, command: "b").events[0].seq, 3)
        XCTAssertEqual(try first.append([NewEvent(type: "test.c")], actor: testActor, command: "c").events[0].seq, 4)
        XCTAssertEqual(try first.head(), try second.head())
        XCTAssertTrue(try LedgerVerifier.verify(path: first.ledgerPath).intact)
    }

    func testCursor_streamsEventsFromAnySeqAcrossChunks() throws {
        let folder = TemporaryFolder()
        let ledger = try makeLedger(folder)
        let big = String(repeating: "x", count: 3000)
        for batch in 0..<5 {
            let events = (0..<200).map {
                NewEvent(type: "test.big", data: ["n": .int(batch * 200 + $0), "pad": .string(big)])
            }
            _ = try ledger.append(events, actor: testActor, command: "big-\(batch)")
        }
        var cursor = try ledger.cursor(from: 600)
        var seqs: [Int] = []
        while let event = try cursor.next() { seqs.append(event.seq) }
        XCTAssertEqual(seqs, Array(600...1001))
        XCTAssertEqual(try ledger.event(seq: 777)?.data["n"]?.intValue, 775)
        XCTAssertNil(try ledger.event(seq: 1002))
    }
}
