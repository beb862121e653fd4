import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// A long-running projection host (this test process) and the CLI (child processes) see each other's events
/// without a restart.
final class ProjectionHostProcessTests: XCTestCase {
    func testHostAndCLI_seeEachOthersEvents() throws {
        let root = ScratchRoot()
        XCTAssertEqual(try DMExecutable.run(["init", "--root", root.path]).status, 0)
        XCTAssertEqual(
            try DMExecutable.run(["users", "add", "eve", "--role", "engineer", "--root", root.path]).status, 0)
        let dataRoot = DataRoot(path: root.path)
        let ledger = try Ledger(directory: dataRoot.eventsPath)
        // This process seeds the contract; the host started before sees it after a refresh.
        let host = try ProjectionHost(ledger: ledger)
        XCTAssertFalse(try host.current().contract.isSeeded)
        _ = try ledger.append(
            try DefaultMappingContract.load().map { NewEvent(type: "mapping.seeded", data: $0.seedData) },
            actor: LocalActor.current, command: "seed")
        XCTAssertTrue(try host.current().contract.isSeeded)

        // The CLI, another process, sees the seeded contract and edits a row; the host folds the edit.
        let edit = try DMExecutable.run([
            "mappings", "edit", "patient_name.family_name", "transform=upper", "--actor", "eve", "--root", root.path,
        ])
        XCTAssertEqual(edit.status, 0, edit.stderr)
        let row = try XCTUnwrap(host.current().contract.rows["patient_name.family_name"])
        XCTAssertEqual(row.transform, "upper")
        XCTAssertEqual(row.editedBy, "eve")

        // And this process's next append lands after the CLI's, in one chain the CLI can list.
        _ = try ledger.append(
            [NewEvent(type: "mapping.status_changed", data: ["id": "patient_name.given_name", "status": "approved"])],
            actor: LedgerActor(user: "sam", role: "steward"), command: "approve")
        let list = try DMExecutable.run(["mappings", "list", "--status", "approved", "--root", root.path])
        XCTAssertTrue(list.stdout.contains("patient_name.given_name\tapproved"), list.stdout)
        XCTAssertEqual(try DMExecutable.run(["ledger", "verify", "--root", root.path]).status, 0)
    }
}
