import Foundation

/// What `dm serve` runs with: from its options, else the brief's environment variables, else the defaults.
package struct ServeConfiguration: Sendable, Equatable {
    /// The address to bind (`--host`, `DM_API_HOST`); loopback unless told otherwise.
    package var host = "127.0.0.1"
    /// The API port (`--port`, `DM_API_PORT`); 0 picks a free one.
    package var port = 8099
    /// The console port (`--ui-port`); for now it serves the same routes. Equal to `port`: no second listener.
    package var uiPort = 3133
    /// The data folder (`--root`).
    package var root = "."
    /// Origins allowed cross-origin requests (`DM_ALLOW_ORIGINS`, comma-separated); none by default.
    package var allowedOrigins: [String] = []
    /// How much to log (`DM_LOG_LEVEL`: debug, info, warn, error, off).
    package var logLevel = APILogger.Level.info
    /// The most patient rows an API client may ask a run for (`--max-run-rows`).
    package var maximumRunRows = 10_000_000
    /// The database servers API clients may point a server connector at (`--source-hosts`, `DM_SOURCE_HOSTS`:
    /// comma-separated `host:port`); none by default, so the API cannot be used to probe the network.
    package var sourceHosts: [String] = []

    /// The defaults.
    package init() {}

    /// A configuration from command-line `options` (by option name, e.g. `--port`) over `environment`.
    /// Throws a message naming the option or variable and what it accepts.
    package init(options: [String: String], environment: [String: String]) throws(ServeConfigurationError) {
        if let host = options["--host"] ?? environment["DM_API_HOST"] {
            guard !host.isEmpty else { throw ServeConfigurationError("--host / DM_API_HOST must not be empty") }
            self.host = host
        }
        if let text = options["--port"] {
            port = try Self.port(text, name: "--port")
        } else if let text =
            environment["DM_API_PORT"]
        {
            port = try Self.port(text, name: "DM_API_PORT")
        }
        if let text = options["--ui-port"] { uiPort = try Self.port(text, name: "--ui-port") }
        if let root = options["--root"] { self.root = root }
        if let origins = environment["DM_ALLOW_ORIGINS"] {
            allowedOrigins = origins.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
        }
        if let text = environment["DM_LOG_LEVEL"], !text.isEmpty {
            guard let level = APILogger.Level(name: text) else {
                throw ServeConfigurationError("DM_LOG_LEVEL must be debug, info, warn, error or off, got '\(text)'")
            }
            logLevel = level
        }
        if let text = options["--source-hosts"] ?? environment["DM_SOURCE_HOSTS"] {
            sourceHosts = try text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.map { entry throws(ServeConfigurationError) in
                    let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
                    guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65_535).contains(port)
                    else {
                        throw ServeConfigurationError(
                            "--source-hosts / DM_SOURCE_HOSTS takes host:port entries, comma-separated; got '\(entry)'")
                    }
                    return "\(parts[0].lowercased()):\(port)"
                }
        }
        if let text = options["--max-run-rows"] {
            guard let rows = Int(text), rows >= 1, rows <= 10_000_000 else {
                throw ServeConfigurationError("--max-run-rows must be a whole number from 1 to 10000000, got '\(text)'")
            }
            maximumRunRows = rows
        }
    }

    private static func port(_ text: String, name: String) throws(ServeConfigurationError) -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw ServeConfigurationError(
                "\(name) must be a port number from 0 to 65535 (0: any free port), got '\(text)'")
        }
        return port
    }
}

/// A bad `dm serve` option or environment variable, with what to use instead.
package struct ServeConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The message.
    package var message: String
    package var description: String { message }

    init(_ message: String) {
        self.message = message
    }
}
