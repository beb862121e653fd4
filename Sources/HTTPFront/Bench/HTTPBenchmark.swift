import Commands
import Foundation

/// `dm bench http`: `/health` and a 50-row mappings page under keep-alive load, req/s and p50/p99 per path, the
/// server's memory after the load, and, in the same run, the same load on the Hummingbird peer with the ratio.
///
/// The server is the real binary (`dm serve --root ROOT --port 0`, ready when it prints `listening on
/// http://HOST:PORT`, stopped with SIGTERM; the admin bearer token is read from ROOT/events/admin.token), on a
/// ROOT prepared by a small `dm lifecycle` run so that mappings exist. `--server in-process` measures the server
/// core alone with `HTTPBenchFixture` instead. Load comes from `wrk` when installed, else `HTTPLoadClient`.
package enum HTTPBenchmark {
    /// Which server is measured.
    package enum Server: Sendable, Equatable {
        /// `dm serve` from this executable.
        case serve(executable: String)
        /// The fixture router in this process.
        case inProcess
    }

    /// Which load generator runs.
    package enum Client: String, Sendable {
        /// wrk if on PATH, else built-in.
        case auto
        /// wrk; fails without it.
        case wrk
        /// `HTTPLoadClient`.
        case builtin
    }

    /// Everything `dm bench http` can be told.
    package struct Options: Sendable {
        /// The server measured.
        package var server: Server
        /// The data folder for `dm serve`; nil: a scratch folder prepared and removed by the bench.
        package var root: String?
        /// Patients in the preparing `dm lifecycle` run.
        package var lifecycleRows = 20
        /// Seconds per measured run.
        package var seconds = 10
        /// Seconds of untimed load per path before measuring.
        package var warmupSeconds = 2
        /// Keep-alive connections.
        package var connections = 64
        /// Measured runs per path and server (alternating with the peer); the best counts.
        package var repeats = 1
        /// Load threads (wrk `-t`).
        package var threads = 1
        /// Load generator.
        package var client = Client.auto
        /// The Hummingbird peer: its binary, or its package folder (built with `swift build -c release`).
        package var peer: String?
        /// `run-http-peers.sh`: when set, it runs the load (its matrix with CONNS=connections, REPS=1).
        package var peerScript: String?
        /// Where scratch folders go.
        package var scratchDirectory: String

        /// Options with defaults for `server`.
        package init(server: Server, scratchDirectory: String = FileManager.default.temporaryDirectory.path) {
            self.server = server
            self.scratchDirectory = scratchDirectory
        }
    }

    /// One path measured on ours and the peer's equivalent.
    struct Target {
        /// Our path.
        var ours: String
        /// The peer's path doing the same work.
        var peer: String
    }

    /// `/health`, and the 50-row page (the peer's is `/api/items?limit=50`).
    static let targets = [
        Target(ours: "/health", peer: "/health"),
        Target(ours: "/api/mappings?page=1&page_size=50", peer: "/api/items?limit=50"),
    ]

    /// Runs the bench, printing through `report`; returns the measured pairs.
    @discardableResult
    package static func run(_ options: Options, report: (String) -> Void) throws -> [HTTPBenchComparison] {
        let wrk = try resolveClient(options.client)
        report(
            "dm bench http — \(options.connections) connections, \(options.seconds) s per run, load by "
                + "\(wrk == nil ? "the built-in client" : "wrk -t\(options.threads)"), "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores shared by server and load (\(loadAverage()))")
        let peerBinary = try options.peer.map {
            try HTTPBenchPeer.resolve($0, scratch: options.scratchDirectory, report)
        }

        var cleanup: [() -> Void] = []
        defer { for step in cleanup.reversed() { step() } }
        let ours: HTTPBenchServer
        var token: String?
        switch options.server {
        case .inProcess:
            ours = try HTTPBenchServer.startInProcess()
        case .serve(let executable):
            let root = try prepareRoot(options, executable: executable, report: report, cleanup: &cleanup)
            ours = try HTTPBenchServer.startServe(executable: executable, root: root)
            cleanup.append { ours.stop() }
            token = try readToken(root: root)
        }
        if case .inProcess = options.server { cleanup.append { ours.stop() } }
        report("server      \(ours.label) on 127.0.0.1:\(ours.port), pid \(ours.pid)")
        let peer = try peerBinary.map { try HTTPBenchServer.startPeer(executable: $0) }
        if let peer {
            cleanup.append { peer.stop() }
            report("peer        \(peer.label) on 127.0.0.1:\(peer.port), pid \(peer.pid)")
        }
        let headers = token.map { [(name: "Authorization", value: "Bearer \($0)")] } ?? []

        var comparisons: [HTTPBenchComparison] = []
        if let script = options.peerScript {
            comparisons = try HTTPBenchPeer.runScript(
                script, ours: ours, peer: peer, token: token, options: options, wrk: wrk, report: report)
        } else {
            for target in targets {
                let load = { (server: HTTPBenchServer, path: String, seconds: Int) throws -> HTTPLoadResult in
                    try measure(server, path: path, headers: headers, seconds: seconds, options: options, wrk: wrk)
                }
                if options.warmupSeconds > 0 {
                    _ = try load(ours, target.ours, options.warmupSeconds)
                    if let peer { _ = try load(peer, target.peer, options.warmupSeconds) }
                }
                // Ours and the peer alternate (ours, peer, peer, ours, …) so drift in the machine's load hits
                // both alike; the best run of each counts, the least disturbed on a shared machine.
                var mine: HTTPLoadResult?
                var theirs: HTTPLoadResult?
                for round in 0..<options.repeats {
                    let order = peer == nil ? [true] : round % 2 == 0 ? [true, false] : [false, true]
                    for isOurs in order {
                        let server = isOurs ? ours : peer!
                        let path = isOurs ? target.ours : target.peer
                        let result = try load(server, path, options.seconds)
                        report(
                            "\(isOurs ? "ours" : "peer")        \(path.padding(toLength: 36, withPad: " ", startingAt: 0)) "
                                + result.summary)
                        if isOurs {
                            mine = best(mine, result)
                        } else {
                            theirs = best(theirs, result)
                        }
                    }
                }
                guard let mine else { continue }
                let comparison = HTTPBenchComparison(path: target.ours, ours: mine, peer: theirs)
                if let ratio = comparison.ratio {
                    report(
                        "ratio       \(target.ours): ours/peer \(String(format: "%.2f", ratio))× req/s "
                            + "(best of \(options.repeats): \(HTTPLoadResult.grouped(mine.requestsPerSecond)) vs "
                            + "\(HTTPLoadResult.grouped(comparison.peer?.requestsPerSecond ?? 0)))")
                }
                comparisons.append(comparison)
            }
        }
        let memory = ours.memoryMiB()
        report(
            "memory      \(ours.label) after the load: VmRSS \(String(format: "%.1f", memory.rss)) MiB, "
                + "VmHWM \(String(format: "%.1f", memory.peak)) MiB"
                + (options.server == .inProcess ? " (this process, load client included)" : ""))
        if let peer {
            let peerMemory = peer.memoryMiB()
            report(
                "memory      \(peer.label) after the load: VmRSS \(String(format: "%.1f", peerMemory.rss)) MiB, "
                    + "VmHWM \(String(format: "%.1f", peerMemory.peak)) MiB")
        }
        for line in budgetLines(comparisons, peakMiB: memory.peak) { report(line) }
        return comparisons
    }

    /// The run with more requests per second.
    private static func best(_ current: HTTPLoadResult?, _ new: HTTPLoadResult) -> HTTPLoadResult {
        guard let current, current.requestsPerSecond >= new.requestsPerSecond else { return new }
        return current
    }

    /// One timed load against `server`.
    static func measure(
        _ server: HTTPBenchServer, path: String, headers: [(name: String, value: String)], seconds: Int,
        options: Options, wrk: String?
    ) throws -> HTTPLoadResult {
        if let wrk {
            return try WrkLoad(
                executable: wrk, url: "http://127.0.0.1:\(server.port)\(path)", headers: headers,
                connections: options.connections, threads: options.threads, seconds: seconds
            ).run()
        }
        return HTTPLoadClient(
            port: server.port, path: path, headers: headers, connections: options.connections,
            threads: options.threads, duration: .seconds(seconds)
        ).run()
    }

    /// The budget of DESIGN.md §8 against the figures: ≥ 0.8× the peer, p99 < 10 ms, RSS < 100 MB.
    static func budgetLines(_ comparisons: [HTTPBenchComparison], peakMiB: Double) -> [String] {
        var lines: [String] = []
        for comparison in comparisons {
            var checks = ["p99 \(comparison.ours.p99Milliseconds < 10 ? "< 10 ms PASS" : "≥ 10 ms FAIL")"]
            if let ratio = comparison.ratio {
                checks.append("\(String(format: "%.2f", ratio))× peer \(ratio >= 0.8 ? "≥ 0.8 PASS" : "< 0.8 FAIL")")
            }
            if comparison.ours.non2xx > 0 || comparison.ours.socketErrors > 0 { checks.append("ERRORS seen") }
            lines.append("budget      \(comparison.path): " + checks.joined(separator: ", "))
        }
        lines.append(
            "budget      server peak RSS \(String(format: "%.1f", peakMiB)) MiB \(peakMiB < 100 ? "< 100 PASS" : "≥ 100 FAIL")"
        )
        return lines
    }

    /// The wrk executable to use, nil for the built-in client.
    private static func resolveClient(_ client: Client) throws -> String? {
        switch client {
        case .builtin: return nil
        case .auto: return BenchmarkSupport.which("wrk")
        case .wrk:
            guard let path = BenchmarkSupport.which("wrk") else {
                throw HTTPBenchError(
                    message: "wrk is not on PATH; install it (apt-get install -y wrk) or use --client builtin")
            }
            return path
        }
    }

    /// The data folder for `dm serve`: `--root` as given, or a scratch folder; prepared by a small
    /// `dm lifecycle` run when it holds no ledger yet.
    private static func prepareRoot(
        _ options: Options, executable: String, report: (String) -> Void, cleanup: inout [() -> Void]
    ) throws -> String {
        let root: String
        if let given = options.root {
            root = given
        } else {
            root = options.scratchDirectory + "/dm-bench-http-\(UUID().uuidString.lowercased())"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            cleanup.append { try? FileManager.default.removeItem(atPath: root) }
        }
        guard !FileManager.default.fileExists(atPath: root + "/events/ledger.jsonl") else { return root }
        report("prepare     dm lifecycle --rows \(options.lifecycleRows) in \(root)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "lifecycle", "--root", root, "--rows", String(options.lifecycleRows), "--min-patients",
            String(options.lifecycleRows), "--quiet",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard FileManager.default.fileExists(atPath: root + "/events/ledger.jsonl") else {
            throw HTTPBenchError(
                message: "`dm lifecycle --root \(root)` wrote no ledger (exit status \(process.terminationStatus))")
        }
        return root
    }

    /// The admin bearer token `dm serve` keeps in ROOT/events/admin.token.
    private static func readToken(root: String) throws -> String {
        let path = root + "/events/admin.token"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else {
            throw HTTPBenchError(message: "no admin token at \(path); `dm serve` writes it when it starts")
        }
        return token
    }

    /// The 1-minute load average, to tell a reader how busy the shared machine was.
    private static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return "load average " + (text.split(separator: " ").first.map(String.init) ?? "?")
    }
}

/// Ours and the peer on one path.
package struct HTTPBenchComparison: Sendable {
    /// Our path.
    package var path: String
    /// Our figures.
    package var ours: HTTPLoadResult
    /// The peer's figures, when a peer ran.
    package var peer: HTTPLoadResult?

    /// Ours over the peer's requests per second.
    package var ratio: Double? {
        guard let peer, peer.requestsPerSecond > 0 else { return nil }
        return ours.requestsPerSecond / peer.requestsPerSecond
    }
}
