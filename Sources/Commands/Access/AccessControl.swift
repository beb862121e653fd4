import EventStore
import Foundation
import Projections

/// A refusal: the actor is unknown, revoked, or lacks the permission. Nothing was appended.
public struct AccessDenied: Error, CustomStringConvertible, Sendable {
    /// `unauthenticated` (no such user or bad token) or `forbidden` (no role allows it).
    public var code: String
    /// What was refused and what would be allowed.
    public var message: String
    public var description: String { message }
}

/// Decides who acts: the CLI's local admin, or a registered user whose roles must allow the permission — the same
/// decision for the CLI (`--actor NAME`) and the API (bearer token).
public enum AccessControl {
    /// The actor for `permission`: `name` must be an active registered user holding a role that allows it; with no
    /// name, the local admin (the OS user), if admin allows it.
    package static func actor(named name: String?, for permission: Permission, users: UsersProjection) throws
        -> LedgerActor
    {
        guard let name else {
            guard PermissionMatrix.allows(.admin, permission) else {
                throw AccessDenied(
                    code: "forbidden",
                    message: "\(permission.rawValue) is not the local admin's to do; pass --actor NAME of a registered "
                        + "user with role \(rolesAllowed(permission))")
            }
            return LocalActor.current
        }
        guard let user = users.users[name], user.active else {
            throw AccessDenied(
                code: "unauthenticated", message: "no active user '\(name)'; `dm users list` shows the registered users"
            )
        }
        return try actor(user, for: permission)
    }

    /// The actor for `permission` given an authenticated user.
    package static func actor(_ user: UsersProjection.User, for permission: Permission) throws -> LedgerActor {
        guard let role = PermissionMatrix.actingRole(among: user.roles, for: permission) else {
            throw AccessDenied(
                code: "forbidden",
                message:
                    "\(user.name) (\(user.roles.sorted().joined(separator: ", "))) may not \(permission.rawValue); "
                    + "allowed for \(rolesAllowed(permission))")
        }
        return LedgerActor(user: user.name, role: role.rawValue)
    }

    private static func rolesAllowed(_ permission: Permission) -> String {
        let roles = PermissionMatrix.allowed[permission] ?? []
        return Role.allCases.filter { roles.contains($0) }.map(\.rawValue).joined(separator: " or ")
    }
}
