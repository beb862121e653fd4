import EventStore
import Foundation
import XCTest

final class CLITests: XCTestCase {
    func testHelp_listsCommandsAndExitsZero() throws {
        let output = try DMExecutable.run(["--help"])
        XCTAssertEqual(output.status, 0)
        for command in ["ledger verify", "ledger head", "ledger tail", "ledger show", "ledger demo", "bench ledger"] {
            XCTAssertTrue(output.stdout.contains(command), "missing \(command) in\n\(output.stdout)")
        }
        XCTAssertFalse(output.stdout.contains("append-loop"), "test helpers stay hidden")
    }

    func testCommandHelp_listsItsOptions() throws {
        let output = try DMExecutable.run(["ledger", "verify", "--help"])
        XCTAssertEqual(output.status, 0)
        XCTAssertTrue(output.stdout.contains("--json"))
        XCTAssertTrue(output.stdout.contains("--root DIR"))
    }

    func testUnknownCommandOrOption_isOneLineWithTheFixAndExitTwo() throws {
        let cases: [([String], String)] = [
            (["frobnicate"], "see `dm --help`"),
            (["ledger", "frob"], "see `dm ledger --help`"),
            (["ledger", "verify", "--jsn"], "see `dm ledger verify --help`"),
            (["ledger", "tail", "-n", "many"], "-n needs a whole number"),
            (["ledger", "show"], "usage: dm ledger show SEQ"),
            (["ledger", "verify", "--root"], "--root needs a value"),
        ]
        for (arguments, fix) in cases {
            let output = try DMExecutable.run(arguments)
            XCTAssertEqual(output.status, 2, "\(arguments)")
            XCTAssertEqual(output.stderr.split(separator: "\n").count, 1, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(fix), "\(arguments): \(output.stderr)")
        }
    }

