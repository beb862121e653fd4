import Commands
import EventStore
import Foundation
import Glibc
import HTTPFront

/// `dm serve`: the HTTP API and the web console (on both ports) until SIGTERM / SIGINT.
enum ServeCommand {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["serve"], summary: "serve the control-plane API over HTTP (stops gracefully on SIGTERM/SIGINT)",
            options: [
                OptionSpec(name: "--host", value: "H", help: "address to bind (default 127.0.0.1; env DM_API_HOST)"),
                OptionSpec(name: "--port", value: "N", help: "API port (default 8099, 0: any free; env DM_API_PORT)"),
                OptionSpec(name: "--ui-port", value: "N", help: "console port (default 3133; same as --port: none)"),
                OptionSpec(
                    name: "--max-run-rows", value: "N",
                    help: "most patient rows an API client may run (default 10000000)"),
                OptionSpec(
                    name: "--source-hosts", value: "H:P,…",
                    help: "database servers API clients may point the postgres connector at (default: none; env "
                        + "DM_SOURCE_HOSTS)"),
            ], run: serve)
    ]

    static func serve(_ arguments: ParsedArguments) throws -> Int32 {
        let configuration: ServeConfiguration
        do {
            configuration = try ServeConfiguration(
                options: arguments.options, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw UsageError(message: error.message)
        }
        let logger = APILogger(level: configuration.logLevel)
        // The connection cap (and its headroom while idle sockets are closed) needs descriptors: raise the soft
        // limit to the hard one, as servers do, so a 1,024 default cannot stop the server from accepting.
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = min(limit.rlim_max, 65_536)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        DataFolder.announceIfNew(configuration.root)
        let root = DataRoot(path: configuration.root)
        try root.createFolders()
        let tokenFile = root.eventsPath + "/admin.token"
        let state = try ControlPlaneState(
            rootPath: configuration.root, maximumRunRows: configuration.maximumRunRows,
            sourceHosts: configuration.sourceHosts, logger: logger)
        let ledger = state.ledger
        // The whole chain is checked at start (every line's hash): a damaged ledger is served read-only, loudly.
        if let damage = try ledger.damage() {
            logger.log(
                .error, event: "ledger_damaged",
                "\(damage.description); every write is refused until the ledger is restored (dm ledger verify)")
        } else if let created = try UserAdministration(ledger: ledger).initialise(tokenFile: tokenFile) {
            logger.log(.info, event: "initialised", "created admin '\(created.user)'; bearer token in \(tokenFile)")
        }
        // The web console's static files answer their own paths; everything else is the API. CORS: only the
        // configured origins (none by default) get Access-Control-* headers and preflight answers.
        let site = CORSResponder(
            try ConsoleResponder(bundledIn: ControlPlaneAPI(state: state)),
            policy: CORSPolicy(allowedOrigins: configuration.allowedOrigins))
        var server = HTTPServerConfiguration(stopsOnTerminationSignals: true)
        // The API logs the requests it answers (with the user); the core reports the ones refused before routing.
        server.accessLog = { entry in
            // The console answers its files (200, 304) before the API sees them, so the core's entry is their only
            // one too; a miss under /console/ goes on to the API, which logs its 404 itself.
            let consoleFile = [200, 304].contains(entry.status) && ConsoleResponder.answers(path: entry.path)
            guard entry.method == "-" || Self.refusedByTheCore.contains(entry.status) || consoleFile else { return }
            logger.access(
                method: entry.method, path: entry.path, status: entry.status, bytes: entry.bytes,
                milliseconds: entry.milliseconds, user: nil)
        }
        let apiServer: HTTPServer
        do {
            apiServer = try HTTPServer.start(
                host: configuration.host, port: configuration.port, responder: site, configuration: server)
        } catch {
            throw UsageError(
                message: "cannot listen on \(configuration.host):\(configuration.port) (\(error)); "
                    + "pick another --port or stop what uses it")
        }
        var console: HTTPServer?
        if configuration.uiPort != configuration.port {
            do {
                console = try HTTPServer.start(
                    host: configuration.host, port: configuration.uiPort, responder: site, configuration: server)
            } catch {
                apiServer.stop()
                throw UsageError(
                    message:
                        "cannot listen on \(configuration.host):\(configuration.uiPort) for the console (\(error)); "
                        + "pick another --ui-port, or pass the API port to serve no console")
            }
        }
        if let console {
            logger.log(.info, event: "console", "console on http://\(display(configuration.host)):\(console.port)")
        }
        if !configuration.allowedOrigins.isEmpty {
            logger.log(
                .info, event: "cors", "allowed origins: \(configuration.allowedOrigins.joined(separator: ", "))")
        }
        // The one stdout line other tools wait for (the chosen port when started with --port 0).
        FileHandle.standardOutput.write(
            Data("listening on http://\(display(configuration.host)):\(apiServer.port)\n".utf8))
        apiServer.waitUntilStopped()
        console?.stop()
        if let active = state.runs.current {
            logger.log(.warning, event: "shutdown", "run \(active.id) was still in progress; it stays unfinished")
        }
        logger.log(.info, event: "stopped", "server stopped")
        return 0
    }

    /// Statuses only the server core answers (the API never does), so the core's log entry is the only one.
    static let refusedByTheCore: Set<Int> = [408, 411, 413, 414, 417, 431, 501, 503, 505]

    /// A host as it appears in a URL (IPv6 literals in brackets).
    static func display(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}
