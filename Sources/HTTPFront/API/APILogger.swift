import Foundation

/// Where the API writes its structured log: one JSON object per line, by default to stderr.
///
/// Lines never carry a token, a query string or a body: the access line names the method, the path, the status,
/// the bytes, the milliseconds and the user; error lines carry internal detail the client was not shown.
package struct APILogger: Sendable {
    /// How much to write (`DM_LOG_LEVEL`).
    package enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error, off

        /// The level named `text` (`debug`, `info`, `warn`/`warning`, `error`, `off`), nil when unknown.
        package init?(name text: String) {
            switch text.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warning
            case "error": self = .error
            case "off", "none": self = .off
            default: return nil
            }
        }

        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The least severe level written.
    package var level: Level
    /// Receives each line (without the newline).
    package var sink: @Sendable (String) -> Void

    /// A logger writing lines at `level` and above to `sink` (default: stderr).
    package init(level: Level = .info, sink: @escaping @Sendable (String) -> Void = APILogger.standardError) {
        self.level = level
        self.sink = sink
    }

    /// Writes `line` to stderr in one `write`, so lines from several threads do not interleave.
    package static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// One access-log line.
    package func access(
        method: String, path: String, status: Int, bytes: Int, milliseconds: Double, user: String?
    ) {
        guard level <= .info else { return }
        var line: [UInt8] = Array(#"{"level":"info","event":"access","method":"#.utf8)
        JSONString.append(method, to: &line)
        line.append(contentsOf: #","path":"#.utf8)
        JSONString.append(path, to: &line)
        line.append(contentsOf: #","status":\#(status),"bytes":\#(bytes),"ms":"#.utf8)
        line.append(contentsOf: String(Double(Int(milliseconds * 1000)) / 1000).utf8)
        line.append(contentsOf: #","user":"#.utf8)
        if let user { JSONString.append(user, to: &line) } else { line.append(contentsOf: "null".utf8) }
        line.append(UInt8(ascii: "}"))
        sink(String(decoding: line, as: UTF8.self))
    }

    /// A message at `level` (`event` names what happened, `message` the detail).
    package func log(_ level: Level, event: String, _ message: String) {
        guard self.level <= level, level != .off else { return }
        var line: [UInt8] = Array(#"{"level":"#.utf8)
        JSONString.append(String(describing: level), to: &line)
        line.append(contentsOf: #","event":"#.utf8)
        JSONString.append(event, to: &line)
        line.append(contentsOf: #","message":"#.utf8)
        JSONString.append(message, to: &line)
        line.append(UInt8(ascii: "}"))
        sink(String(decoding: line, as: UTF8.self))
    }
}