    func testDemoThenInspect_headTailShowVerify() throws {
        let root = ScratchRoot()
        let demo = try DMExecutable.run(["ledger", "demo", "--events", "250", "--batch", "100", "--root", root.path])
        XCTAssertEqual(demo.status, 0, demo.stderr)
        XCTAssertTrue(demo.stdout.contains("intact, head seq 251"), demo.stdout)

        let head = try DMExecutable.run(["ledger", "head", "--root", root.path])
        XCTAssertTrue(head.stdout.hasPrefix("seq 251 hash "), head.stdout)
        let tail = try DMExecutable.run(["ledger", "tail", "-n", "3", "--root", root.path])
        XCTAssertEqual(tail.stdout.split(separator: "\n").count, 3)
        XCTAssertTrue(tail.stdout.contains(#""seq":251"#))
        let show = try DMExecutable.run(["ledger", "show", "1", "--root", root.path])
        XCTAssertTrue(show.stdout.contains(#""type":"ledger.created""#), show.stdout)
        let missing = try DMExecutable.run(["ledger", "show", "9999", "--root", root.path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("head is seq 251"), missing.stderr)

        let verify = try DMExecutable.run(["ledger", "verify", "--json", "--root", root.path])
        XCTAssertEqual(verify.status, 0)
        XCTAssertTrue(verify.stdout.contains(#""intact":true"#), verify.stdout)
        XCTAssertTrue(verify.stdout.contains(#""events":251"#), verify.stdout)
    }

    func testVerify_brokenLedgerPrintsSeqLineOffsetReasonAndExitsOne() throws {
        let root = ScratchRoot()
        _ = try DMExecutable.run(["ledger", "demo", "--events", "20", "--batch", "5", "--root", root.path])
        var lines = try String(contentsOfFile: root.ledgerPath, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.remove(at: 9)
        try (lines.joined(separator: "\n") + "\n").write(toFile: root.ledgerPath, atomically: true, encoding: .utf8)
        let offset = lines[0..<9].reduce(0) { $0 + $1.utf8.count + 1 }

        let output = try DMExecutable.run(["ledger", "verify", "--root", root.path])
        XCTAssertEqual(output.status, 1)
        XCTAssertTrue(
            output.stdout.contains("BROKEN at seq 11 (line 10, byte offset \(offset)): seq gap"), output.stdout)
    }
}

/// A data folder is created only by the commands that say so; a mistyped `--root` is an error.
final class DataFolderTests: XCTestCase {
    func testReadAndWriteCommands_onAMissingRoot_failWithoutCreatingIt() throws {
        let parent = ScratchRoot()
        let typo = parent.path + "/x-typo"
        for command in [
            ["runs", "list"], ["runs", "show", "abc"], ["mappings", "list"], ["snapshots", "list"], ["users", "list"],
            ["ledger", "head"], ["ledger", "tail"], ["replay", "--check"], ["crosswalks", "list"],
            ["users", "add", "eve", "--role", "viewer"], ["mappings", "edit", "site.town", "notes=x"],
            ["lifecycle", "--from-step", "gate", "--dry-run"],
        ] {
            let output = try DMExecutable.run(command + ["--root", typo])
            XCTAssertEqual(output.status, 2, "\(command): \(output.stdout)\(output.stderr)")
            XCTAssertTrue(output.stderr.contains("no data folder at \(typo)"), "\(command): \(output.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: typo), "\(command) created \(typo)")
        }
    }

    func testLifecycleAndInit_sayInTheirFirstLineThatTheyCreateADataFolder_ownerOnly() throws {
        let parent = ScratchRoot()
        for (command, folder) in [(["init"], "a"), (["lifecycle", "--quiet"], "b")] {
            let root = parent.path + "/" + folder
            let output = try DMExecutable.run(command + ["--root", root])
            XCTAssertEqual(output.status, 0, output.stderr)
            XCTAssertTrue(
                output.stderr.hasPrefix("dm: creating a new data folder at \(root)"), "\(command): \(output.stderr)")
            let mode = try FileManager.default.attributesOfItem(atPath: root)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o700, "the data folder holds patient data: owner only")
            let again = try DMExecutable.run(command + ["--root", root])
            XCTAssertFalse(again.stderr.contains("creating a new data folder"), "said only when new")
        }
    }

    func testLedgerDemo_refusesALedgerThatHasEvents() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["ledger", "demo", "--events", "5", "--root", root.path]).status, 0)
        let before = try String(contentsOfFile: root.ledgerPath, encoding: .utf8)
        let again = try DMExecutable.run(["ledger", "demo", "--events", "5", "--root", root.path])
        XCTAssertEqual(again.status, 2, again.stderr)
        XCTAssertTrue(again.stderr.contains("only into a new ledger"), again.stderr)
        XCTAssertEqual(try String(contentsOfFile: root.ledgerPath, encoding: .utf8), before)
    }

    func testAReadOnlyDataFolder_canBeAudited() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path]).status, 0)
        // An auditor's account: may read the folder, not write it.
        XCTAssertEqual(chmod(root.path, 0o755), 0)
        let auditor = ["--reuid=65534", "--regid=65534", "--clear-groups", DMExecutable.url.path]
        let setpriv = URL(fileURLWithPath: "/usr/bin/setpriv")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: setpriv.path) && getuid() == 0)
        for command in [["runs", "list"], ["replay", "--check"], ["ledger", "verify"], ["mappings", "list"]] {
            let output = try DMExecutable.runProgram(setpriv, auditor + command + ["--root", root.path])
            XCTAssertEqual(output.status, 0, "\(command): \(output.stderr)")
        }
        let write = try DMExecutable.runProgram(setpriv, auditor + ["snapshots", "take", "x", "--root", root.path])
        XCTAssertNotEqual(write.status, 0)
        XCTAssertTrue(write.stderr.contains("read-only"), write.stderr)
    }
}

/// The CLI enforces the API's text limits.
final class CLITextLimitTests: XCTestCase {
    func testALongNoteOrAControlCharacter_isRefusedByTheCLIAsByTheAPI() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path]).status, 0)
        let long = try DMExecutable.run(
            ["mappings", "edit", "site.town", "notes=" + String(repeating: "n", count: 100_000), "--root", root.path])
        XCTAssertNotEqual(long.status, 0)
        XCTAssertTrue(long.stderr.contains("at most 2000 characters"), long.stderr)
        let escape = try DMExecutable.run(["snapshots", "take", "x\u{1B}[31mred", "--root", root.path])
        XCTAssertNotEqual(escape.status, 0)
        XCTAssertTrue(escape.stderr.contains("control character U+1B"), escape.stderr)
    }
}

/// The CLI as people use it: a version, suggestions for a typo, lists with a header or as JSON.
final class CLIUsabilityTests: XCTestCase {
    func testVersion_andDidYouMean_forACommandAndAnOption() throws {
        let version = try DMExecutable.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("dm "), version.stdout)
        let typo = try DMExecutable.run(["lifecycel"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("did you mean `lifecycle`?"), typo.stderr)
        let option = try DMExecutable.run(["lifecycle", "--rws", "3"])
        XCTAssertTrue(option.stderr.contains("did you mean `--rows`?"), option.stderr)
    }

