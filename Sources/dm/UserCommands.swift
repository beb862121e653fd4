import Commands
import EventStore
import Foundation

/// `dm init` and `dm users …`: registered users, roles and the permission matrix.
enum UserCommands {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["init"], summary: "create the ledger and its first admin (token in events/admin.token, mode 0600)",
            run: initialise),
        CommandSpec(
            path: ["users", "add"], summary: "register a user with a role; prints their bearer token once",
            positionals: ["NAME"], positionalCount: 1...1,
            options: [OptionSpec(name: "--role", value: "ROLE", help: "the user's first role")], run: add),
        CommandSpec(
            path: ["users", "list"], summary: "list users, roles and status",
            options: [OptionSpec(name: "--json", value: nil, help: "print the list as JSON on stdout")], run: list),
        CommandSpec(
            path: ["users", "grant"], summary: "give a user another role", positionals: ["NAME", "ROLE"],
            positionalCount: 2...2, run: { try change($0, granting: true) }),
        CommandSpec(
            path: ["users", "revoke"], summary: "take a role from a user, or revoke the user (no ROLE)",
            positionals: ["NAME", "[ROLE]"], positionalCount: 1...2, run: revoke),
        CommandSpec(path: ["users", "roles"], summary: "print the permission matrix", run: roles),
    ]

    static func administration(_ arguments: ParsedArguments) throws -> UserAdministration {
        UserAdministration(ledger: try DataFolder.ledger(arguments))
    }

    static func initialise(_ arguments: ParsedArguments) throws -> Int32 {
        let tokenFile = arguments.root + "/events/admin.token"
        DataFolder.announceIfNew(arguments.root)
        try DataRoot(path: arguments.root).createFolders()
        let administration = UserAdministration(ledger: try Ledger(directory: arguments.root + "/events"))
        guard let created = try administration.initialise(tokenFile: tokenFile) else {
            print("already initialised: users exist (`dm users list`)")
            return 0
        }
        print("created admin '\(created.user)'; bearer token written to \(tokenFile) (mode 0600)")
        return 0
    }

    static func add(_ arguments: ParsedArguments) throws -> Int32 {
        guard let role = arguments.options["--role"] else {
            throw UsageError(
                message:
                    "`dm users add NAME` needs --role ROLE; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let name = arguments.positionals[0]
        let token = try administration(arguments).add(name, role: role, actorName: arguments.actor)
        print("registered \(name) as \(role)")
        print("bearer token (shown once, only its SHA-256 is kept): \(token)")
        return 0
    }

    static func list(_ arguments: ParsedArguments) throws -> Int32 {
        let users = try administration(arguments).users().sorted
        if arguments.flags.contains("--json") {
            let items: [JSONValue] = users.map { user in
                [
                    "user": .string(user.name), "roles": .array(user.roles.sorted().map(JSONValue.string)),
                    "active": .bool(user.active),
                ]
            }
            print(try JSONValue.array(items).canonicalString())
            return 0
        }
        if users.isEmpty { print("no users yet; `dm init` creates the first admin") }
        if !users.isEmpty { print("user\troles\tstatus") }
        for user in users {
            print("\(user.name)\t\(user.roles.sorted().joined(separator: ","))\t\(user.active ? "active" : "revoked")")
        }
        return 0
    }

    static func change(_ arguments: ParsedArguments, granting: Bool) throws -> Int32 {
        let (name, role) = (arguments.positionals[0], arguments.positionals[1])
        try administration(arguments).change(name, role: role, granting: granting, actorName: arguments.actor)
        print("\(granting ? "granted" : "revoked") \(role) \(granting ? "to" : "from") \(name)")
        return 0
    }

    static func revoke(_ arguments: ParsedArguments) throws -> Int32 {
        if arguments.positionals.count == 2 { return try change(arguments, granting: false) }
        try administration(arguments).revoke(arguments.positionals[0], actorName: arguments.actor)
        print("revoked \(arguments.positionals[0]): they can no longer act; their history stays")
        return 0
    }

    static func roles(_ arguments: ParsedArguments) throws -> Int32 {
        let roles = Role.allCases
        let width = Permission.allCases.map(\.rawValue.count).max() ?? 0
        print(
            "permission".padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + roles.map(\.rawValue).joined(separator: "  "))
        for permission in Permission.allCases {
            let cells = roles.map { role in
                (PermissionMatrix.allows(role, permission) ? "yes" : "-").padding(
                    toLength: role.rawValue.count, withPad: " ", startingAt: 0)
            }
            print(
                permission.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + cells.joined(separator: "  "))
        }
        print("")
        for role in roles { print("\(role.rawValue): \(role.summary)") }
        return 0
    }
}
