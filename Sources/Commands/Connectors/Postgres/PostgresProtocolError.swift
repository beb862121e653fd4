/// The server sent bytes that are not protocol 3.0 as documented; the connection cannot continue.
package enum PostgresProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A message body does not have its documented shape.
    case malformedMessage(type: UInt8, reason: String)
    /// A length field is impossible (below 4) or above the client's limit.
    case invalidLength(type: UInt8, length: Int)
    /// A message arrived where the protocol does not allow it.
    case unexpectedMessage(type: UInt8, during: String)

    package var description: String {
        switch self {
        case .malformedMessage(let type, let reason):
            "malformed '\(Self.name(type))' message from the server: \(reason)"
        case .invalidLength(let type, let length):
            "the server sent a '\(Self.name(type))' message of impossible length \(length)"
        case .unexpectedMessage(let type, let during):
            "the server sent an unexpected '\(Self.name(type))' message during \(during)"
        }
    }

    /// The type byte as a character when printable, else its hex value.
    static func name(_ type: UInt8) -> String {
        (0x21...0x7e).contains(type) ? String(UnicodeScalar(type)) : "0x" + String(type, radix: 16)
    }
}
