import EventStore
import Foundation
import XCTest

/// The product's main job, end to end through the real executable: `dm lifecycle` as the brief runs it.
final class LifecycleTests: XCTestCase {
    static let brief = ["--rows", "20", "--seed", "42", "--min-patients", "20", "--release-profile", "pre_production"]

    private func lifecycle(_ root: ScratchRoot, _ extra: [String] = []) throws -> DMExecutable.Output {
        try DMExecutable.run(["lifecycle", "--root", root.path] + extra)
    }

    private func json(_ root: ScratchRoot, _ path: String) throws -> JSONValue {
        try JSONValue(parsing: [UInt8](Data(contentsOf: URL(fileURLWithPath: root.path + "/" + path))))
    }

    private func events(_ root: ScratchRoot) throws -> [LedgerEvent] {
        let ledger = try Ledger(directory: root.path + "/events")
        return try ledger.events(from: 1, limit: .max)
    }

    func testBriefCommand_writesEveryArtifactAndPassesTheGate() throws {
        let root = ScratchRoot()
        let output = try lifecycle(root, Self.brief)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stderr.contains("release gate pre_production: PASS"), output.stderr)

        for path in [
            "schemas/source_schema_catalog.csv", "schemas/target_schema_catalog.csv", "reports/mapping_contract.csv",
            "reports/contract_migration_report.json", "reports/enterprise_pipeline_report.json",
            "reports/release_gate_report.json", "reports/product_lifecycle_run.json", "reports/crosswalk_rejects.csv",
            "mock_data/target/epr_schema.sql",
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root.path + "/" + path), path)
        }
        let tables = try FileManager.default.contentsOfDirectory(atPath: root.path + "/mock_data/target_contract")
            .filter { $0.hasSuffix(".csv") }
        XCTAssertEqual(tables.count, 38, "\(tables.sorted())")

        XCTAssertEqual(try json(root, "reports/contract_migration_report.json")["status"], "PASS")
        XCTAssertEqual(try json(root, "reports/release_gate_report.json")["verdict"], "PASS")
        let run = try json(root, "reports/product_lifecycle_run.json")
        XCTAssertEqual(run["steps"]?.arrayValue?.count, 6)
        XCTAssertEqual(run["exit_code"], 0)
        let rejects = try String(contentsOfFile: root.path + "/reports/crosswalk_rejects.csv", encoding: .utf8)
        XCTAssertGreaterThan(rejects.split(separator: "\n").count, 1, "the reject path is exercised")

        // Every artifact is also kept in the run's folder, byte for byte.
        let runID = try XCTUnwrap(run["run_id"]?.stringValue)
        for step in run["steps"]?.arrayValue ?? [] {
            for artifact in step["artifacts"]?.arrayValue ?? [] {
                let path = try XCTUnwrap(artifact["path"]?.stringValue)
                let kept = try Data(contentsOf: URL(fileURLWithPath: "\(root.path)/reports/runs/\(runID)/\(path)"))
                XCTAssertEqual(SHA256.hash([UInt8](kept)).hex, artifact["sha256"]?.stringValue, path)
            }
        }
    }

    func testBriefCommand_recordsTheRunInTheLedgerWithoutPatientData() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try lifecycle(root, Self.brief).status, 0)
        let types = try events(root).map(\.type)
        for step in ["extract", "schema", "mapping", "etl", "quality", "gate"] {
            XCTAssertTrue(
                try events(root).contains { $0.type == "step.completed" && $0.data["step"]?.stringValue == step }, step)
        }
        for type in ["run.started", "step.started", "quality.recorded", "gate.evaluated", "run.completed"] {
            XCTAssertTrue(types.contains(type), type)
        }
        XCTAssertEqual(try DMExecutable.run(["ledger", "verify", "--root", root.path]).status, 0)

        // No NHS number, surname or date of birth of any source patient may appear in the ledger.
        let ledgerText = try String(contentsOfFile: root.ledgerPath, encoding: .utf8)
        let patients = try String(
            contentsOfFile: root.path + "/mock_data/source/csv/PATIENT_MASTER.csv", encoding: .utf8)
        var lines = patients.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines.removeFirst().map(String.init)
        for column in ["NHS_NO", "SURNAME", "DOB"] {
            let index = try XCTUnwrap(header.firstIndex(of: column), column)
            for line in lines where index < line.count && line[index].count >= 6 {
                XCTAssertFalse(ledgerText.contains("\"\(line[index])\""), "\(column) \(line[index]) is in the ledger")
            }
        }
    }

    func testCutoverReadyOnTheSameData_failsAndSaysWhy() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try lifecycle(root, Self.brief).status, 0)
        var arguments = Self.brief
        arguments[7] = "cutover_ready"
        let output = try lifecycle(root, arguments)
        XCTAssertEqual(output.status, 3, output.stderr)
        XCTAssertTrue(output.stderr.contains("release gate cutover_ready: FAIL"), output.stderr)
        XCTAssertTrue(output.stderr.contains("sign-off"), output.stderr)
        let gate = try json(root, "reports/release_gate_report.json")
        XCTAssertEqual(gate["verdict"], "FAIL")
        let failed = (gate["checks"]?.arrayValue ?? []).filter { $0["passed"] == false }
        XCTAssertFalse(failed.isEmpty)
        for check in failed {
            XCTAssertFalse(check["reason"]?.stringValue?.isEmpty ?? true, "\(check)")
        }
    }

    func testSameArgumentsTwice_giveByteIdenticalTablesAndReports() throws {
        let first = ScratchRoot()
        let second = ScratchRoot()
        XCTAssertEqual(try lifecycle(first, Self.brief).status, 0)
        XCTAssertEqual(try lifecycle(second, Self.brief).status, 0)
        let folder = "mock_data/target_contract"
        for table in try FileManager.default.contentsOfDirectory(atPath: first.path + "/" + folder).sorted()
        where table.hasSuffix(".csv") {
            var a = try String(contentsOfFile: "\(first.path)/\(folder)/\(table)", encoding: .utf8)
            var b = try String(contentsOfFile: "\(second.path)/\(folder)/\(table)", encoding: .utf8)
            if table == "migration_xref.csv" {
                a = try withoutRunIDsAndTimes(a, root: first)
                b = try withoutRunIDsAndTimes(b, root: second)
            }
            // Not XCTAssertEqual: on a mismatch it would print two whole tables.
            XCTAssertTrue(a == b, "\(table) differs between two runs with the same arguments")
        }
        for report in [
            "schemas/source_schema_catalog.csv", "schemas/target_schema_catalog.csv", "reports/mapping_contract.csv",
            "reports/crosswalk_rejects.csv", "reports/quality_issues_contract.csv",
            "reports/quality_issues_enterprise.csv", "reports/contract_migration_report.json",
            "reports/enterprise_pipeline_report.json", "reports/release_gate_report.json",
        ] {
            let a = try withoutRunIDs(String(contentsOfFile: "\(first.path)/\(report)", encoding: .utf8), root: first)
            let b = try withoutRunIDs(String(contentsOfFile: "\(second.path)/\(report)", encoding: .utf8), root: second)
            XCTAssertTrue(a == b, "\(report) differs between two runs with the same arguments")
        }
    }

    /// migration_xref carries the run id and the time of migration: the two things allowed to differ.
    private func withoutRunIDsAndTimes(_ text: String, root: ScratchRoot) throws -> String {
        try withoutRunIDs(text, root: root).replacingOccurrences(
            of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?"#, with: "TIME", options: .regularExpression)
    }

    private func withoutRunIDs(_ text: String, root: ScratchRoot) throws -> String {
        let runID = try XCTUnwrap(json(root, "reports/product_lifecycle_run.json")["run_id"]?.stringValue)
        return text.replacingOccurrences(of: runID, with: "RUN")
    }

    func testBadParameters_areUsageErrorsThatAppendNothing() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try lifecycle(root, ["--quiet"]).status, 0)
        let before = try events(root).count
        let cases: [([String], String)] = [
            (["--rows", "twenty"], "--rows must be a whole number"),
            (["--rows", "abc"], "--rows must be a whole number"),
            (["--release-profile", "yolo"], "unknown release profile 'yolo'; known:"),
            (["--release-profile", "prod"], "unknown release profile 'prod'; known:"),
            (["--from-step", "nowhere"], "unknown step 'nowhere'"),
            (["--from-step", "etl2"], "unknown step 'etl2'"),
            (["--from-step", "etl", "--parent", "no-such-run"], "no run 'no-such-run'"),
        ]
        for (arguments, message) in cases {
            let output = try lifecycle(root, arguments)
            XCTAssertEqual(output.status, 2, "\(arguments)")
            XCTAssertTrue(output.stderr.contains(message), "\(arguments): \(output.stderr)")
            XCTAssertEqual(output.stderr.split(separator: "\n").count, 1, output.stderr)
            XCTAssertEqual(try events(root).count, before, "\(arguments) appended nothing")
        }
        // The latest run is still the good one, so a re-run continues from it.
        let plan = try DMExecutable.run(["lifecycle", "--from-step", "gate", "--dry-run", "--root", root.path])
        XCTAssertEqual(plan.status, 0, plan.stdout + plan.stderr)
    }

    func testBadSourceExtract_failsTheExtractStepNamingTheFileAndLeavesTheOldExtract() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try lifecycle(root, Self.brief).status, 0)
        let working = root.path + "/mock_data/source/csv"
        let before = try Data(contentsOf: URL(fileURLWithPath: working + "/IP_SPELL.csv"))
        let cases: [(String, (String) throws -> Void, String)] = [
            (
                "unterminated quote",
                { folder in
                    let handle = try XCTUnwrap(FileHandle(forWritingAtPath: folder + "/IP_SPELL.csv"))
                    handle.seekToEndOfFile()
                    handle.write(Data("1,\"unterminated\n".utf8))
                    handle.closeFile()
                }, "IP_SPELL.csv"
            ),
            (
                "unknown column",
                { folder in
                    let path = folder + "/PATIENT_ALERT.csv"
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    let header = text.prefix { $0 != "\n" }
                    try (header + ",SHOE_SIZE" + text.dropFirst(header.count)).write(
                        toFile: path, atomically: true, encoding: .utf8)
                }, "unknown column(s) SHOE_SIZE"
            ),
            (
                "missing file", { folder in try FileManager.default.removeItem(atPath: folder + "/WARD.csv") },
                "WARD.csv is missing"
            ),
        ]
        for (name, damage, message) in cases {
            let extract = ScratchRoot()
            try FileManager.default.removeItem(atPath: extract.path)
            try FileManager.default.copyItem(atPath: working, toPath: extract.path)
            try damage(extract.path)
            let output = try lifecycle(root, Self.brief + ["--source-dir", extract.path])
            XCTAssertEqual(output.status, 1, "\(name): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(message), "\(name): \(output.stderr)")
            let failed = try XCTUnwrap(try events(root).last { $0.type == "step.failed" })
            XCTAssertEqual(failed.data["step"]?.stringValue, "extract", name)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: working + "/IP_SPELL.csv")), before, name)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: working).filter {
                !$0.hasSuffix(".csv")
            }
            XCTAssertEqual(leftovers, [], name)
        }
    }

    func testOwnExtractFolder_runsLikeTheGeneratedOne() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try lifecycle(root, Self.brief).status, 0)
        let extract = ScratchRoot()
        try FileManager.default.removeItem(atPath: extract.path)
        try FileManager.default.copyItem(atPath: root.path + "/mock_data/source/csv", toPath: extract.path)
        let output = try lifecycle(root, Self.brief + ["--source-dir", extract.path])
        XCTAssertEqual(output.status, 0, output.stderr)
    }

    func testFromStep_isANewRunLinkedToItsParentReusingCheckedArtifacts() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try lifecycle(root, Self.brief).status, 0)
        let parent = try XCTUnwrap(json(root, "reports/product_lifecycle_run.json")["run_id"]?.stringValue)
        let output = try lifecycle(root, Self.brief + ["--from-step", "quality", "--json"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let summary = try JSONValue(parsing: output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(summary["parent_run"]?.stringValue, parent)
        XCTAssertNotEqual(summary["run_id"]?.stringValue, parent)
        let reused = (summary["steps"]?.arrayValue ?? []).filter { $0["reused_from"]?.stringValue == parent }
        XCTAssertEqual(
            reused.compactMap { $0["step"]?.stringValue }, ["extract", "schema", "etl"],
            "mapping always runs (it records the contract as it is now); the rest is reused")

        // An altered artifact in the parent's folder is refused, by name.
        let kept = "\(root.path)/reports/runs/\(parent)/mock_data/source/csv/PATIENT_MASTER.csv"
        let working = "\(root.path)/mock_data/source/csv/PATIENT_MASTER.csv"
        unlink(kept)  // the kept copy may share its inode with the working file: replace it, do not edit through it
        try "tampered\n".write(toFile: kept, atomically: true, encoding: .utf8)
        let refused = try lifecycle(root, Self.brief + ["--from-step", "etl", "--parent", parent])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("PATIENT_MASTER.csv"), refused.stderr)
        XCTAssertNotEqual(try String(contentsOfFile: working, encoding: .utf8), "tampered\n")
    }

    func testCutoverReady_passesOnlyWithApprovalsAndTwoDifferentSignersOfTheEvidenceJudged() throws {
        let root = ScratchRoot()
        let clean = ["--defect-rate", "0", "--quiet"]
        XCTAssertEqual(try lifecycle(root, clean).status, 0)
        for (user, role) in [("sam", "steward"), ("cara", "clinical_safety_officer"), ("rick", "release_manager")] {
            XCTAssertEqual(try DMExecutable.run(["users", "add", user, "--role", role, "--root", root.path]).status, 0)
        }
        let cutover = clean + ["--from-step", "gate", "--release-profile", "cutover_ready"]
        XCTAssertEqual(try lifecycle(root, cutover).status, 3, "nothing approved or signed yet")

        XCTAssertEqual(
            try DMExecutable.run(["mappings", "bulk", "approve", "--actor", "sam", "--root", root.path]).status, 0)
        let list = try DMExecutable.run(["crosswalks", "list", "--root", root.path]).stdout
        let keys = list.split(separator: "\n").filter { $0.contains("auto →") }.map {
            String($0.split(separator: "\t")[0])
        }
        XCTAssertFalse(keys.isEmpty)
        XCTAssertEqual(
            try DMExecutable.run(["crosswalks", "approve"] + keys + ["--actor", "sam", "--root", root.path]).status, 0)
        // The gate judges the approved contract: only the sign-offs are missing now.
        XCTAssertEqual(try lifecycle(root, cutover).status, 3)
        let judged = try XCTUnwrap(json(root, "reports/product_lifecycle_run.json")["run_id"]?.stringValue)
        let failed = (try json(root, "reports/release_gate_report.json")["checks"]?.arrayValue ?? [])
            .filter { $0["passed"] == false }.compactMap { $0["id"]?.stringValue }
        XCTAssertEqual(failed, ["sign_offs"], "only the sign-offs are missing now")

        // One person in both roles is not two people: the second sign-off is refused.
        XCTAssertEqual(
            try DMExecutable.run(["users", "grant", "cara", "release_manager", "--root", root.path]).status, 0)
        let first = try DMExecutable.run(["gate", "signoff", "--run", judged, "--actor", "cara", "--root", root.path])
        XCTAssertEqual(first.status, 0, first.stderr)
        let again = try DMExecutable.run(["gate", "signoff", "--run", judged, "--actor", "cara", "--root", root.path])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertEqual(try lifecycle(root, cutover).status, 3, "one signer is not enough")

        // A second person signs the same evidence; re-running the gate over identical evidence keeps both.
        let second = try DMExecutable.run(["gate", "signoff", "--run", judged, "--actor", "rick", "--root", root.path])
        XCTAssertEqual(second.status, 0, second.stderr)
        let passed = try lifecycle(root, cutover)
        XCTAssertEqual(passed.status, 0, passed.stderr)
        XCTAssertEqual(try json(root, "reports/release_gate_report.json")["verdict"], "PASS")
    }
}
