import EventStore

/// Registered users and their roles, as the ledger says.
///
/// Events: `user.registered {user, role, token_sha256}`, `user.role_granted {user, role}`,
/// `user.role_revoked {user, role}`, `user.revoked {user}` (the user keeps their history but can no longer act),
/// `user.token_rotated {user, token_sha256}`. Only the SHA-256 of a bearer token is ever recorded.
package struct UsersProjection: Projection, Equatable, Codable {
    /// One user.
    package struct User: Sendable, Equatable, Codable {
        /// User name.
        package var name: String
        /// Roles held, by name.
        package var roles: Set<String>
        /// SHA-256 (hex) of the current bearer token.
        package var tokenSHA256: String
        /// False once revoked.
        package var active: Bool
        /// Seq of registration.
        package var registeredSeq: Int
    }

    /// Users by name.
    package private(set) var users: [String: User] = [:]
    /// Active users by token hash, for authentication.
    package private(set) var byToken: [String: String] = [:]

    package init() {}

    /// The active user whose token hashes to `sha256`, if any.
    package func user(tokenSHA256 sha256: String) -> User? {
        byToken[sha256].flatMap { users[$0] }.flatMap { $0.active ? $0 : nil }
    }

    /// Users sorted by name.
    package var sorted: [User] { users.values.sorted { $0.name < $1.name } }

    package mutating func apply(_ event: LedgerEvent) {
        guard event.type.utf8.starts(with: "user.".utf8), let name = event.data["user"]?.stringValue else { return }
        switch event.type {
        case "user.registered":
            guard users[name] == nil, let role = event.data["role"]?.stringValue,
                let token = event.data["token_sha256"]?.stringValue
            else { return }
            users[name] = User(name: name, roles: [role], tokenSHA256: token, active: true, registeredSeq: event.seq)
            byToken[token] = name
        case "user.role_granted":
            guard let role = event.data["role"]?.stringValue else { return }
            users[name]?.roles.insert(role)
        case "user.role_revoked":
            guard let role = event.data["role"]?.stringValue else { return }
            users[name]?.roles.remove(role)
        case "user.revoked":
            users[name]?.active = false
            if let token = users[name]?.tokenSHA256 { byToken[token] = nil }
        case "user.token_rotated":
            guard let token = event.data["token_sha256"]?.stringValue, let old = users[name]?.tokenSHA256 else {
                return
            }
            byToken[old] = nil
            users[name]?.tokenSHA256 = token
            if users[name]?.active == true { byToken[token] = name }
        default:
            break
        }
    }
}

extension UsersProjection: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(users)
        writer.write(byToken)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        users = try reader.read()
        byToken = try reader.read()
    }
}

extension UsersProjection.User: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(name)
        writer.write(roles)
        writer.write(tokenSHA256)
        writer.write(active)
        writer.write(registeredSeq)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        name = try reader.read()
        roles = try reader.read()
        tokenSHA256 = try reader.read()
        active = try reader.read()
        registeredSeq = try reader.read()
    }
}
