/// Why the release gate could not judge a run (as opposed to judging it FAIL).
package enum GateError: Error, Equatable, CustomStringConvertible {
    /// The requested profile is not in `release_gate_profiles.csv`.
    case unknownProfile(String, known: [String])
    /// `release_gate_profiles.csv` is malformed or inconsistent.
    case profileFile(String)
    /// The facts handed to the gate contradict themselves (negative counts, more approved than exist).
    case invalidInput(String)

    /// Stable identifier for logs and API errors.
    package var code: String {
        switch self {
        case .unknownProfile: "GATE_UNKNOWN_PROFILE"
        case .profileFile: "GATE_PROFILE_FILE"
        case .invalidInput: "GATE_INVALID_INPUT"
        }
    }

    /// A sentence an operator can act on.
    package var description: String {
        switch self {
        case .unknownProfile(let name, let known):
            "unknown release profile \"\(name)\"; use one of: \(known.joined(separator: ", "))"
        case .profileFile(let reason):
            "release_gate_profiles.csv: \(reason)"
        case .invalidInput(let reason):
            "release gate inputs: \(reason)"
        }
    }
}
