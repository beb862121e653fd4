/// A request method the server implements (RFC 9110 §9).
///
/// A syntactically valid method outside this set is answered 501 by the parser, as RFC 9110 §9.1 asks of an
/// origin server; `CONNECT` and `TRACE` are deliberately absent (a control plane has no use for tunnels or echo).
package enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    /// Retrieve a representation.
    case get = "GET"
    /// `GET` without the body.
    case head = "HEAD"
    /// Process the enclosed representation.
    case post = "POST"
    /// Replace the target's state.
    case put = "PUT"
    /// Partially modify the target's state.
    case patch = "PATCH"
    /// Remove the target's state.
    case delete = "DELETE"
    /// Describe the communication options.
    case options = "OPTIONS"

    /// Recognises a method token from the request line without building a `String` for the common methods.
    package init?(token: UnsafeBufferPointer<UInt8>) {
        switch token.count {
        case 3:
            if Self.matches(token, "GET") {
                self = .get
            } else if Self.matches(token, "PUT") {
                self = .put
            } else {
                return nil
            }
        case 4:
            if Self.matches(token, "HEAD") {
                self = .head
            } else if Self.matches(token, "POST") {
                self = .post
            } else {
                return nil
            }
        case 5:
            guard Self.matches(token, "PATCH") else { return nil }
            self = .patch
        case 6:
            guard Self.matches(token, "DELETE") else { return nil }
            self = .delete
        case 7:
            guard Self.matches(token, "OPTIONS") else { return nil }
            self = .options
        default:
            return nil
        }
    }

    /// Methods are case-sensitive (RFC 9110 §9.1), so this is a plain byte comparison.
    private static func matches(_ token: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard token.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return token.elementsEqual(expected)
    }
}
