import Commands
import EventStore
import Projections

extension ControlPlaneAPI {
    /// Users and roles, the permission matrix and the lifecycle ownership table; registering users.
    static var userRoutes: [APIRoute] {
        [
            APIRoute(
                .get, "/api/users", id: "listUsers", tag: "users", summary: "registered users and their roles",
                permission: .read, parameters: APIParameter.pagination, response: APIPage.schema(userSchema)
            ) { request, state in
                APIRoute.Reply(APIPage(request).wrap(try state.projections().users.sorted.map(user)))
            },
            APIRoute(
                .get, "/api/users/me", id: "getCurrentUser", tag: "users",
                summary: "the caller: name, roles and the permissions they hold", permission: .read,
                response: .object(
                    ["user": userSchema, "permissions": .array(.string())], required: ["user", "permissions"])
            ) { request, _ in
                guard let caller = request.user else { throw APIError.invalid("no authenticated user") }
                let permissions = Permission.allCases.filter {
                    PermissionMatrix.actingRole(among: caller.roles, for: $0) != nil
                }
                return APIRoute.Reply(
                    ["user": user(caller), "permissions": .array(permissions.map { .string($0.rawValue) })])
            },
            APIRoute(
                .get, "/api/users/roles", id: "getRoles", tag: "users",
                summary: "roles, the permission matrix and the lifecycle ownership table", permission: .read,
                response: .object(
                    [
                        "roles": .array(.object(["role": .string(), "summary": .string()], required: ["role"])),
                        "permissions": .array(
                            .object(
                                ["permission": .string(), "roles": .array(.string())],
                                required: ["permission", "roles"])),
                        "ownership": .array(
                            .object(
                                ["activity": .string(), "permission": .string(), "roles": .array(.string())],
                                required: ["activity", "permission", "roles"])),
                    ], required: ["roles", "permissions", "ownership"])
            ) { _, _ in
                APIRoute.Reply(
                    [
                        "roles": .array(
                            Role.allCases.map { ["role": .string($0.rawValue), "summary": .string($0.summary)] }),
                        "permissions": .array(
                            Permission.allCases.map { ["permission": .string($0.rawValue), "roles": roles(for: $0)] }),
                        "ownership": .array(
                            ownership.map { activity, permission in
                                [
                                    "activity": .string(activity), "permission": .string(permission.rawValue),
                                    "roles": roles(for: permission),
                                ]
                            }),
                    ])
            },
            APIRoute(
                .post, "/api/users", id: "registerUser", tag: "users",
                summary: "register a user with a role; the answer carries their bearer token, shown once",
                permission: .manageUsers,
                body: .object(
                    [
                        "name": .string(
                            maxLength: 64, description: "lowercase letters, digits, '.', '_', '-'", minLength: 1,
                            pattern: .userName),
                        "role": .string(enumeration: Role.allCases.map(\.rawValue)),
                    ], required: ["name", "role"], closed: true),
                success: .created,
                response: .object(
                    ["user": userSchema, "token": .string(description: "bearer token; only its SHA-256 is kept")],
                    required: ["user", "token"]),
                errors: [.conflict]
            ) { request, state in
                let name = request.member("name")?.stringValue ?? ""
                if try state.projections().users.users[name] != nil {
                    throw APIError.conflict("user '\(name)' already exists")
                }
                let token = try UserAdministration(ledger: state.ledger).add(
                    name, role: request.member("role")?.stringValue ?? "", actorName: request.actorName)
                guard let registered = try state.projections().users.users[name] else {
                    throw APIError.notFound("user '\(name)' was not recorded")
                }
                return APIRoute.Reply(["user": user(registered), "token": .string(token)], status: .created)
            },
        ]
    }

    /// Who owns each lifecycle activity: the step runs and the governance acts around them.
    static let ownership: [(String, Permission)] =
        LifecycleStep.allCases.map { ("step:\($0.rawValue)", Permission.runLifecycle) } + [
            ("mapping:edit", .editMapping), ("mapping:approve", .approveMapping),
            ("crosswalk:approve", .approveMapping),
            ("snapshot:take", .takeSnapshot), ("snapshot:restore", .restoreSnapshot), ("gate:sign_off", .signOffGate),
            ("ledger:verify", .verifyLedger), ("users:manage", .manageUsers),
        ]

    static let userSchema = APISchema.reference(
        "User",
        .object(
            [
                "name": .string(), "roles": .array(.string()), "active": .boolean(),
                "registered_seq": .integer(minimum: 1),
            ], required: ["name", "roles", "active", "registered_seq"]))

    /// A user as JSON: never the token hash.
    static func user(_ user: UsersProjection.User) -> JSONValue {
        [
            "name": .string(user.name), "roles": .array(user.roles.sorted().map(JSONValue.string)),
            "active": .bool(user.active), "registered_seq": .int(user.registeredSeq),
        ]
    }
}
