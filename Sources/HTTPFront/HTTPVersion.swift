/// The protocol versions this server speaks: HTTP/1.1 and, for old clients, HTTP/1.0 (RFC 9112 §2.3).
package enum HTTPVersion: Sendable, Hashable {
    /// HTTP/1.0: connections close after each response unless the client asks for keep-alive.
    case http1_0
    /// HTTP/1.1: persistent connections by default; `Host` is required.
    case http1_1

    /// The version as it appears on the wire.
    package var text: String {
        switch self {
        case .http1_0: return "HTTP/1.0"
        case .http1_1: return "HTTP/1.1"
        }
    }
}
