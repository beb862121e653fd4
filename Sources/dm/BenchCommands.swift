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
            ], run: ledger)
    ]

    static func ledger(_ arguments: ParsedArguments) throws -> Int32 {
        let events = try arguments.integer("--events", default: 1_000_000, range: 1...100_000_000)
        let megabytes = try arguments.integer("--sha-mb", default: 256, range: 1...16_384)
        let directory = arguments.options["--dir"] ?? FileManager.default.temporaryDirectory.path
        try LedgerBenchmark.run(events: events, shaMegabytes: megabytes, directory: directory) { print($0) }
        return 0
    }
}
