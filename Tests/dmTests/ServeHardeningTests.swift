import EventStore
import Foundation
import Glibc
import XCTest

/// What an operator or a second process does to a running `dm serve` (the real binary): the ledger restored from
/// a backup under it.
final class ServeHardeningTests: XCTestCase {
    private func admin(_ root: ScratchRoot) throws -> String {
        try String(contentsOfFile: root.path + "/events/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testLedgerRestoredFromABackupUnderARunningServer_laterWritesLandInTheRestoredFile() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path]).status, 0)
        let server = try ServeProcess(root: root.path)
        let token = try admin(root)
        let backup = root.path + "/ledger.backup"
        try FileManager.default.copyItem(atPath: root.ledgerPath, toPath: backup)
        let lost = try server.request(
            "PATCH", "/api/mappings/site.town", token: token, body: #"{"changes": {"notes": "after the backup"}}"#)
        XCTAssertEqual(lost.status, 200, lost.text)

        // The restore, as an operator does it: copy the backup beside the ledger and rename it over.
        try FileManager.default.copyItem(atPath: backup, toPath: root.path + "/events/restored.jsonl")
        XCTAssertEqual(rename(root.path + "/events/restored.jsonl", root.ledgerPath), 0)

        let edit = try server.request(
            "PATCH", "/api/mappings/site.town", token: token, body: #"{"changes": {"notes": "after the restore"}}"#)
        XCTAssertEqual(edit.status, 200, edit.text)
        let onDisk = try String(contentsOfFile: root.ledgerPath, encoding: .utf8)
        XCTAssertTrue(onDisk.contains("after the restore"), "an acknowledged write is in the file the path names")
        XCTAssertFalse(onDisk.contains("after the backup"), "the restored file is the backup plus the new write")
        let row = try server.request("GET", "/api/mappings/site.town", token: token)
        XCTAssertEqual(row.body["notes"], "after the restore", row.text)
        let snapshot = try server.request("POST", "/api/snapshots", token: token, body: #"{"label": "after"}"#)
        XCTAssertEqual(snapshot.status, 201, snapshot.text)

        XCTAssertEqual(server.stop(), 0)
        let verify = try DMExecutable.run(["ledger", "verify", "--root", root.path])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }
}

/// A ledger line altered after it was written stops every append, in the CLI and the server, while reads and
/// verification keep working and name the line.
final class TamperedLedgerTests: XCTestCase {
    /// Flips one letter inside line `number` (1-based) so the line is still JSON but no longer matches its hash.
    private func alter(line number: Int, of root: ScratchRoot, breakingJSON: Bool = false) throws {
        var lines = try String(contentsOfFile: root.ledgerPath, encoding: .utf8).components(separatedBy: "\n")
        let line = lines[number - 1]
        if breakingJSON {
            lines[number - 1] = String(line.dropLast())
        } else {
            let marker = try XCTUnwrap(line.range(of: #""type":""#))
            let at = marker.upperBound
            let letter = line[at]
            lines[number - 1] = line.replacingCharacters(in: at...at, with: letter == "x" ? "y" : "x")
        }
        try lines.joined(separator: "\n").write(toFile: root.ledgerPath, atomically: false, encoding: .utf8)
    }

    private func dm(_ root: ScratchRoot, _ arguments: [String]) throws -> DMExecutable.Output {
        try DMExecutable.run(arguments + ["--root", root.path])
    }

    /// Registers an operator (before the damage) and returns their token.
    private func operatorToken(_ root: ScratchRoot) throws -> String {
        let added = try dm(root, ["users", "add", "opal", "--role", "operator"])
        XCTAssertEqual(added.status, 0, added.stderr)
        return try XCTUnwrap(
            added.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
    }

    func testAnOldLineAlteredButStillJSON_stopsCLIAppends_andTheServerRefusesWritesButServesReads() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        let token = try operatorToken(root)
        XCTAssertEqual(try dm(root, ["snapshots", "take", "S"]).status, 0)
        let linesBefore = try String(contentsOfFile: root.ledgerPath, encoding: .utf8).split(separator: "\n").count
        // The last line (the snapshot's), after the user's registration: the state before it is served.
        try alter(line: linesBefore, of: root)

        let verify = try dm(root, ["ledger", "verify"])
        XCTAssertEqual(verify.status, 1, verify.stdout)
        for command in [["snapshots", "take", "after-tamper"], ["users", "add", "mallory", "--role", "admin"]] {
            let output = try dm(root, command)
            XCTAssertNotEqual(output.status, 0, "\(command) must be refused: \(output.stdout)")
            XCTAssertTrue(output.stderr.contains("hash mismatch"), output.stderr)
        }
        XCTAssertEqual(
            try String(contentsOfFile: root.ledgerPath, encoding: .utf8).split(separator: "\n").count, linesBefore,
            "nothing was appended")

        let server = try ServeProcess(root: root.path)
        XCTAssertTrue(server.standardError.contains("ledger_damaged"), server.standardError)
        let report = try server.request("GET", "/api/ledger/verify", token: token)
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual(report.body["intact"], false)
        XCTAssertTrue(report.text.contains("\(linesBefore)"), report.text)
        let write = try server.request("POST", "/api/snapshots", token: token, body: #"{"label": "x"}"#)
        XCTAssertEqual(write.status, 503, write.text)
        XCTAssertEqual(write.body["error"]?["code"], "ledger_damaged")
        XCTAssertEqual(try server.request("GET", "/api/runs", token: token).status, 200, "reads keep working")
        XCTAssertEqual(server.stop(), 0)
    }

    func testAnOldLineThatIsNoLongerJSON_verifyReportsItAndReadsKeepWorking() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        let token = try operatorToken(root)
        XCTAssertEqual(try dm(root, ["snapshots", "take", "S"]).status, 0)
        // The snapshot's line, after the user's: what comes before the damage is served.
        let lines = try String(contentsOfFile: root.ledgerPath, encoding: .utf8).split(separator: "\n")
        let snapshotLine = try XCTUnwrap(lines.firstIndex { $0.contains("snapshot.taken") }) + 1
        try alter(line: snapshotLine, of: root, breakingJSON: true)
        let server = try ServeProcess(root: root.path)
        let report = try server.request("GET", "/api/ledger/verify", token: token)
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual(report.body["intact"], false, report.text)
        XCTAssertEqual(try server.request("GET", "/api/users/me", token: token).status, 200)
        XCTAssertEqual(try server.request("GET", "/api/mappings", token: token).status, 200)
        XCTAssertEqual(try server.request("GET", "/api/snapshots", token: token).body["total"], 0, "up to the damage")
        XCTAssertEqual(server.stop(), 0)
    }
}

/// Idle sockets — no token needed to open one — cannot take the real `dm serve` down.
final class IdleConnectionFloodTests: XCTestCase {
    func testElevenHundredSilentSockets_andAnAttackerWhoReconnects_healthIsStillServed() throws {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 4096 {
            limit.rlim_cur = min(4096, limit.rlim_max)
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        try XCTSkipIf(
            limit.rlim_cur < 2400, "needs 2,400 descriptors (the server's and the test's), has \(limit.rlim_cur)")
        let root = ScratchRoot()
        let server = try ServeProcess(root: root.path)
        var silent: [Int32] = []
        defer { for fd in silent { close(fd) } }
        for _ in 0..<1100 { silent.append(try server.connect()) }

        var served = 0
        for _ in 0..<50 where try server.request("GET", "/health").status == 200 { served += 1 }
        XCTAssertEqual(served, 50, "every probe is served while 1,100 silent sockets are open")

        // The attacker reconnects for two seconds: 20 new silent sockets per probe, dropping its oldest so that it
        // holds about 1,100 at a time (more would only measure this test process's descriptor limit).
        let deadline = Date().addingTimeInterval(2)
        var probes = 0
        served = 0
        while Date() < deadline {
            for _ in 0..<20 { silent.append(try server.connect()) }
            while silent.count > 1100 { close(silent.removeFirst()) }
            probes += 1
            if (try? server.request("GET", "/health").status) == 200 { served += 1 }
        }
        XCTAssertEqual(served, probes, "\(probes - served) of \(probes) probes refused under a reconnecting flood")
        XCTAssertEqual(server.stop(), 0)
    }
}

/// An edited line that is still valid JSON authorises nobody, and a copy put back in place ends the damage.
final class ForgedLineTests: XCTestCase {
    func testAForgedRoleGrant_isNotHonoured_andRestoringTheCopyInPlaceEndsTheDamage() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path]).status, 0)
        let added = try DMExecutable.run(["users", "add", "opal", "--role", "viewer", "--root", root.path])
        XCTAssertEqual(added.status, 0, added.stderr)
        let token = try XCTUnwrap(
            added.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        let operatorAdded = try DMExecutable.run(["users", "add", "oscar", "--role", "operator", "--root", root.path])
        let operatorToken = try XCTUnwrap(
            operatorAdded.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        let backup = try Data(contentsOf: URL(fileURLWithPath: root.ledgerPath))
        // The forgery: opal's registration made an admin's, the line still valid JSON, its stored hash untouched.
        let forged = try String(contentsOfFile: root.ledgerPath, encoding: .utf8).components(separatedBy: "\n").map {
            line in
            line.contains(#""type":"user.registered""#) && line.contains(#""opal""#)
                ? line.replacingOccurrences(of: #""viewer""#, with: #""admin""#) : line
        }.joined(separator: "\n")
        XCTAssertNotEqual(Data(forged.utf8), backup, "the line was changed")
        try forged.write(toFile: root.ledgerPath, atomically: false, encoding: .utf8)

        let server = try ServeProcess(root: root.path)
        let users = try server.request("GET", "/api/users", token: token)
        XCTAssertNotEqual(users.status, 200, "the forged grant authorises nothing: \(users.text)")
        XCTAssertEqual(try server.request("GET", "/health").status, 200)

        // The operator copies the good ledger back over the file in place: writes work again, without a restart.
        try backup.write(to: URL(fileURLWithPath: root.ledgerPath))
        let me = try server.request("GET", "/api/users/me", token: token)
        XCTAssertEqual(me.status, 200, me.text)
        XCTAssertEqual(me.body["user"]?["roles"], ["viewer"])
        let snapshot = try server.request(
            "POST", "/api/snapshots", token: operatorToken, body: #"{"label": "after"}"#)
        XCTAssertEqual(snapshot.status, 201, snapshot.text)
        XCTAssertEqual(server.stop(), 0)
    }
}
