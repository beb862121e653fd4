import Glibc

/// A failed socket operation, kept small in the FlyingFox manner: which call failed and the `errno` it set.
package enum SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed.
    case system(call: String, errno: Int32)
    /// The host is not an IPv4 or IPv6 literal (or `localhost`).
    case invalidAddress(String)
    /// The port is outside 0...65535.
    case invalidPort(Int)

    /// The failure with the system's explanation, for operators.
    package var description: String {
        switch self {
        case .system(let call, let code): return "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .invalidAddress(let host): return "'\(host)' is not an IP address; use e.g. 127.0.0.1 or ::1"
        case .invalidPort(let port): return "port \(port) is outside 0...65535"
        }
    }
}
