import EventStore
import Foundation
import Synchronization
import XCTest

/// Commands from two `dm` processes at once, and what happens after a command's events are appended: once they
/// are, the command has succeeded, whatever befalls the report rewritten after it.
final class ConcurrentCommandTests: XCTestCase {
    private func dm(_ root: ScratchRoot, _ arguments: [String]) throws -> DMExecutable.Output {
        try DMExecutable.run(arguments + ["--root", root.path])
    }

    private func events(_ root: ScratchRoot, type: String) throws -> [String] {
        try String(contentsOfFile: root.ledgerPath, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(#""type":"\#(type)""#) }.map(String.init)
    }

    func testTwoProcessesEditingRows_everyEditExitsZero_andTheReportIsTheHeadsContract() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        let before = try events(root, type: "mapping.edited").count
        let rows = ["patient_name.family_name", "site.town"]
        let perProcess = 20
        let failures = Mutex<[String]>([])
        let path = root.path
        DispatchQueue.concurrentPerform(iterations: rows.count) { index in
            for edit in 0..<perProcess {
                do {
                    let output = try DMExecutable.run(
                        ["mappings", "edit", rows[index], "notes=edit \(index)-\(edit)", "--root", path])
                    if output.status != 0 { failures.withLock { $0.append("exit \(output.status): \(output.stderr)") } }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        XCTAssertEqual(failures.withLock { $0 }, [], "every committed edit is reported as a success")
        XCTAssertEqual(try events(root, type: "mapping.edited").count - before, rows.count * perProcess)
        let check = try dm(root, ["replay", "--check"])
        XCTAssertEqual(check.status, 0, "the report is the head's contract:\n\(check.stdout)\(check.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path + "/reports")
            .filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [], "no temporary file left behind")
    }

    func testAReportThatCannotBeRewritten_isAWarning_theCommittedEditExitsZero() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try dm(root, ["lifecycle", "--quiet"]).status, 0)
        let report = root.path + "/reports/mapping_contract.csv"
        // A folder (not empty) where the report should be: the rename into place fails.
        try FileManager.default.removeItem(atPath: report)
        try FileManager.default.createDirectory(atPath: report + "/blocker", withIntermediateDirectories: true)
        let before = try events(root, type: "mapping.edited").count

        let edit = try dm(root, ["mappings", "edit", "site.town", "notes=committed despite the report"])
        XCTAssertEqual(edit.status, 0, edit.stderr)
        XCTAssertTrue(edit.stderr.contains("warning: the change is committed"), edit.stderr)
        XCTAssertTrue(edit.stderr.contains("mapping_contract.csv"), edit.stderr)
        XCTAssertEqual(try events(root, type: "mapping.edited").count, before + 1, "the edit is in the ledger")

        // Once the obstacle is gone, the next command writes the report again, and it is the head's contract.
        try FileManager.default.removeItem(atPath: report)
        XCTAssertEqual(try dm(root, ["mappings", "edit", "site.town", "notes=again"]).status, 0)
        XCTAssertEqual(try dm(root, ["replay", "--check"]).status, 0)
    }
}
