import Commands
import Foundation
import HTTPFront

/// `dm bench …`: measured figures next to a peer in the same run.
enum BenchCommands {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["bench", "ledger"], summary: "SHA-256, durable appends, verify and reads vs sha256sum",
            options: [
                OptionSpec(name: "--events", value: "N", help: "events in the verified ledger (default 1000000)"),
                OptionSpec(name: "--sha-mb", value: "MB", help: "size of the SHA-256 test file in MiB (default 256)"),
                OptionSpec(name: "--dir", value: "DIR", help: "scratch folder (default: the system temp folder)"),
            ], run: ledger),
        CommandSpec(
            path: ["bench", "quality"], summary: "the quality step over a folder of target tables: rows/s, peak RSS",
            options: [
                OptionSpec(name: "--target", value: "DIR", help: "folder of the 38 <table>.csv files (required)"),
                OptionSpec(name: "--min-patients", value: "N", help: "minimum patients (default 0)"),
                OptionSpec(name: "--reference-date", value: "DATE", help: "yyyy-MM-dd (default 2025-01-01)"),
                OptionSpec(name: "--dir", value: "DIR", help: "scratch folder (default: the system temp folder)"),
            ], run: quality),
        CommandSpec(
            path: ["bench", "lifecycle"], summary: "the whole lifecycle: per-step time, rows/s, peak memory",
            options: [
                OptionSpec(name: "--rows", value: "N", help: "patients (default 100000)"),
                OptionSpec(name: "--dir", value: "DIR", help: "scratch folder (default: the system temp folder)"),
            ], run: lifecycle),
        CommandSpec(
            path: ["bench", "connectors"],
            summary: "the same mock PAS through each connector (postgres too, given a server): rows/s, parity",
            options: [
                OptionSpec(name: "--rows", value: "N", help: "patients (default 100000)"),
                OptionSpec(name: "--dir", value: "DIR", help: "scratch folder (default: the system temp folder)"),
                OptionSpec(
                    name: "--set", value: "KEY=VALUE",
                    help: "a postgres setting (repeatable; default: DM_TEST_PG_* when set); measures postgres too"),
                OptionSpec(name: "--password-env", value: "VAR", help: "the postgres password from environment VAR"),
            ], run: connectors),
        CommandSpec(
            path: ["bench", "replay"], summary: "fold a synthetic ledger into every projection: events/s",
            options: [
                OptionSpec(name: "--events", value: "N", help: "events in the synthetic ledger (default 1000000)"),
                OptionSpec(
                    name: "--keep", value: "DIR", help: "build the ledger in DIR and keep it (reused if present)"),
                OptionSpec(name: "--dir", value: "DIR", help: "scratch folder (default: the system temp folder)"),
            ], run: replay),
        CommandSpec(
            path: ["bench", "http"],
            summary: "/health and a 50-row mappings page under load: req/s, p50/p99, RSS, vs Hummingbird",
            options: [
                OptionSpec(name: "--duration", value: "S", help: "seconds per measured run (default 10)"),
                OptionSpec(name: "--connections", value: "N", help: "keep-alive connections (default 64)"),
                OptionSpec(name: "--threads", value: "N", help: "load threads, wrk -t (default 1)"),
                OptionSpec(
                    name: "--repeats", value: "N",
                    help: "runs per path, alternating with the peer; best counts (default 2)"),
                OptionSpec(name: "--warmup", value: "S", help: "untimed seconds per path first (default 2)"),
                OptionSpec(
                    name: "--client", value: "auto|wrk|builtin", help: "load generator (default auto: wrk if installed)"
                ),
                OptionSpec(
                    name: "--server", value: "serve|in-process",
                    help: "dm serve as a child (default) or the server core in this process"),
                OptionSpec(name: "--rows", value: "N", help: "patients of the preparing dm lifecycle run (default 20)"),
                OptionSpec(
                    name: "--peer", value: "PATH",
                    help: "also load the Hummingbird peer: its binary or package folder (../shared/peers/hbpeer)"),
                OptionSpec(
                    name: "--peer-script", value: "PATH",
                    help: "run the load through run-http-peers.sh (../shared/peers/run-http-peers.sh) instead"),
                OptionSpec(name: "--dir", value: "DIR", help: "scratch folder (default: the system temp folder)"),
            ], run: http),
    ]

    static func http(_ arguments: ParsedArguments) throws -> Int32 {
        let options = arguments.options
        let server: HTTPBenchmark.Server
        switch options["--server"] ?? "serve" {
        case "serve": server = .serve(executable: currentExecutable())
        case "in-process": server = .inProcess
        case let other: throw UsageError(message: "--server takes serve or in-process, got '\(other)'")
        }
        var bench = HTTPBenchmark.Options(
            server: server, scratchDirectory: options["--dir"] ?? FileManager.default.temporaryDirectory.path)
        bench.root = options["--root"]
        bench.seconds = try arguments.integer("--duration", default: 10, range: 1...3600)
        bench.warmupSeconds = try arguments.integer("--warmup", default: 2, range: 0...600)
        bench.connections = try arguments.integer("--connections", default: 64, range: 1...10_000)
        bench.threads = try arguments.integer("--threads", default: 1, range: 1...64)
        bench.repeats = try arguments.integer("--repeats", default: 2, range: 1...20)
        bench.lifecycleRows = try arguments.integer("--rows", default: 20, range: 1...1_000_000)
        guard let client = HTTPBenchmark.Client(rawValue: options["--client"] ?? "auto") else {
            throw UsageError(message: "--client takes auto, wrk or builtin, got '\(options["--client"] ?? "")'")
        }
        bench.client = client
        bench.peer = options["--peer"]
        bench.peerScript = options["--peer-script"]
        try HTTPBenchmark.run(bench) {
            // Each figure as soon as it is measured, even into a pipe.
            FileHandle.standardOutput.write(Data(($0 + "\n").utf8))
        }
        return 0
    }

    /// This executable, for starting `dm serve` and `dm lifecycle` as children.
    private static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func replay(_ arguments: ParsedArguments) throws -> Int32 {
        let events = try arguments.integer("--events", default: 1_000_000, range: 1...100_000_000)
        let directory = arguments.options["--dir"] ?? FileManager.default.temporaryDirectory.path
        try ReplayBenchmark.run(events: events, directory: directory, keep: arguments.options["--keep"]) { print($0) }
        return 0
    }

    static func connectors(_ arguments: ParsedArguments) throws -> Int32 {
        let rows = try arguments.integer("--rows", default: 100_000, range: 1...10_000_000)
        let directory = arguments.options["--dir"] ?? FileManager.default.temporaryDirectory.path
        var postgres = try ConnectorCommands.settings(arguments)
        if postgres.isEmpty {
            // The server `.ci/postgres.sh` starts: `.ci/postgres.sh swift run -c release dm bench connectors`.
            let environment = ProcessInfo.processInfo.environment
            let names = [
                "host": "HOST", "port": "PORT", "database": "DATABASE", "user": "USER", "password": "PASSWORD",
            ]
            for (setting, suffix) in names {
                if let value = environment["DM_TEST_PG_\(suffix)"] { postgres[setting] = value }
            }
        }
        do {
            try ConnectorBenchmark.run(
                rows: rows, directory: directory, postgres: postgres.isEmpty ? nil : postgres
            ) { print($0) }
        } catch let error as ConnectorError where error.code == .invalidSetting {
            throw UsageError(message: error.message)
        }
        return 0
    }

    static func lifecycle(_ arguments: ParsedArguments) throws -> Int32 {
        let rows = try arguments.integer("--rows", default: 100_000, range: 1...10_000_000)
        let directory = arguments.options["--dir"] ?? FileManager.default.temporaryDirectory.path
        try LifecycleBenchmark.run(rows: rows, directory: directory) { print($0) }
        return 0
    }

    static func ledger(_ arguments: ParsedArguments) throws -> Int32 {
        let events = try arguments.integer("--events", default: 1_000_000, range: 1...100_000_000)
        let megabytes = try arguments.integer("--sha-mb", default: 256, range: 1...16_384)
        let directory = arguments.options["--dir"] ?? FileManager.default.temporaryDirectory.path
        try LedgerBenchmark.run(events: events, shaMegabytes: megabytes, directory: directory) { print($0) }
        return 0
    }

    static func quality(_ arguments: ParsedArguments) throws -> Int32 {
        guard let target = arguments.options["--target"] else {
            throw UsageError(message: "dm bench quality needs --target DIR, a folder holding the 38 target tables")
        }
        let minimum = try arguments.integer("--min-patients", default: 0, range: 0...100_000_000)
        let referenceDate = arguments.options["--reference-date"] ?? "2025-01-01"
        let directory = arguments.options["--dir"] ?? FileManager.default.temporaryDirectory.path
        try QualityBenchmark.run(
            targetDirectory: target, minPatients: minimum, referenceDate: referenceDate,
            scratchDirectory: directory
        ) { print($0) }
        return 0
    }
}
