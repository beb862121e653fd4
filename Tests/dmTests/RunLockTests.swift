import EventStore
import Foundation
import Glibc
import XCTest

/// One lifecycle run per data folder across processes (`dm lifecycle` twice, or with `dm serve`), and a run whose
/// process died shown as interrupted, never as running forever.
final class RunLockTests: XCTestCase {
    /// Starts `dm lifecycle` on `root` without waiting for it.
    private func startRun(_ root: ScratchRoot, rows: Int) throws -> Process {
        let process = Process()
        process.executableURL = DMExecutable.url
        process.arguments = ["lifecycle", "--quiet", "--rows", "\(rows)", "--min-patients", "0", "--root", root.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits (bounded) until the ledger holds a line containing every one of `texts`.
    private func waitForLedger(_ root: ScratchRoot, containing texts: String..., timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let lines = (try? String(contentsOfFile: root.ledgerPath, encoding: .utf8))?.split(separator: "\n") ?? []
            if lines.contains(where: { line in texts.allSatisfy { line.contains($0) } }) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    private func count(_ root: ScratchRoot, _ type: String) throws -> Int {
        try String(contentsOfFile: root.ledgerPath, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(#""type":"\#(type)""#) }.count
    }

    func testASecondRun_fromTheCLIOrTheAPI_isRefusedAtOnceNamingTheRunningOne() throws {
        let root = ScratchRoot()
        let first = try startRun(root, rows: 2000)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        XCTAssertTrue(waitForLedger(root, containing: #""type":"run.started""#))
        // Paused mid-run, it still holds the folder's lock: the checks below do not race the run's end.
        kill(first.processIdentifier, SIGSTOP)

        let started = Date()
        let second = try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path])
        XCTAssertEqual(second.status, 2, second.stderr)
        XCTAssertTrue(second.stderr.contains("another run is in progress"), second.stderr)
        XCTAssertTrue(second.stderr.contains("pid \(first.processIdentifier)"), "names the holder: \(second.stderr)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "refused at once, not after waiting")

        let server = try ServeProcess(root: root.path)
        let token = try String(contentsOfFile: root.path + "/events/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let viaAPI = try server.request("POST", "/api/runs/execute", token: token, body: #"{"rows": 20}"#)
        XCTAssertEqual(viaAPI.status, 409, viaAPI.text)
        XCTAssertTrue(viaAPI.text.contains("another run is in progress"), viaAPI.text)
        XCTAssertEqual(server.stop(), 0)

        kill(first.processIdentifier, SIGCONT)
        first.waitUntilExit()
        XCTAssertTrue([0, 3].contains(first.terminationStatus), "the first run finished undisturbed")
        XCTAssertEqual(try count(root, "run.started"), 1, "only the first run was recorded")
        XCTAssertEqual(try DMExecutable.run(["replay", "--check", "--root", root.path]).status, 0)
    }

    func testARunWhoseProcessWasKilled_isRecordedAsInterruptedByTheNextRun() throws {
        let root = ScratchRoot()
        let doomed = try startRun(root, rows: 2000)
        XCTAssertTrue(waitForLedger(root, containing: #""type":"step.started""#, #""step":"etl""#))
        kill(doomed.processIdentifier, SIGKILL)
        doomed.waitUntilExit()

        let next = try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path])
        XCTAssertEqual(next.status, 0, next.stderr)
        let list = try DMExecutable.run(["runs", "list", "--root", root.path])
        XCTAssertTrue(list.stdout.contains("interrupted"), list.stdout)
        XCTAssertFalse(list.stdout.contains("running"), "no run is shown running forever:\n\(list.stdout)")
        XCTAssertEqual(try DMExecutable.run(["ledger", "verify", "--root", root.path]).status, 0)
    }
}
