import Commands
import Foundation

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
            path: ["bench", "connectors"], summary: "the same mock PAS through each file connector: rows/s, parity",
            options: [
                OptionSpec(name: "--rows", value: "N", help: "patients (default 100000)"),
                OptionSpec(name: "--dir", value: "DIR", help: "scratch folder (default: the system temp folder)"),
            ], run: connectors),
        CommandSpec(
            path: ["bench", "replay"], summary: "fold a synthetic ledger into every projection: events/s",
            options: [
                OptionSpec(name: "--events", value: "N", help: "events in the synthetic ledger (default 1000000)"),
                OptionSpec(
                    name: "--keep", value: "DIR", help: "build the ledger in DIR and keep it (reused if present)"),
                OptionSpec(name: "--dir", value: "DIR", help: "scratch folder (default: the system temp folder)"),
            ], run: replay),
    ]

    static func replay(_ arguments: ParsedArguments) throws -> Int32 {
        let events = try arguments.integer("--events", default: 1_000_000, range: 1...100_000_000)
        let directory = arguments.options["--dir"] ?? FileManager.default.temporaryDirectory.path
        try ReplayBenchmark.run(events: events, directory: directory, keep: arguments.options["--keep"]) { print($0) }
        return 0
    }

    static func connectors(_ arguments: ParsedArguments) throws -> Int32 {
        let rows = try arguments.integer("--rows", default: 100_000, range: 1...10_000_000)
        let directory = arguments.options["--dir"] ?? FileManager.default.temporaryDirectory.path
        try ConnectorBenchmark.run(rows: rows, directory: directory) { print($0) }
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
