import Commands
import EventStore
import Foundation
import Projections

/// `dm mappings …`: the mapping contract and its four-eyes workflow.
enum MappingCommands {
    static let expected = OptionSpec(
        name: "--expected-seq", value: "SEQ",
        help: "the ledger seq you decided at; a change to the rows since is refused")

    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["mappings", "list"], summary: "list mapping rows (filter, page)",
            options: [
                OptionSpec(name: "--status", value: "S", help: "proposed | approved | rejected"),
                OptionSpec(name: "--table", value: "T", help: "target table"),
                OptionSpec(name: "--page", value: "N", help: "page number from 1 (default 1)"),
                OptionSpec(name: "--page-size", value: "K", help: "rows per page (default 50, max 1000)"),
            ], run: list),
        CommandSpec(
            path: ["mappings", "edit"], summary: "edit a row: field=value … (as an engineer)",
            positionals: ["ID", "FIELD=VALUE…"],
            positionalCount: 2...100, options: [expected], run: edit),
        CommandSpec(
            path: ["mappings", "approve"], summary: "approve rows (as a steward who did not last edit them)",
            positionals: ["ID…"], positionalCount: 1...10_000,
            options: [expected, OptionSpec(name: "--reason", value: "TEXT", help: "why")],
            run: { try status($0, .approved) }),
        CommandSpec(
            path: ["mappings", "reject"], summary: "reject rows, saying why (as a steward)", positionals: ["ID…"],
            positionalCount: 1...10_000,
            options: [expected, OptionSpec(name: "--reason", value: "TEXT", help: "what must change (required)")],
            run: { try status($0, .rejected) }),
        CommandSpec(
            path: ["mappings", "bulk"],
            summary: "edit|approve|reject every row matching --table/--status, as one command",
            positionals: ["edit|approve|reject", "[FIELD=VALUE…]"], positionalCount: 1...100,
            options: [
                expected, OptionSpec(name: "--table", value: "T", help: "target table filter"),
                OptionSpec(name: "--status", value: "S", help: "status filter"),
                OptionSpec(name: "--reason", value: "TEXT", help: "why (required to reject)"),
            ], run: bulk),
    ]

    static func workflow(_ arguments: ParsedArguments) throws -> MappingWorkflow {
        let ledger = try DataFolder.ledger(arguments)
        return MappingWorkflow(
            ledger: ledger, root: DataRoot(path: arguments.root), validate: try MappingContract.validator())
    }

    static func statusFilter(_ arguments: ParsedArguments) throws -> MappingStatus? {
        guard let text = arguments.options["--status"] else { return nil }
        guard let status = MappingStatus(rawValue: text) else {
            throw UsageError(message: "--status must be proposed, approved or rejected, got '\(text)'")
        }
        return status
    }

    static func list(_ arguments: ParsedArguments) throws -> Int32 {
        let page = try arguments.integer("--page", default: 1, range: 1...1_000_000)
        let size = try arguments.integer("--page-size", default: 50, range: 1...1000)
        let ledger = try DataFolder.ledger(arguments)
        let status = try statusFilter(arguments)
        let table = arguments.options["--table"]
        let rows = try MappingContractProjection.fold(ledger).orderedRows
            .filter { (table == nil || $0.targetTable == table) && (status == nil || $0.status == status) }
        let pages = max(1, (rows.count + size - 1) / size)
        guard page <= pages else {
            throw UsageError(
                message: "--page \(page) is past the last page: \(rows.count) rows make \(pages) page(s) of \(size)")
        }
        let slice = rows.dropFirst((page - 1) * size).prefix(size)
        print("id\tstatus\tversion\tsource\ttransform\tedited_by\tapproved_by")
        for row in slice {
            print(
                [
                    row.id, row.status.rawValue, String(row.version), "\(row.sourceTable).\(row.sourceField)",
                    row.transform, row.editedBy ?? "", row.approvedBy ?? "",
                ].map(TextLimit.escaped).joined(separator: "\t"))
        }
        print("page \(page) of \(pages), \(rows.count) rows")
        return 0
    }

    static func pairs(_ words: ArraySlice<String>) throws -> [String: String] {
        var changes: [String: String] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                throw UsageError(message: "'\(word)' is not FIELD=VALUE (e.g. transform=trim)")
            }
            changes[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return changes
    }

    static func edit(_ arguments: ParsedArguments) throws -> Int32 {
        let expectedSeq = try arguments.options["--expected-seq"].map { _ in
            try arguments.integer("--expected-seq", default: 0)
        }
        let result = try workflow(arguments).edit(
            [arguments.positionals[0]], changes: try pairs(arguments.positionals.dropFirst()),
            actorName: arguments.actor, expectedSeq: expectedSeq)
        print("edited \(arguments.positionals[0]) at seq \(result.events.last?.seq ?? 0); it is proposed again")
        return 0
    }

    static func status(_ arguments: ParsedArguments, _ status: MappingStatus) throws -> Int32 {
        let expectedSeq = try arguments.options["--expected-seq"].map { _ in
            try arguments.integer("--expected-seq", default: 0)
        }
        let result = try workflow(arguments).setStatus(
            arguments.positionals, to: status, reason: arguments.options["--reason"], actorName: arguments.actor,
            expectedSeq: expectedSeq)
        print("\(status.rawValue) \(result.events.count) row(s) at seq \(result.events.last?.seq ?? 0)")
        return 0
    }

    static func bulk(_ arguments: ParsedArguments) throws -> Int32 {
        let flow = try workflow(arguments)
        let expectedSeq = try arguments.options["--expected-seq"].map { _ in
            try arguments.integer("--expected-seq", default: 0)
        }
        let ids = try flow.select(table: arguments.options["--table"], status: try statusFilter(arguments))
        guard !ids.isEmpty else { throw UsageError(message: "no rows match the filter") }
        let result: AppendResult
        switch arguments.positionals[0] {
        case "edit":
            result = try flow.edit(
                ids, changes: try pairs(arguments.positionals.dropFirst()), actorName: arguments.actor,
                expectedSeq: expectedSeq)
        case "approve", "reject":
            result = try flow.setStatus(
                ids, to: arguments.positionals[0] == "approve" ? .approved : .rejected,
                reason: arguments.options["--reason"], actorName: arguments.actor, expectedSeq: expectedSeq)
        default:
            throw UsageError(message: "bulk action must be edit, approve or reject, got '\(arguments.positionals[0])'")
        }
        print("\(arguments.positionals[0]): \(result.events.count) row(s) changed as one command")
        return 0
    }
}
