import EventStore
import Foundation
import XCTest

/// Event sourcing paying off: restore by replay, and every derived report rebuilt from the ledger alone.
final class SnapshotReplayTests: XCTestCase {
    private func dm(_ root: ScratchRoot, _ arguments: [String]) throws -> DMExecutable.Output {
        try DMExecutable.run(arguments + ["--root", root.path])
    }

    private func bytes(_ root: ScratchRoot, _ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: root.path + "/" + path))
    }

    func testRestore_bringsBackTheContractAndLatestArtifactsKeepsHistoryAndTheLedgerVerifies() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        XCTAssertEqual(try dm(root, ["users", "add", "eve", "--role", "engineer"]).status, 0)
        let watched = [
            "reports/mapping_contract.csv", "reports/release_gate_report.json",
            "reports/enterprise_pipeline_report.json", "mock_data/target_contract/patient.csv",
            "mock_data/target_contract/hospital_spell.csv", "schemas/target_schema_catalog.csv",
        ]
        let atSnapshot = try watched.map { try bytes(root, $0) }
        let take = try dm(root, ["snapshots", "take", "S"])
        XCTAssertEqual(take.status, 0, take.stderr)

        // Change a mapping and run again with other data: the working files move on.
        let edit = try dm(root, ["mappings", "edit", "patient_name.family_name", "transform=upper", "--actor", "eve"])
        XCTAssertEqual(edit.status, 0, edit.stderr)
        let second = try dm(root, ["lifecycle", "--quiet", "--rows", "25", "--seed", "7", "--min-patients", "25"])
        XCTAssertTrue([0, 3].contains(second.status), "the run completes (its gate verdict does not matter here)")
        XCTAssertNotEqual(try bytes(root, "reports/mapping_contract.csv"), atSnapshot[0])
        XCTAssertNotEqual(try bytes(root, "mock_data/target_contract/patient.csv"), atSnapshot[3])

        let restore = try dm(root, ["snapshots", "restore", "S"])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        for (path, expected) in zip(watched, atSnapshot) {
            XCTAssertEqual(try bytes(root, path), expected, "\(path) is not as it was at the snapshot")
        }
        XCTAssertEqual(try dm(root, ["ledger", "verify"]).status, 0)
        let runs = try dm(root, ["runs", "list"])
        XCTAssertEqual(
            runs.stdout.split(separator: "\n").count, 3, "a header and both runs, kept in history:\n\(runs.stdout)")
        let check = try dm(root, ["replay", "--check"])
        XCTAssertEqual(check.status, 0, check.stdout)
    }

    func testRestore_refusesWhenAKeptArtifactWasAlteredAndNamesIt() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        XCTAssertEqual(try dm(root, ["snapshots", "take", "S"]).status, 0)
        XCTAssertTrue([0, 3].contains(try dm(root, ["lifecycle", "--quiet", "--seed", "9"]).status))
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.path + "/reports/runs").sorted()
        var altered: String?
        for folder in folders {
            let path = "\(root.path)/reports/runs/\(folder)/mock_data/target_contract/patient.csv"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            // Alter the copy the snapshot's state points at (the first run's); the other stays intact.
            let kept = try String(contentsOfFile: path, encoding: .utf8)
            if kept
                == (try String(contentsOfFile: root.path + "/mock_data/target_contract/patient.csv", encoding: .utf8))
            {
                continue
            }
            try (kept + "tampered\n").write(toFile: path, atomically: true, encoding: .utf8)
            altered = folder
        }
        let head = try Ledger(directory: root.path + "/events").head()
        let restore = try dm(root, ["snapshots", "restore", "S"])
        XCTAssertEqual(restore.status, 1)
        XCTAssertTrue(restore.stderr.contains("patient.csv"), restore.stderr)
        XCTAssertTrue(restore.stderr.contains(altered ?? "?"), restore.stderr)
        XCTAssertEqual(try Ledger(directory: root.path + "/events").head(), head, "a refused restore appends nothing")
    }

    func testReplayCheck_findsADerivedReportThatDriftedAndReplayRebuildsIt() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        XCTAssertEqual(try dm(root, ["replay", "--check"]).status, 0)
        let gate = root.path + "/reports/release_gate_report.json"
        let original = try Data(contentsOf: URL(fileURLWithPath: gate))
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: gate))
        try FileManager.default.removeItem(atPath: root.path + "/reports/mapping_contract.csv")
        let check = try dm(root, ["replay", "--check"])
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.stdout.contains("reports/release_gate_report.json"), check.stdout)
        XCTAssertTrue(check.stdout.contains("reports/mapping_contract.csv: missing"), check.stdout)
        XCTAssertEqual(try dm(root, ["replay"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: gate)), original)
        XCTAssertEqual(try dm(root, ["replay", "--check"]).status, 0)
    }
}

/// `dm runs prune`: run folders nothing needs go, and the ledger says so; what a restore, a re-run or a release
/// pack needs stays.
final class RunRetentionTests: XCTestCase {
    private func dm(_ root: ScratchRoot, _ arguments: [String]) throws -> DMExecutable.Output {
        try DMExecutable.run(arguments + ["--root", root.path])
    }

    func testPrune_removesOnlyFoldersNothingNeeds_recordsIt_andARestoreStillWorks() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        XCTAssertEqual(try dm(root, ["snapshots", "take", "first"]).status, 0)
        for seed in [7, 8, 9] {
            XCTAssertTrue([0, 3].contains(try dm(root, ["lifecycle", "--quiet", "--seed", "\(seed)"]).status))
        }
        let runs = try dm(root, ["runs", "list"]).stdout.split(separator: "\n").dropFirst().map {
            String($0.prefix(36))
        }
        XCTAssertEqual(runs.count, 4)
        let folders = { try FileManager.default.contentsOfDirectory(atPath: root.path + "/reports/runs").sorted() }

        let dry = try dm(root, ["runs", "prune", "--keep", "1", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("would remove 2 run folder(s)"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("kept \(runs[0]): snapshot first restores from it"), dry.stdout)
        XCTAssertEqual(try folders().count, 4, "a dry run removes nothing")

        let pruned = try dm(root, ["runs", "prune", "--keep", "1"])
        XCTAssertEqual(pruned.status, 0, pruned.stderr)
        XCTAssertEqual(try folders(), [runs[0], runs[3]].sorted())
        let ledger = try String(contentsOfFile: root.ledgerPath, encoding: .utf8)
        XCTAssertTrue(ledger.contains(#""type":"runs.pruned""#))
        XCTAssertTrue(ledger.contains(runs[1]) && ledger.contains(#""keep":1"#))

        XCTAssertEqual(try dm(root, ["snapshots", "restore", "first"]).status, 0, "the snapshot's run folder was kept")
        XCTAssertEqual(try dm(root, ["replay", "--check"]).status, 0)
        XCTAssertEqual(try dm(root, ["ledger", "verify"]).status, 0)
        let again = try dm(root, ["runs", "prune", "--keep", "1"])
        XCTAssertTrue(again.stdout.contains("removed 0 run folder(s)"), again.stdout)
    }
}
