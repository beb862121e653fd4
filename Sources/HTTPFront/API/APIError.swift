import Commands
import EventStore

/// An error an API handler answers with: it knows its HTTP status, a stable code and a message the client can act
/// on. Every other error is mapped onto one by `init(mapping:)`; what cannot be mapped is a 500 that names nothing
/// internal (the detail goes to the log instead).
package struct APIError: Error, Sendable, Equatable {
    /// The status sent.
    package var status: HTTPStatus
    /// A stable machine-readable code, e.g. `not_found`.
    package var code: String
    /// What was wrong and what to do.
    package var message: String
    /// For 500s: what went wrong inside, for the log only, never sent.
    package var internalDetail: String?

    /// An error with every field given.
    package init(_ status: HTTPStatus, _ code: String, _ message: String, internalDetail: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.internalDetail = internalDetail
    }

    /// 400 `bad_request`: the request cannot be read (malformed JSON, bad query value).
    package static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }

    /// 422 `invalid_input`: readable but not acceptable (wrong types, unknown fields, rules of the domain).
    package static func invalid(_ message: String) -> APIError {
        APIError(.unprocessableContent, "invalid_input", message)
    }

    /// 404 `not_found` for a resource id that does not exist.
    package static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }

    /// 409 `conflict`: stale `expected_seq`, a run already in progress.
    package static func conflict(_ message: String) -> APIError { APIError(.conflict, "conflict", message) }

    /// Maps an error thrown by a Commands service or the ledger to its HTTP meaning.
    package init(mapping error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as AccessDenied:
            switch error.code {
            case "unauthenticated": self.init(.unauthorized, "unauthenticated", error.message)
            case "forbidden": self.init(.forbidden, "forbidden", error.message)
            default:
                self.init(
                    .internalServerError, "internal_error", "The server could not complete the request.",
                    internalDetail: error.message)
            }
        case let error as UserInputError:
            self = .invalid(error.message)
        case let error as LifecycleError:
            self = .invalid(error.message)
        case let error as ContractError:
            // An edit the contract rules refuse (transform vocabulary, columns): the client can fix it.
            self = .invalid(error.description)
        case let error as TransformError:
            self = .invalid(error.description)
        case let error as LedgerError:
            switch error {
            case .conflict: self.init(.conflict, "conflict", error.description)
            case .invalidEvent: self = .invalid(error.description)
            case .malformedLine:
                // Not an internal fault: the ledger file was damaged or tampered with. Writes stay refused until it is
                // restored; reads serve what came before the damage.
                self.init(
                    .serviceUnavailable, "ledger_damaged",
                    "The ledger is damaged, so nothing can be recorded until it is restored from a copy; "
                        + "GET /api/ledger/verify names the line.", internalDetail: error.description)
            case .io:
                self.init(
                    .internalServerError, "internal_error",
                    "The server could not complete the request; the operator has the details in the server log.",
                    internalDetail: error.description)
            }
        default:
            self.init(
                .internalServerError, "internal_error",
                "The server could not complete the request; the operator has the details in the server log.",
                internalDetail: String(describing: error))
        }
    }

    /// The JSON error response (never includes `internalDetail`).
    package var response: HTTPResponse { .error(status, code: code, message: message) }
}
