/// The fields of an ErrorResponse or NoticeResponse: severity, SQLSTATE, message and the optional details.
package struct PostgresServerNotice: Equatable, Sendable, CustomStringConvertible {
    /// `ERROR`, `FATAL`, `PANIC`, `WARNING`, `NOTICE`, `DEBUG`, `INFO` or `LOG` (never localised: field `V`).
    package var severity: String
    /// The five-character SQLSTATE, e.g. `25006` read_only_sql_transaction, `28P01` invalid_password.
    package var sqlState: String
    /// The primary message.
    package var message: String
    /// A secondary message with more detail, if any.
    package var detail: String?
    /// A suggestion what to do, if any.
    package var hint: String?
    /// Every field by its code byte, for anything not named above.
    package var fields: [UInt8: String]

    /// Creates a notice from its fields.
    package init(fields: [UInt8: String]) {
        self.fields = fields
        severity = fields[UInt8(ascii: "V")] ?? fields[UInt8(ascii: "S")] ?? "ERROR"
        sqlState = fields[UInt8(ascii: "C")] ?? "XX000"
        message = fields[UInt8(ascii: "M")] ?? "(the server gave no message)"
        detail = fields[UInt8(ascii: "D")]
        hint = fields[UInt8(ascii: "H")]
    }

    /// `ERROR 25006: cannot execute INSERT in a read-only transaction`, with detail and hint when present.
    package var description: String {
        var text = "\(severity) \(sqlState): \(message)"
        if let detail { text += " (detail: \(detail))" }
        if let hint { text += " (hint: \(hint))" }
        return text
    }

    static func decode(_ reader: inout PostgresBodyReader) throws(PostgresProtocolError) -> Self {
        var fields: [UInt8: String] = [:]
        while true {
            let code = try reader.readByte()
            if code == 0 { break }
            fields[code] = try reader.readCString()
        }
        return PostgresServerNotice(fields: fields)
    }
}
