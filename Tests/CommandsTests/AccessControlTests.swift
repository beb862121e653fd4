import EventStore
import Foundation
import Projections
import XCTest

@testable import Commands

/// Every permission × role combination of the matrix, through the commands themselves: allowed ones append,
/// refused ones throw `forbidden` and append nothing.
final class AccessControlTests: XCTestCase {
    /// Runs the command guarded by `permission` as `user`; each attempt uses fresh arguments so it can succeed.
    private func attempt(_ permission: Permission, as user: String, fixture: WorkflowFixture, attempt index: Int) throws
    {
        let flow = try fixture.workflow
        switch permission {
        case .editMapping:
            try flow.edit(["patient_name.family_name"], changes: ["notes": "attempt \(index)"], actorName: user)
        case .approveMapping:
            let id = try flow.select(table: nil, status: .proposed)[index]
            try flow.setStatus([id], to: .approved, reason: nil, actorName: user)
        case .takeSnapshot:
            _ = try SnapshotService(root: fixture.root, ledger: fixture.ledger).take(
                label: "s\(index)", actorName: user)
        case .restoreSnapshot:
            let service = SnapshotService(root: fixture.root, ledger: fixture.ledger)
            let snapshot = try service.take(label: "r\(index)", actorName: nil)
            _ = try service.restore(snapshot.id, actorName: user)
        case .manageUsers:
            _ = try UserAdministration(ledger: fixture.ledger).add("made-\(index)", role: "viewer", actorName: user)
        case .runLifecycle, .signOffGate, .read, .readEvents, .verifyLedger:
            _ = try AccessControl.actor(named: user, for: permission, users: UsersProjection.fold(fixture.ledger))
        }
    }

    func testEveryPermissionForEveryRole_isAllowedOrRefusedAsTheMatrixSays() throws {
        let fixture = try WorkflowFixture()
        var index = 0
        for permission in Permission.allCases {
            for role in Role.allCases {
                index += 1
                let user = fixture.user(role)
                let before = try fixture.ledger.head().seq
                if PermissionMatrix.allows(role, permission) {
                    XCTAssertNoThrow(
                        try attempt(permission, as: user, fixture: fixture, attempt: index), "\(role) \(permission)")
                } else {
                    XCTAssertThrowsError(try attempt(permission, as: user, fixture: fixture, attempt: index)) { error in
                        XCTAssertEqual((error as? AccessDenied)?.code, "forbidden", "\(role) \(permission): \(error)")
                    }
                    // A refused restore may have taken its own snapshot first (as admin); nothing else is appended.
                    let expected = permission == .restoreSnapshot ? before + 1 : before
                    XCTAssertEqual(try fixture.ledger.head().seq, expected, "\(role) \(permission) appended")
                }
            }
        }
    }

    func testUnknownAndRevokedUsers_areUnauthenticated() throws {
        let fixture = try WorkflowFixture()
        XCTAssertThrowsError(
            try AccessControl.actor(named: "nobody", for: .read, users: UsersProjection.fold(fixture.ledger))
        ) {
            XCTAssertEqual(($0 as? AccessDenied)?.code, "unauthenticated")
        }
        try UserAdministration(ledger: fixture.ledger).revoke(fixture.user(.engineer), actorName: nil)
        XCTAssertThrowsError(
            try fixture.workflow.edit(
                ["patient_name.family_name"], changes: ["notes": "x"], actorName: fixture.user(.engineer))
        ) {
            XCTAssertEqual(($0 as? AccessDenied)?.code, "unauthenticated")
        }
    }

    func testTokens_onlyTheirHashIsRecordedAndItAuthenticates() throws {
        let fixture = try WorkflowFixture()
        let token = try UserAdministration(ledger: fixture.ledger).add("tina", role: "auditor", actorName: nil)
        let ledgerText = try String(contentsOfFile: fixture.ledger.ledgerPath, encoding: .utf8)
        XCTAssertFalse(ledgerText.contains(token))
        XCTAssertTrue(ledgerText.contains(SHA256.hash(token).hex))
        XCTAssertEqual(try UsersProjection.fold(fixture.ledger).user(tokenSHA256: SHA256.hash(token).hex)?.name, "tina")
    }
}
