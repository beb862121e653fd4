/// A message the client sends, in PostgreSQL's frontend/backend protocol 3.0; encoding only, no I/O.
///
/// Every message except the two untyped ones (`startup`, `cancelRequest`) is a type byte, an Int32 length that
/// counts itself and the body, and the body. Integers are big-endian, strings NUL-terminated in UTF-8.
package enum PostgresFrontendMessage: Equatable, Sendable {
    /// StartupMessage: protocol 3.0 and the session parameters (`user` is required by the server).
    case startup(parameters: [(name: String, value: String)])
    /// CancelRequest: sent on a fresh connection with the key from BackendKeyData.
    case cancelRequest(processID: Int32, secretKey: Int32)
    /// SASLInitialResponse: the chosen mechanism and the client-first message.
    case saslInitialResponse(mechanism: String, data: [UInt8])
    /// SASLResponse: the client-final message.
    case saslResponse(data: [UInt8])
    /// PasswordMessage: a cleartext or MD5-hashed password.
    case password(String)
    /// Query: one or more statements in the simple protocol.
    case query(String)
    /// Parse: a statement with `$n` placeholders into an (unnamed when empty) prepared statement.
    case parse(statement: String, query: String)
    /// Bind: text-format parameters (nil is SQL NULL) into a portal; every result column in text format.
    case bind(portal: String, statement: String, parameters: [String?])
    /// Describe a portal (`P`), which answers RowDescription or NoData.
    case describePortal(String)
    /// Execute a portal; `maxRows` 0 means all rows.
    case execute(portal: String, maxRows: Int32)
    /// Sync: ends the extended-query cycle; the server answers ReadyForQuery.
    case sync
    /// Terminate: the polite goodbye before closing the socket.
    case terminate

    /// The protocol version 3.0 as the startup message carries it.
    static let protocolVersion: Int32 = 196_608
    /// The request code that marks a CancelRequest (1234 << 16 | 5678).
    static let cancelRequestCode: Int32 = 80_877_102

    /// The message's bytes on the wire.
    package func encoded() -> [UInt8] {
        var body = PostgresMessageBody()
        let type: UInt8?
        switch self {
        case .startup(let parameters):
            type = nil
            body.appendInt32(Self.protocolVersion)
            for parameter in parameters {
                body.appendCString(parameter.name)
                body.appendCString(parameter.value)
            }
            body.appendByte(0)
        case .cancelRequest(let processID, let secretKey):
            type = nil
            body.appendInt32(Self.cancelRequestCode)
            body.appendInt32(processID)
            body.appendInt32(secretKey)
        case .saslInitialResponse(let mechanism, let data):
            type = UInt8(ascii: "p")
            body.appendCString(mechanism)
            body.appendInt32(Int32(data.count))
            body.bytes.append(contentsOf: data)
        case .saslResponse(let data):
            type = UInt8(ascii: "p")
            body.bytes.append(contentsOf: data)
        case .password(let password):
            type = UInt8(ascii: "p")
            body.appendCString(password)
        case .query(let sql):
            type = UInt8(ascii: "Q")
            body.appendCString(sql)
        case .parse(let statement, let query):
            type = UInt8(ascii: "P")
            body.appendCString(statement)
            body.appendCString(query)
            body.appendInt16(0)  // no parameter types given: the server infers them
        case .bind(let portal, let statement, let parameters):
            type = UInt8(ascii: "B")
            body.appendCString(portal)
            body.appendCString(statement)
            body.appendInt16(0)  // no parameter format codes: all text
            body.appendInt16(Int16(parameters.count))
            for parameter in parameters {
                if let parameter {
                    let utf8 = Array(parameter.utf8)
                    body.appendInt32(Int32(utf8.count))
                    body.bytes.append(contentsOf: utf8)
                } else {
                    body.appendInt32(-1)
                }
            }
            body.appendInt16(0)  // no result format codes: all text
        case .describePortal(let portal):
            type = UInt8(ascii: "D")
            body.appendByte(UInt8(ascii: "P"))
            body.appendCString(portal)
        case .execute(let portal, let maxRows):
            type = UInt8(ascii: "E")
            body.appendCString(portal)
            body.appendInt32(maxRows)
        case .sync:
            type = UInt8(ascii: "S")
        case .terminate:
            type = UInt8(ascii: "X")
        }
        var message: [UInt8] = []
        message.reserveCapacity(body.bytes.count + 5)
        if let type { message.append(type) }
        let length = UInt32(body.bytes.count + 4)
        message.append(contentsOf: [
            UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
            UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length),
        ])
        message.append(contentsOf: body.bytes)
        return message
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.encoded() == rhs.encoded()
    }
}

/// A message body under construction.
struct PostgresMessageBody {
    /// The bytes so far.
    var bytes: [UInt8] = []

    mutating func appendByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func appendInt16(_ value: Int16) {
        let bits = UInt16(bitPattern: value)
        bytes.append(contentsOf: [UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits)])
    }

    mutating func appendInt32(_ value: Int32) {
        let bits = UInt32(bitPattern: value)
        bytes.append(contentsOf: [
            UInt8(truncatingIfNeeded: bits >> 24), UInt8(truncatingIfNeeded: bits >> 16),
            UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits),
        ])
    }

    /// Appends `string` in UTF-8 and a NUL; callers reject strings containing NUL before encoding.
    mutating func appendCString(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        bytes.append(0)
    }
}
