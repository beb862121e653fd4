/// What an Authentication message (`R`) asks for.
package enum PostgresAuthenticationRequest: Equatable, Sendable {
    /// Authentication succeeded (code 0).
    case ok
    /// Send the password in cleartext (code 3).
    case cleartextPassword
    /// Send `md5` + md5(md5(password + user) + salt) (code 5).
    case md5Password(salt: [UInt8])
    /// Start SASL with one of these mechanisms (code 10).
    case sasl(mechanisms: [String])
    /// A SASL challenge: the server-first message (code 11).
    case saslContinue(data: [UInt8])
    /// The SASL outcome: the server-final message (code 12).
    case saslFinal(data: [UInt8])
    /// A method this client does not implement (Kerberos 2, SCM 6, GSS 7/8, SSPI 9); the code says which.
    case unsupported(code: Int32)

    static func decode(_ reader: inout PostgresBodyReader) throws(PostgresProtocolError) -> Self {
        let code = try reader.readInt32()
        switch code {
        case 0:
            return .ok
        case 3:
            return .cleartextPassword
        case 5:
            return .md5Password(salt: try reader.readBytes(4))
        case 10:
            var mechanisms: [String] = []
            while true {
                let mechanism = try reader.readCString()
                if mechanism.isEmpty { break }
                mechanisms.append(mechanism)
            }
            return .sasl(mechanisms: mechanisms)
        case 11:
            return .saslContinue(data: reader.readRest())
        case 12:
            return .saslFinal(data: reader.readRest())
        default:
            _ = reader.readRest()
            return .unsupported(code: code)
        }
    }
}
