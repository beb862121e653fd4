/// Why the mock PAS extract could not be generated.
package enum MockPASError: Error, Equatable, CustomStringConvertible {
    /// A generator parameter is out of range.
    case invalidParameter(name: String, reason: String)
    /// Creating, writing, syncing or renaming a file failed.
    case io(path: String, reason: String)

    /// Stable identifier for logs and API errors.
    package var code: String {
        switch self {
        case .invalidParameter: "MOCK_PAS_INVALID_PARAMETER"
        case .io: "MOCK_PAS_IO"
        }
    }

    /// A sentence an operator can act on.
    package var description: String {
        switch self {
        case .invalidParameter(let name, let reason): "\(name): \(reason)"
        case .io(let path, let reason): "\(path): \(reason); no extract file was replaced"
        }
    }
}
