import EventStore
import Foundation

/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding; a value with no I/O.
///
/// `clientFirstMessage` → the server-first message goes to `clientFinalMessage(serverFirst:)` → the
/// server-final message goes to `verifyServerFinal(_:)`, which proves the server knew the password verifier too.
/// The password is used only to derive keys; it is not kept, and no error message contains it or a key.
package struct SCRAMSHA256Client: Sendable {
    /// The user name sent in client-first, escaped (`=` → `=3D`, `,` → `=2C`); PostgreSQL ignores it.
    let escapedUsername: String
    /// The client's random nonce (printable ASCII without commas).
    let clientNonce: String
    /// The password as bytes, until the server's salt and iteration count are known.
    private var password: [UInt8]?
    /// The signature the server must send back, once client-final is built.
    private var expectedServerSignature: [UInt8]?

    /// The GS2 header for "no channel binding, client does not support it": `n,,`.
    static let gs2Header = "n,,"
    /// Server iteration counts above this are refused: a hostile server could otherwise burn CPU for hours.
    static let maximumIterations = 10_000_000

    /// A client for `password`; `clientNonce` must be unpredictable (use `randomNonce()` outside tests).
    package init(username: String = "", password: String, clientNonce: String) {
        escapedUsername = username.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
        self.clientNonce = clientNonce
        self.password = Array(password.utf8)
    }

    /// 18 random bytes from the system generator, base64: 24 printable characters, none of them a comma.
    package static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<18).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    /// `n=<user>,r=<client nonce>`: the part of client-first that enters the AuthMessage.
    var clientFirstMessageBare: String { "n=\(escapedUsername),r=\(clientNonce)" }

    /// The client-first message: `n,,n=<user>,r=<client nonce>`.
    package var clientFirstMessage: String { Self.gs2Header + clientFirstMessageBare }

    /// Checks the server-first message and returns the client-final message with the client proof.
    package mutating func clientFinalMessage(serverFirst: String) throws(SCRAMError) -> String {
        guard let password else { throw .outOfOrder }
        var nonce: String?
        var salt: [UInt8]?
        var iterations: Int?
        for attribute in serverFirst.split(separator: ",", omittingEmptySubsequences: false) {
            guard attribute.count >= 2, attribute.dropFirst().first == "=" else {
                throw .malformedServerMessage("attribute \"\(attribute.prefix(20))\" is not of the form x=value")
            }
            let value = String(attribute.dropFirst(2))
            switch attribute.first {
            case "m": throw .malformedServerMessage("the server requires an extension (m=) this client does not know")
            case "e": throw .serverError(value)
            case "r": nonce = value
            case "s":
                guard let decoded = Data(base64Encoded: value), !decoded.isEmpty else {
                    throw .malformedServerMessage("the salt (s=) is not base64")
                }
                salt = Array(decoded)
            case "i":
                guard let count = Int(value), count >= 1 else {
                    throw .malformedServerMessage("the iteration count (i=) is not a positive integer")
                }
                iterations = count
            default: continue  // RFC 5802 section 5: unknown optional attributes are ignored
            }
        }
        guard let nonce, let salt, let iterations else {
            throw .malformedServerMessage("server-first must carry r=, s= and i=")
        }
        guard nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else {
            throw .malformedServerMessage("the server's nonce does not extend the client's nonce")
        }
        guard iterations <= Self.maximumIterations else {
            throw .malformedServerMessage(
                "the iteration count \(iterations) is above this client's limit of \(Self.maximumIterations)")
        }
        let saltedPassword = PBKDF2.hmacSHA256(password: password, salt: salt, iterations: iterations, keyLength: 32)
        let clientKey = HMACSHA256.authenticate(Array("Client Key".utf8), key: saltedPassword).bytes
        let storedKey = SHA256.hash(clientKey).bytes
        let serverKey = HMACSHA256.authenticate(Array("Server Key".utf8), key: saltedPassword).bytes
        let channelBinding = Data(Self.gs2Header.utf8).base64EncodedString()
        let finalWithoutProof = "c=\(channelBinding),r=\(nonce)"
        let authMessage = Array("\(clientFirstMessageBare),\(serverFirst),\(finalWithoutProof)".utf8)
        let clientSignature = HMACSHA256.authenticate(authMessage, key: storedKey).bytes
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        expectedServerSignature = HMACSHA256.authenticate(authMessage, key: serverKey).bytes
        self.password = nil
        return "\(finalWithoutProof),p=\(Data(proof).base64EncodedString())"
    }

    /// Checks the server-final message: `v=` must be the server signature this exchange implies.
    package func verifyServerFinal(_ serverFinal: String) throws(SCRAMError) {
        guard let expectedServerSignature else { throw .outOfOrder }
        if serverFinal.hasPrefix("e=") { throw .serverError(String(serverFinal.dropFirst(2))) }
        guard serverFinal.hasPrefix("v="),
            let signature = Data(base64Encoded: String(serverFinal.dropFirst(2).prefix { $0 != "," }))
        else {
            throw .malformedServerMessage("server-final must be v=<base64 signature>")
        }
        // Compare every byte so the time taken does not say where a forged signature first differs.
        var difference = UInt8(signature.count == expectedServerSignature.count ? 0 : 1)
        for (received, expected) in zip(signature, expectedServerSignature) { difference |= received ^ expected }
        guard difference == 0 else { throw .serverSignatureMismatch }
    }
}

/// Why a SCRAM exchange failed; no case carries the password or a key derived from it.
package enum SCRAMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A server message does not follow RFC 5802.
    case malformedServerMessage(String)
    /// The server reported a SCRAM error (`e=`), e.g. `invalid-proof`.
    case serverError(String)
    /// The server's signature is wrong: it does not know this password's verifier (or someone is in between).
    case serverSignatureMismatch
    /// The steps were called out of order.
    case outOfOrder

    package var description: String {
        switch self {
        case .malformedServerMessage(let reason): "SCRAM-SHA-256: malformed server message: \(reason)"
        case .serverError(let code): "SCRAM-SHA-256: the server reported \(code)"
        case .serverSignatureMismatch:
            "SCRAM-SHA-256: the server's signature is wrong, so it is not the server that holds this password;"
                + " refusing the connection"
        case .outOfOrder: "SCRAM-SHA-256: exchange steps called out of order"
        }
    }
}
