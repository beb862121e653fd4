import EventStore

/// A measured value or a threshold, as the gate report shows it.
package enum GateValue: Sendable, Equatable {
    /// A whole number (counts, basis points).
    case integer(Int)
    /// A word (`PASS`, `FAIL`, `all`).
    case text(String)
    /// True or false.
    case flag(Bool)
    /// Approved out of a total.
    case approval(approved: Int, total: Int)
    /// The sign-offs given, sorted by role then user.
    case signOffs([GateSignOff])
    /// Roles that must each sign, by different users.
    case roles([String])

    /// The value in the JSON report (integers and strings only, no decimals).
    package var json: JSONValue {
        switch self {
        case .integer(let value):
            .int(value)
        case .text(let value):
            .string(value)
        case .flag(let value):
            .bool(value)
        case .approval(let approved, let total):
            ["approved": .int(approved), "total": .int(total)]
        case .signOffs(let signOffs):
            .array(signOffs.map { ["role": .string($0.role), "user": .string($0.user)] })
        case .roles(let roles):
            .array(roles.map { .string($0) })
        }
    }

    /// The value in a sentence.
    package var text: String {
        switch self {
        case .integer(let value): String(value)
        case .text(let value): value
        case .flag(let value): value ? "true" : "false"
        case .approval(let approved, let total): "\(approved) of \(total)"
        case .signOffs(let signOffs):
            signOffs.isEmpty ? "none" : signOffs.map { "\($0.role): \($0.user)" }.joined(separator: ", ")
        case .roles(let roles): roles.joined(separator: " + ")
        }
    }
}
