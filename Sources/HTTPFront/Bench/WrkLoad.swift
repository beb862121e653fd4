import Foundation

/// A load run by `wrk` (Debian's package), the bench's preferred generator: `wrk -t1 -cN -dS --latency`.
package struct WrkLoad: Sendable {
    /// The `wrk` executable.
    package var executable: String
    /// Full URL, e.g. `http://127.0.0.1:8099/health`.
    package var url: String
    /// Extra request fields (`-H`).
    package var headers: [(name: String, value: String)]
    /// `-c`.
    package var connections: Int
    /// `-t`.
    package var threads: Int
    /// `-d`, whole seconds.
    package var seconds: Int

    /// A run of `executable` against `url`.
    package init(
        executable: String, url: String, headers: [(name: String, value: String)] = [], connections: Int = 64,
        threads: Int = 1, seconds: Int = 10
    ) {
        self.executable = executable
        self.url = url
        self.headers = headers
        self.connections = connections
        self.threads = threads
        self.seconds = seconds
    }

    /// The arguments passed to wrk.
    package var arguments: [String] {
        var arguments = ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency"]
        for field in headers { arguments += ["-H", "\(field.name): \(field.value)"] }
        return arguments + [url]
    }

    /// Runs wrk and parses its report.
    package func run() throws -> HTTPLoadResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0, let result = Self.parse(text) else {
            throw HTTPBenchError(message: "wrk failed (status \(process.terminationStatus)): \(text.prefix(400))")
        }
        return result
    }

    /// Reads `Requests/sec`, the 50% and 99% latency lines, the request count and the error lines of wrk's
    /// `--latency` report; nil when the figures are missing.
    package static func parse(_ text: String) -> HTTPLoadResult? {
        var rps: Double?
        var p50: Double?
        var p99: Double?
        var requests = 0
        var non2xx = 0
        var socketErrors = 0
        for rawLine in text.split(separator: "\n") {
            let words = rawLine.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first else { continue }
            if first == "Requests/sec:", words.count >= 2 {
                rps = Double(words[1])
            } else if first == "50%", words.count >= 2 {
                p50 = milliseconds(words[1])
            } else if first == "99%", words.count >= 2 {
                p99 = milliseconds(words[1])
            } else if words.count >= 3, words[1] == "requests", words[2] == "in" {
                requests = Int(first) ?? 0
            } else if rawLine.contains("Non-2xx or 3xx responses:") {
                non2xx = Int(words.last ?? "") ?? 0
            } else if first == "Socket", words.count > 2, words[1] == "errors:" {
                // "Socket errors: connect 0, read 1, write 0, timeout 2"
                socketErrors = words.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }
                    .reduce(0, +)
            }
        }
        guard let rps, let p50, let p99 else { return nil }
        return HTTPLoadResult(
            tool: "wrk", requestsPerSecond: rps, p50Milliseconds: p50, p99Milliseconds: p99, requests: requests,
            non2xx: non2xx, socketErrors: socketErrors)
    }

    /// wrk's time figures (`812.00us`, `1.23ms`, `2.01s`, `1.00m`) in milliseconds.
    static func milliseconds(_ text: Substring) -> Double? {
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)) else { return nil }
            return value * scale
        }
        return nil
    }
}

/// The HTTP bench could not run: a tool or server missing or failing; the message says what to do.
package struct HTTPBenchError: Error, CustomStringConvertible {
    /// What went wrong and what to do about it.
    package var message: String
    /// The message.
    package var description: String { message }

    /// An error with `message`.
    package init(message: String) {
        self.message = message
    }
}
