/// The startup and authentication phase as a state machine: messages in, messages to send out; no I/O.
///
/// Only SCRAM-SHA-256 is spoken, and the session is accepted only after the server proved, with its SCRAM
/// signature, that it holds this password's verifier (unless `allowsUnauthenticatedServer` admits `trust`).
/// Cleartext and MD5 requests are refused without sending anything, so the password never leaves in a weak form.
struct PostgresStartup {
    /// What the connection does next.
    enum Step: Equatable {
        /// Send this message and wait for the next.
        case send(PostgresFrontendMessage)
        /// Nothing to send; wait for the next message.
        case wait
        /// The session is ready for queries.
        case ready(transactionStatus: UInt8)
    }

    /// Where the handshake is.
    private enum Phase {
        case awaitingRequest
        case scram(SCRAMSHA256Client)
        case authenticated
    }

    private let configuration: PostgresConnectionConfiguration
    private let clientNonce: String
    private var phase = Phase.awaitingRequest
    /// What a CancelRequest needs, once BackendKeyData arrived.
    private(set) var backendKey: (processID: Int32, secretKey: Int32)?

    /// A handshake for `configuration`, with `clientNonce` for SCRAM.
    init(configuration: PostgresConnectionConfiguration, clientNonce: String) {
        self.configuration = configuration
        self.clientNonce = clientNonce
    }

    /// The StartupMessage: user, database, UTF-8 text, ISO dates and UTC, so the same data reads as the same
    /// text whatever the server's defaults are (row hashes are compared across connectors).
    var startupMessage: PostgresFrontendMessage {
        .startup(parameters: [
            ("user", configuration.user), ("database", configuration.database), ("client_encoding", "UTF8"),
            ("DateStyle", "ISO, YMD"), ("TimeZone", "UTC"), ("application_name", configuration.applicationName),
        ])
    }

    /// Handles one server message (ParameterStatus and notices are the connection's business).
    mutating func handle(_ message: PostgresBackendMessage) throws(PostgresError) -> Step {
        switch message {
        case .authentication(let request):
            return try authenticate(request)
        case .backendKeyData(let processID, let secretKey):
            backendKey = (processID, secretKey)
            return .wait
        case .negotiateProtocolVersion:
            return .wait
        case .readyForQuery(let status):
            guard case .authenticated = phase else { throw unexpected("ReadyForQuery before authentication") }
            return .ready(transactionStatus: status)
        case .errorResponse(let notice):
            // Class 28 is invalid authorization; the server's message names the user, never the password.
            let code: PostgresError.Code = notice.sqlState.hasPrefix("28") ? .authenticationFailed : .server
            throw PostgresError(
                code,
                "\(configuration.user)@\(configuration.host):\(configuration.port)/\(configuration.database): \(notice)",
                serverNotice: notice)
        default:
            throw unexpected("a message that does not belong in startup")
        }
    }

    private mutating func authenticate(_ request: PostgresAuthenticationRequest) throws(PostgresError) -> Step {
        switch (request, phase) {
        case (.sasl(let mechanisms), .awaitingRequest):
            guard mechanisms.contains("SCRAM-SHA-256") else {
                throw PostgresError(
                    .unsupportedAuthentication,
                    "the server offers SASL mechanisms \(mechanisms.joined(separator: ", ")) but not SCRAM-SHA-256,"
                        + " the only one this client supports")
            }
            let client = SCRAMSHA256Client(password: configuration.password, clientNonce: clientNonce)
            phase = .scram(client)
            return .send(
                .saslInitialResponse(mechanism: "SCRAM-SHA-256", data: Array(client.clientFirstMessage.utf8)))
        case (.saslContinue(let data), .scram(var client)):
            do {
                let final = try client.clientFinalMessage(serverFirst: String(decoding: data, as: UTF8.self))
                phase = .scram(client)
                return .send(.saslResponse(data: Array(final.utf8)))
            } catch {
                throw PostgresError(.authenticationFailed, error.description)
            }
        case (.saslFinal(let data), .scram(let client)):
            do {
                try client.verifyServerFinal(String(decoding: data, as: UTF8.self))
            } catch {
                throw PostgresError(.authenticationFailed, error.description)
            }
            phase = .authenticated
            return .wait
        case (.ok, .authenticated):
            return .wait
        case (.ok, .awaitingRequest):
            guard configuration.allowsUnauthenticatedServer else {
                throw PostgresError(
                    .unsupportedAuthentication,
                    "the server let \"\(configuration.user)\" in without SCRAM-SHA-256, so it did not prove that it"
                        + " knows the password; set scram-sha-256 for this role in pg_hba.conf")
            }
            phase = .authenticated
            return .wait
        case (.cleartextPassword, _), (.md5Password, _):
            throw PostgresError(
                .unsupportedAuthentication,
                "the server asks for \(request == .cleartextPassword ? "a cleartext" : "an MD5") password; this"
                    + " client only authenticates with SCRAM-SHA-256: set password_encryption = scram-sha-256,"
                    + " reset the role's password and use scram-sha-256 in pg_hba.conf")
        case (.unsupported(let code), _):
            throw PostgresError(
                .unsupportedAuthentication,
                "the server asks for authentication method \(Self.methodName(code)), which this client does not"
                    + " support; use scram-sha-256 in pg_hba.conf")
        default:
            throw unexpected("an authentication message out of order")
        }
    }

    private func unexpected(_ what: String) -> PostgresError {
        PostgresError(.protocolViolation, "the server sent \(what) during startup")
    }

    private static func methodName(_ code: Int32) -> String {
        switch code {
        case 2: "Kerberos V5 (2)"
        case 6: "SCM credentials (6)"
        case 7, 8: "GSSAPI (\(code))"
        case 9: "SSPI (9)"
        default: "code \(code)"
        }
    }
}
