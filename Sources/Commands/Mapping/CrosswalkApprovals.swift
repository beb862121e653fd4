import EventStore
import Foundation
import Projections

/// Stewards' approval of the bundled crosswalk entries that the ETL applies automatically. Entries marked
/// "no auto map" are never applied (their values are rejected), so there is nothing to approve for them.
package struct CrosswalkApprovals {
    /// The ledger the events go to.
    package let ledger: Ledger

    /// The approvals service over `ledger`.
    package init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// Every entry with its key, whether it is applied automatically, and who approved it.
    package func list() throws -> [(key: String, entry: CrosswalkEntry, approvedBy: String?)] {
        let approved = try CrosswalkApprovalsProjection.fold(ledger).approved
        return try Crosswalk.bundled().entries.map { entry in
            let key = Self.key(entry)
            return (key, entry, approved[key])
        }
    }

    /// Approves (or revokes) the entries with `keys`, as one command.
    package func set(_ keys: [String], approved: Bool, actorName: String?, command: String = EventID.random()) throws
        -> AppendResult
    {
        if let recorded = try ledger.recorded(command: command) { return recorded }
        let head = try ledger.head().seq
        let projections = try ProjectionSet.fold(ledger)
        let actor = try AccessControl.actor(named: actorName, for: .approveMapping, users: projections.users)
        let entries = Dictionary(
            try Crosswalk.bundled().entries.map { (Self.key($0), $0) }, uniquingKeysWith: { a, _ in a })
        guard !keys.isEmpty else {
            throw UserInputError("no crosswalk entries given; `dm crosswalks list` shows the keys")
        }
        for key in keys {
            guard let entry = entries[key] else {
                throw UserInputError(
                    "no crosswalk entry '\(key)'; keys look like PERSON_GENDER_CODE_LEGACY:1->PERSON_STATED_GENDER_CODE"
                )
            }
            if approved, !entry.autoMap {
                throw UserInputError(
                    "\(key) is never applied automatically (relationship \(entry.relationship.rawValue)): records with this code are rejected, so there is no mapping to approve"
                )
            }
            if approved == (projections.crosswalks.approved[key] != nil) {
                throw UserInputError("\(key) is already \(approved ? "approved" : "not approved")")
            }
        }
        return try ledger.append(
            keys.map {
                NewEvent(
                    type: approved ? "crosswalk.entry_approved" : "crosswalk.entry_revoked",
                    data: ["entry": .string($0)])
            },
            actor: actor, command: command, expectedSeq: head)
    }

    static func key(_ entry: CrosswalkEntry) -> String {
        CrosswalkApprovalsProjection.key(
            sourceCodeSet: entry.sourceCodeSet, sourceCode: entry.sourceCode, targetCodeSet: entry.targetCodeSet)
    }
}
