import Commands
import EventStore
import Foundation

/// `dm crosswalks …`: the bundled code crosswalks and their approval by stewards.
enum CrosswalkCommands {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["crosswalks", "list"], summary: "crosswalk entries, how they apply, who approved them",
            options: [OptionSpec(name: "--json", value: nil, help: "print the list as JSON on stdout")], run: list),
        CommandSpec(
            path: ["crosswalks", "approve"], summary: "approve auto-applied entries (as a steward)",
            positionals: ["KEY…"],
            positionalCount: 1...1000, run: { try set($0, approved: true) }),
        CommandSpec(
            path: ["crosswalks", "revoke"], summary: "withdraw approvals (as a steward)", positionals: ["KEY…"],
            positionalCount: 1...1000, run: { try set($0, approved: false) }),
    ]

    static func list(_ arguments: ParsedArguments) throws -> Int32 {
        let approvals = CrosswalkApprovals(ledger: try DataFolder.ledger(arguments))
        let entries = try approvals.list()
        if arguments.flags.contains("--json") {
            let items: [JSONValue] = entries.map { key, entry, approvedBy in
                [
                    "entry": .string(key), "auto_map": .bool(entry.autoMap),
                    "relationship": .string(entry.relationship.rawValue),
                    "target_codes": .array(entry.targetCodes.map(JSONValue.string)),
                    "approved_by": approvedBy.map(JSONValue.string) ?? .null,
                ]
            }
            print(try JSONValue.array(items).canonicalString())
            return 0
        }
        print("entry\tapplies\tapproval")
        for (key, entry, approvedBy) in entries {
            let applies = entry.autoMap ? "auto → \(entry.targetCodes.joined(separator: "|"))" : "never (rejects)"
            print("\(key)\t\(applies)\t\(approvedBy.map { "approved by \($0)" } ?? "not approved")")
        }
        return 0
    }

    static func set(_ arguments: ParsedArguments, approved: Bool) throws -> Int32 {
        let approvals = CrosswalkApprovals(ledger: try DataFolder.ledger(arguments))
        let result = try approvals.set(arguments.positionals, approved: approved, actorName: arguments.actor)
        print(
            "\(approved ? "approved" : "revoked") \(result.events.count) crosswalk entr\(result.events.count == 1 ? "y" : "ies")"
        )
        return 0
    }
}
