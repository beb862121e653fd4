import Glibc

/// Why a ledger operation was refused. Each case says what was wrong and what to do.
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A complete line that is not a valid envelope or does not chain: corruption or tampering. Appends stop.
    case malformedLine(seq: Int?, line: Int?, offset: Int?, reason: String)
    /// The head moved past the seq the command decided on, in a way that matters to it. Nothing was written.
    case conflict(expectedSeq: Int, headSeq: Int, reason: String)
    /// The proposed event breaks a ledger rule (type name, integers-only data, labels). Nothing was written.
    case invalidEvent(type: String?, path: String, reason: String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .malformedLine: "ledger_corrupt"
        case .conflict: "conflict"
        case .invalidEvent: "invalid_event"
        case .io: "io_error"
        }
    }

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .malformedLine(let seq, let line, let offset, let reason):
            let place = [
                seq.map { "seq \($0)" }, line.map { "line \($0)" }, offset.map { "byte offset \($0)" },
            ].compactMap { $0 }.joined(separator: ", ")
            return "ledger is damaged at \(place.isEmpty ? "an unknown place" : place): \(reason). "
                + "Nothing more will be appended; run `dm ledger verify` and restore the file from a verified copy."
        case .conflict(let expected, let head, let reason):
            return "conflict: the command was decided at seq \(expected) but the ledger head is now seq \(head) "
                + "(\(reason)); reload the current state and try again"
        case .invalidEvent(let type, let path, let reason):
            return "invalid event\(type.map { " \($0)" } ?? ""): \(path) \(reason)"
        case .io(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}
