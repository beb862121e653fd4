import EventStore
import Foundation
import XCTest

/// The ledger's guarantees across processes: crashes, concurrent writers, and an auditor's own verifier.
final class LedgerProcessTests: XCTestCase {
    func testSIGKILLDuringAppends_loosesNoAcknowledgedEventAndLeavesAVerifiableChain() throws {
        let root = ScratchRoot()
        for round in 0..<3 {
            let process = Process()
            process.executableURL = DMExecutable.url
            process.arguments = [
                "ledger", "append-loop", "--events", "1000000", "--tag", "r\(round)", "--root", root.path,
            ]
            let out = Pipe()
            process.standardOutput = out
            try process.run()

            // Collect acknowledgements until enough have arrived, then kill without warning.
            var acked: [String] = []
            var pending = Data()
            let reader = out.fileHandleForReading
            while acked.count < 300 {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    if let command = line.split(separator: " ").last { acked.append(String(command)) }
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal)
            XCTAssertGreaterThanOrEqual(acked.count, 300)

            let report = try LedgerVerifier.verify(path: root.ledgerPath)
            if let failure = report.failure {
                XCTAssertEqual(failure.problem, .tornTail, "only a torn tail may follow a crash: \(failure)")
            }
            // The next append quarantines any torn tail; then the chain is whole and holds every acknowledged event.
            let ledger = try Ledger(directory: root.path + "/events")
            _ = try ledger.append(
                [NewEvent(type: "test.after_crash")], actor: LedgerActor(user: "t", role: "operator"),
                command: "after-\(round)")
            XCTAssertTrue(try LedgerVerifier.verify(path: root.ledgerPath).intact)
            var cursor = try ledger.cursor(from: 1)
            var commands = Set<String>()
            while let event = try cursor.next() { commands.insert(event.command) }
            let lost = acked.filter { !commands.contains($0) }
            XCTAssertTrue(lost.isEmpty, "acknowledged but missing after SIGKILL: \(lost.prefix(5))")
        }
    }

    func testTwoProcessesAppendingConcurrently_produceOneValidChain() throws {
        let root = ScratchRoot()
        let processes = try ["a", "b"].map { tag -> Process in
            let process = Process()
            process.executableURL = DMExecutable.url
            process.arguments = ["ledger", "append-loop", "--events", "1000", "--tag", tag, "--root", root.path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes {
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
        }
        let report = try LedgerVerifier.verify(path: root.ledgerPath)
        XCTAssertTrue(report.intact, "\(String(describing: report.failure))")
        XCTAssertEqual(report.events, 2001)
        let lines = try String(contentsOfFile: root.ledgerPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2001)
        XCTAssertEqual(lines.filter { $0.contains(#""type":"ledger.created""#) }.count, 1)
    }

    func testIndependentPythonVerifier_agreesWithDMOnIntactAndTamperedLedgers() throws {
        let script = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/verify_ledger", withExtension: "py"))
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            return XCTFail("python3 is needed for the independent verifier (apt-get install python3)")
        }
        let root = ScratchRoot()
        XCTAssertEqual(
            try DMExecutable.run(["ledger", "demo", "--events", "40", "--batch", "7", "--root", root.path]).status, 0)
        let pristine = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root.ledgerPath)))
        let lines = pristine.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map(
            Array.init)

        func write(_ lines: [[UInt8]], torn: [UInt8] = []) throws {
            try Data(lines.flatMap { $0 + [10] } + torn).write(to: URL(fileURLWithPath: root.ledgerPath))
        }
        var cases: [(String, () throws -> Void)] = [("intact", { try write(lines) })]
        cases.append(
            (
                "flip",
                {
                    var copy = lines
                    copy[12][30] ^= 0x04
                    try write(copy)
                }
            ))
        cases.append(
            (
                "delete",
                {
                    var copy = lines
                    copy.remove(at: 20)
                    try write(copy)
                }
            ))
        cases.append(
            (
                "swap",
                {
                    var copy = lines
                    copy.swapAt(5, 6)
                    try write(copy)
                }
            ))
        cases.append(("torn", { try write(Array(lines[0..<30]), torn: Array(lines[30].prefix(25))) }))
        cases.append(
            (
                "rehash",
                {
                    var copy = lines
                    var object = try XCTUnwrap(JSONValue(parsing: copy[17]).objectValue)
                    object["data"] = ["forged": true]
                    object.removeValue(forKey: "hash")
                    object["hash"] = .string(SHA256.hash(try JSONValue.object(object).canonicalBytes()).hex)
                    copy[17] = try JSONValue.object(object).canonicalBytes()
                    try write(copy)
                }
            ))
        for (name, prepare) in cases {
            try prepare()
            let ours = try DMExecutable.run(["ledger", "verify", "--json", "--root", root.path])
            let theirs = try DMExecutable.runProgram(python, [script.path, root.ledgerPath])
            XCTAssertEqual(ours.status, theirs.status, "\(name): \(ours.stdout) vs \(theirs.stdout)")
            let report = try JSONValue(parsing: ours.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            let words = theirs.stdout.split(separator: " ").map(String.init)
            if let failure = report["failure"] {
                XCTAssertEqual(words.first, "FAIL", name)
                XCTAssertEqual(failure["seq"]?.intValue, Int(words[1]), "\(name) seq")
                XCTAssertEqual(failure["line"]?.intValue, Int(words[2]), "\(name) line")
                XCTAssertEqual(failure["offset"]?.intValue, Int(words[3]), "\(name) offset")
                let reason = words[4...].joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
                XCTAssertEqual(failure["reason"]?.stringValue, reason, "\(name) reason")
            } else {
                XCTAssertEqual(words.first, "OK", name)
                XCTAssertEqual(
                    report["head_hash"]?.stringValue, words.last?.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }
}