    func testLists_haveAHeaderAndJSON_andAPagePastTheEndIsAnError() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path]).status, 0)
        XCTAssertEqual(
            try DMExecutable.run(["users", "add", "vera", "--role", "viewer", "--root", root.path]).status, 0)
        for (command, header) in [
            (["runs", "list"], "run_id\tstarted_at"), (["users", "list"], "user\troles"),
            (["crosswalks", "list"], "entry\tapplies"),
        ] {
            let text = try DMExecutable.run(command + ["--root", root.path])
            XCTAssertTrue(text.stdout.hasPrefix(header), "\(command): \(text.stdout.prefix(80))")
            let json = try DMExecutable.run(command + ["--json", "--root", root.path])
            XCTAssertEqual(json.status, 0, json.stderr)
            let parsed = try JSONValue(parsing: json.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            XCTAssertFalse(parsed.arrayValue?.isEmpty ?? true, "\(command) --json")
        }
        let past = try DMExecutable.run(["mappings", "list", "--page", "999", "--root", root.path])
        XCTAssertEqual(past.status, 2)
        XCTAssertTrue(past.stderr.contains("past the last page"), past.stderr)
    }
}

/// What the CLI prints is true and safe for a terminal.
final class CLIOutputTests: XCTestCase {
    func testTheGateLine_saysTheVerdict_andServeHelpPrintsItsLimitAsANumber() throws {
        let root = ScratchRoot()
        // A run whose gate fails: the closing step line says FAIL, not "ok".
        let run = try DMExecutable.run(["lifecycle", "--rows", "20", "--min-patients", "999", "--root", root.path])
        XCTAssertEqual(run.status, 3, run.stderr)
        let gateLine = run.stderr.split(separator: "\n").first { $0.hasPrefix("gate ") }.map(String.init) ?? ""
        XCTAssertTrue(gateLine.hasPrefix("gate     FAIL"), gateLine)
        let help = try DMExecutable.run(["serve", "--help"])
        XCTAssertTrue(help.stdout.contains("default 10000000"), help.stdout)
        XCTAssertFalse(help.stdout.contains("1e7"))
    }

    func testALabelWithAControlCharacterFromAnOlderLedger_isPrintedEscaped() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path]).status, 0)
        // Recorded before labels were checked: written straight to the ledger.
        let ledger = try Ledger(directory: root.path + "/events")
        _ = try ledger.append(
            [
                NewEvent(
                    type: "snapshot.taken",
                    data: ["snapshot_id": "old-1", "label": "old\u{1B}[2Jlabel", "seq": 1, "state_digest": "x"])
            ], actor: LedgerActor(user: "root", role: "admin"), command: "old-snapshot")
        let list = try DMExecutable.run(["snapshots", "list", "--root", root.path])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertFalse(list.stdout.contains("\u{1B}"), "no raw escape reaches the terminal")
        XCTAssertTrue(list.stdout.contains("old\\u{1b}[2Jlabel"), list.stdout)
    }

    func testACrosswalkWithNoPublishedMap_isExplainedInWords_notAnInternalName() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["lifecycle", "--quiet", "--root", root.path]).status, 0)
        let key = try XCTUnwrap(
            try DMExecutable.run(["crosswalks", "list", "--root", root.path]).stdout.split(separator: "\n")
                .first { $0.contains("never (rejects)") }.map { String($0.split(separator: "\t")[0]) })
        XCTAssertEqual(
            try DMExecutable.run(["users", "add", "sam", "--role", "steward", "--root", root.path]).status, 0)
        let approve = try DMExecutable.run(["crosswalks", "approve", key, "--actor", "sam", "--root", root.path])
        XCTAssertNotEqual(approve.status, 0)
        XCTAssertFalse(approve.stderr.contains("noPublishedMap"), approve.stderr)
        XCTAssertTrue(approve.stderr.contains("records with this code are rejected"), approve.stderr)
    }
}

/// The live progress line on a terminal (a pseudo-terminal from `script`): which step of six, and rates that are
/// true — measured over at least half a second of one table, so never more rows per second than rows done allow.
final class CLIProgressTests: XCTestCase {
    func testProgressOnATerminal_namesTheStepOfSix_andNoRateExceedsWhatWasDone() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: script.path), "needs script(1) for a terminal")
        let root = ScratchRoot()
        let log = root.path + "/progress.log"
        let command = "\(DMExecutable.url.path) lifecycle --rows 1500 --min-patients 0 --root \(root.path)"
        _ = try DMExecutable.runProgram(script, ["-qfc", command, log])
        let text = try String(contentsOfFile: log, encoding: .utf8).replacingOccurrences(of: "\r", with: "\n")
        XCTAssertTrue(text.contains("[4/6] etl"), "the etl step shows as step 4 of 6")
        XCTAssertTrue(text.contains("[5/6] quality"), "the quality step shows while it reports nothing")
        let pattern = try NSRegularExpression(pattern: #" (\d+) rows, (\d+) rows/s"#)
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let done = Int(text[Range(match.range(at: 1), in: text)!])!
            let rate = Int(text[Range(match.range(at: 2), in: text)!])!
            XCTAssertLessThanOrEqual(rate, done * 2, "\(rate) rows/s shown after \(done) rows")
        }
    }
}
