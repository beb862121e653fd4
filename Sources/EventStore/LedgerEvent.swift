/// Who did something: a registered user name and the role they acted in.
public struct LedgerActor: Sendable, Hashable {
    /// The user name (an OS user name for the local CLI admin).
    public var user: String
    /// The role the action was taken in, e.g. `steward`.
    public var role: String

    /// Creates an actor.
    public init(user: String, role: String) {
        self.user = user
        self.role = role
    }

    var jsonValue: JSONValue { .object(["user": .string(user), "role": .string(role)]) }
}

/// An event a command wants to record; the ledger gives it its envelope (seq, id, time, chain hashes).
public struct NewEvent: Sendable, Equatable {
    /// Dotted event type, e.g. `mapping.approved`.
    public var type: String
    /// The payload. Integers only (±(2^53−1)); decimals travel as strings or integer units.
    public var data: [String: JSONValue]

    /// Creates an event proposal.
    public init(type: String, data: [String: JSONValue] = [:]) {
        self.type = type
        self.data = data
    }
}

/// One line of the ledger: the envelope of DESIGN.md §3.
public struct LedgerEvent: Sendable, Equatable {
    /// 1, 2, 3, … consecutive.
    public var seq: Int
    /// Event UUID, lowercase.
    public var id: String
    /// RFC 3339 UTC with milliseconds.
    public var at: String
    /// Who caused it.
    public var actor: LedgerActor
    /// Dotted event type.
    public var type: String
    /// The payload.
    public var data: [String: JSONValue]
    /// Id of the command that produced it; events of one command share it.
    public var command: String
    /// Hash of the previous event (zero for seq 1).
    public var prev: SHA256Digest
    /// SHA-256 of the canonical envelope without the `hash` member.
    public var hash: SHA256Digest

    /// The whole envelope as a JSON object (with `hash`).
    public var jsonValue: JSONValue {
        .object([
            "seq": .int(seq), "id": .string(id), "at": .string(at), "actor": actor.jsonValue,
            "type": .string(type), "data": .object(data), "command": .string(command),
            "prev": .string(prev.hex), "hash": .string(hash.hex),
        ])
    }

    /// Decodes a ledger line (without its `\n`). Checks shape only; chain checks belong to verification.
    public init(line: UnsafeRawBufferPointer) throws(LedgerError) {
        if let event = Self.decodeEnvelope(line) {
            self = event
            return
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw .malformedLine(seq: nil, line: nil, offset: nil, reason: "bad JSON: \(error)")
        }
        guard case .object(let fields) = value, fields.count == 9,
            let seq = fields["seq"]?.intValue, seq >= 1,
            let id = fields["id"]?.stringValue,
            let at = fields["at"]?.stringValue,
            let user = fields["actor"]?["user"]?.stringValue,
            let role = fields["actor"]?["role"]?.stringValue,
            fields["actor"]?.objectValue?.count == 2,
            let type = fields["type"]?.stringValue,
            let data = fields["data"]?.objectValue,
            let command = fields["command"]?.stringValue,
            let prevHex = fields["prev"]?.stringValue, let prev = SHA256Digest(hex: prevHex),
            let hashHex = fields["hash"]?.stringValue, let hash = SHA256Digest(hex: hashHex)
        else {
            throw .malformedLine(
                seq: value["seq"]?.intValue, line: nil, offset: nil,
                reason:
                    "not a ledger envelope (needs exactly seq, id, at, actor{user, role}, type, data, command, prev, hash)"
            )
        }
        self.seq = seq
        self.id = id
        self.at = at
        self.actor = LedgerActor(user: user, role: role)
        self.type = type
        self.data = data
        self.command = command
        self.prev = prev
        self.hash = hash
    }

    /// Decodes a ledger line given as bytes.
    public init(line: [UInt8]) throws(LedgerError) {
        let result = line.withUnsafeBytes { buffer -> Result<LedgerEvent, LedgerError> in
            do throws(LedgerError) {
                return .success(try LedgerEvent(line: buffer))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// The event as it would read once appended at `seq`, for checking a command's effect on a projection before
    /// appending (id, time and hashes are placeholders).
    package init(preview event: NewEvent, actor: LedgerActor, seq: Int) {
        self.init(
            seq: seq, id: "", at: "", actor: actor, type: event.type, data: event.data, command: "", prev: .zero,
            hash: .zero)
    }

    init(
        seq: Int, id: String, at: String, actor: LedgerActor, type: String, data: [String: JSONValue],
        command: String, prev: SHA256Digest, hash: SHA256Digest
    ) {
        self.seq = seq
        self.id = id
        self.at = at
        self.actor = actor
        self.type = type
        self.data = data
        self.command = command
        self.prev = prev
        self.hash = hash
    }
}
