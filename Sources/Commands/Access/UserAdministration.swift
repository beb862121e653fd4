import EventStore
import Foundation
import Glibc
import Projections

/// Users and roles as commands: register (printing the bearer token once), grant, revoke. Only the token's SHA-256
/// reaches the ledger.
package struct UserAdministration {
    /// The ledger the events go to.
    package let ledger: Ledger

    /// Creates the administration over `ledger`.
    package init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// The current users.
    package func users() throws -> UsersProjection {
        try UsersProjection.fold(ledger)
    }

    /// `dm init`: on a ledger without users, registers the local OS user as `admin` and writes the token to
    /// `events/admin.token` (mode 0600). Returns nil when users already exist.
    package func initialise(tokenFile: String) throws -> (user: String, token: String)? {
        let current = try users()
        guard current.users.isEmpty else { return nil }
        let name = Self.normalisedName(LocalActor.current.user)
        let token = try register(name, role: .admin, actorName: nil, seen: current)
        let descriptor = open(tokenFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AccessDenied(
                code: "io_error", message: "cannot write \(tokenFile): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        let bytes = Array((token + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw AccessDenied(
                code: "io_error", message: "cannot write \(tokenFile): \(String(cString: strerror(errno)))")
        }
        return (name, token)
    }

    /// Registers `name` with `role`; returns the bearer token (shown once, never stored).
    package func add(_ name: String, role: String, actorName: String?) throws -> String {
        guard let role = Role(rawValue: role) else {
            throw UserInputError(
                "unknown role '\(role)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try register(name, role: role, actorName: actorName, seen: users())
    }

    /// Grants (or, with `granting == false`, revokes) `role` for `name`.
    package func change(_ name: String, role: String, granting: Bool, actorName: String?) throws {
        let current = try users()
        let actor = try AccessControl.actor(named: actorName, for: .manageUsers, users: current)
        guard let user = current.users[name], user.active else { throw UserInputError("no active user '\(name)'") }
        guard Role(rawValue: role) != nil else { throw UserInputError("unknown role '\(role)'") }
        if granting == user.roles.contains(role) {
            throw UserInputError("\(name) \(granting ? "already has" : "does not have") role \(role)")
        }
        if !granting, user.roles.count == 1 {
            throw UserInputError("\(role) is \(name)'s only role; revoke the user instead (`dm users revoke \(name)`)")
        }
        _ = try ledger.append(
            [
                NewEvent(
                    type: granting ? "user.role_granted" : "user.role_revoked",
                    data: ["user": .string(name), "role": .string(role)])
            ],
            actor: actor, command: EventID.random(), expectedSeq: try ledger.head().seq)
    }

    /// Revokes `name`: the user can no longer act; their history stays.
    package func revoke(_ name: String, actorName: String?) throws {
        let current = try users()
        let actor = try AccessControl.actor(named: actorName, for: .manageUsers, users: current)
        guard let user = current.users[name], user.active else { throw UserInputError("no active user '\(name)'") }
        if user.roles.contains(Role.admin.rawValue),
            current.users.values.filter({ $0.active && $0.roles.contains(Role.admin.rawValue) }).count == 1
        {
            throw UserInputError("\(name) is the last active admin; register another admin first")
        }
        _ = try ledger.append(
            [NewEvent(type: "user.revoked", data: ["user": .string(name)])], actor: actor, command: EventID.random())
    }

    private func register(_ name: String, role: Role, actorName: String?, seen: UsersProjection) throws -> String {
        let actor = try AccessControl.actor(named: actorName, for: .manageUsers, users: seen)
        guard Self.isValidName(name) else {
            throw UserInputError(
                "user name '\(name)' must be 1–64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter"
            )
        }
        guard seen.users[name] == nil else { throw UserInputError("user '\(name)' already exists") }
        let token = "dmt_" + EventID.randomBytes(32).map { String(format: "%02x", $0) }.joined()
        let headSeq = try ledger.head().seq
        // A concurrent registration of the same name between our read and the append is a conflict.
        let sameName: ConflictCheck = { since in
            since.contains { $0.type == "user.registered" && $0.data["user"]?.stringValue == name }
                ? "\(name) was registered" : nil
        }
        _ = try ledger.append(
            [
                NewEvent(
                    type: "user.registered",
                    data: [
                        "user": .string(name), "role": .string(role.rawValue),
                        "token_sha256": .string(SHA256.hash(token).hex),
                    ])
            ], actor: actor, command: EventID.random(), expectedSeq: headSeq, conflicts: sameName)
        return token
    }

    package static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (97...122).contains(first), name.utf8.count <= 64 else { return false }
        return name.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || [45, 46, 95].contains($0) }
    }

    static func normalisedName(_ name: String) -> String {
        let lowered = name.lowercased()
        return isValidName(lowered) ? lowered : "admin"
    }
}

/// Input a person can fix: the message says what and how.
package struct UserInputError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }

    init(_ message: String) {
        self.message = message
    }
}
