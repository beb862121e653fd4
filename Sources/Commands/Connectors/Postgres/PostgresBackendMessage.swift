/// A message the server sends, decoded from its type byte and body; no I/O.
package enum PostgresBackendMessage: Equatable, Sendable {
    /// An authentication request or result (`R`).
    case authentication(PostgresAuthenticationRequest)
    /// A run-time parameter's value (`S`), e.g. `server_version`, `client_encoding`.
    case parameterStatus(name: String, value: String)
    /// The process id and secret key a CancelRequest needs (`K`).
    case backendKeyData(processID: Int32, secretKey: Int32)
    /// The server is ready for a new query (`Z`); the status is `I` idle, `T` in a transaction, `E` failed one.
    case readyForQuery(transactionStatus: UInt8)
    /// The columns of the rows that follow (`T`).
    case rowDescription([PostgresColumn])
    /// One row, each value in text format or nil for SQL NULL (`D`).
    case dataRow([[UInt8]?])
    /// A statement finished; the tag says what it did, e.g. `SELECT 20` (`C`).
    case commandComplete(tag: String)
    /// The query string was empty (`I`).
    case emptyQueryResponse
    /// An error (`E`); the server ends the current statement.
    case errorResponse(PostgresServerNotice)
    /// A warning or information (`N`); the statement goes on.
    case noticeResponse(PostgresServerNotice)
    /// Parse succeeded (`1`).
    case parseComplete
    /// Bind succeeded (`2`).
    case bindComplete
    /// The described portal returns no rows (`n`).
    case noData
    /// Execute stopped at its row limit (`s`).
    case portalSuspended
    /// The server offers a lower minor protocol version or ignores options (`v`).
    case negotiateProtocolVersion(minorVersion: Int32, unrecognisedOptions: [String])
    /// A LISTEN notification (`A`); this client never listens but must not choke on one.
    case notification(processID: Int32, channel: String, payload: String)
    /// Any other message (COPY traffic, CloseComplete, ParameterDescription…): the type byte and the body.
    case other(type: UInt8, body: [UInt8])

    /// Decodes the body of a message of `type`; throws when the body does not have the documented shape.
    package static func decode(type: UInt8, body: [UInt8]) throws(PostgresProtocolError) -> Self {
        var reader = PostgresBodyReader(body: body, type: type)
        let message: Self
        switch type {
        case UInt8(ascii: "R"):
            message = .authentication(try PostgresAuthenticationRequest.decode(&reader))
        case UInt8(ascii: "S"):
            message = .parameterStatus(name: try reader.readCString(), value: try reader.readCString())
        case UInt8(ascii: "K"):
            message = .backendKeyData(processID: try reader.readInt32(), secretKey: try reader.readInt32())
        case UInt8(ascii: "Z"):
            message = .readyForQuery(transactionStatus: try reader.readByte())
        case UInt8(ascii: "T"):
            let count = try reader.readInt16()
            guard count >= 0 else { throw reader.malformed("negative column count") }
            var columns: [PostgresColumn] = []
            columns.reserveCapacity(Int(count))
            for _ in 0..<count {
                let name = try reader.readCString()
                let tableOID = UInt32(bitPattern: try reader.readInt32())
                let attributeNumber = try reader.readInt16()
                let typeOID = UInt32(bitPattern: try reader.readInt32())
                _ = try reader.readInt16()  // type size
                _ = try reader.readInt32()  // type modifier
                let format = try reader.readInt16()
                columns.append(
                    PostgresColumn(
                        name: name, tableOID: tableOID, attributeNumber: attributeNumber, typeOID: typeOID,
                        isText: format == 0))
            }
            message = .rowDescription(columns)
        case UInt8(ascii: "D"):
            let count = try reader.readInt16()
            guard count >= 0 else { throw reader.malformed("negative value count") }
            var values: [[UInt8]?] = []
            values.reserveCapacity(Int(count))
            for _ in 0..<count {
                let length = try reader.readInt32()
                if length == -1 {
                    values.append(nil)
                } else {
                    guard length >= 0 else { throw reader.malformed("negative value length \(length)") }
                    values.append(try reader.readBytes(Int(length)))
                }
            }
            message = .dataRow(values)
        case UInt8(ascii: "C"):
            message = .commandComplete(tag: try reader.readCString())
        case UInt8(ascii: "I"):
            message = .emptyQueryResponse
        case UInt8(ascii: "E"):
            message = .errorResponse(try PostgresServerNotice.decode(&reader))
        case UInt8(ascii: "N"):
            message = .noticeResponse(try PostgresServerNotice.decode(&reader))
        case UInt8(ascii: "1"):
            message = .parseComplete
        case UInt8(ascii: "2"):
            message = .bindComplete
        case UInt8(ascii: "n"):
            message = .noData
        case UInt8(ascii: "s"):
            message = .portalSuspended
        case UInt8(ascii: "v"):
            let minor = try reader.readInt32()
            let count = try reader.readInt32()
            guard count >= 0 else { throw reader.malformed("negative option count") }
            var options: [String] = []
            for _ in 0..<count { options.append(try reader.readCString()) }
            message = .negotiateProtocolVersion(minorVersion: minor, unrecognisedOptions: options)
        case UInt8(ascii: "A"):
            message = .notification(
                processID: try reader.readInt32(), channel: try reader.readCString(), payload: try reader.readCString())
        default:
            return .other(type: type, body: body)
        }
        guard reader.isAtEnd else { throw reader.malformed("\(reader.remaining) unexpected trailing byte(s)") }
        return message
    }
}
