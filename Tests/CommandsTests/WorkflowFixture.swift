import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// A data root with a seeded contract and one registered user per role, for workflow tests.
final class WorkflowFixture {
    let path: String
    let root: DataRoot
    let ledger: Ledger
    /// Role name → user name (`role_user`, e.g. `steward_user`).
    private(set) var users: [String: String] = [:]

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/dm-workflow-\(EventID.random())"
        root = DataRoot(path: path)
        try root.createFolders()
        ledger = try Ledger(directory: root.eventsPath)
        let rows = try DefaultMappingContract.load()
        _ = try ledger.append(
            rows.map { NewEvent(type: "mapping.seeded", data: $0.seedData) }, actor: LocalActor.current,
            command: "seed")
        let administration = UserAdministration(ledger: ledger)
        for role in Role.allCases {
            let name = role.rawValue.replacingOccurrences(of: "_", with: "-") + "-user"
            _ = try administration.add(name, role: role.rawValue, actorName: nil)
            users[role.rawValue] = name
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func user(_ role: Role) -> String {
        users[role.rawValue] ?? ""
    }

    var workflow: MappingWorkflow {
        get throws { MappingWorkflow(ledger: ledger, root: root, validate: try MappingContract.validator()) }
    }

    func contract() throws -> MappingContractProjection {
        try MappingContractProjection.fold(ledger)
    }
}
