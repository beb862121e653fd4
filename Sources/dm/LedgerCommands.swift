import Commands
import EventStore
import Foundation

/// `dm ledger …`: inspect and verify the hash-chained ledger.
enum LedgerCommands {
    static let all: [CommandSpec] = [
        CommandSpec(
            path: ["ledger", "verify"], summary: "check every line: JSON, canonical form, seq, prev linkage, hash",
            options: [OptionSpec(name: "--json", value: nil, help: "print the report as JSON")], run: verify),
        CommandSpec(path: ["ledger", "head"], summary: "print the newest event's seq and hash", run: head),
        CommandSpec(
            path: ["ledger", "tail"], summary: "print the last events (raw ledger lines)",
            options: [OptionSpec(name: "-n", value: "N", help: "how many (default 10)")], run: tail),
        CommandSpec(
            path: ["ledger", "show"], summary: "print one event (its raw ledger line)", positionals: ["SEQ"],
            positionalCount: 1...1, run: show),
        CommandSpec(
            path: ["ledger", "demo"], summary: "append N sample events in batches, then verify the ledger",
            options: [
                OptionSpec(name: "--events", value: "N", help: "how many events (default 1000)"),
                OptionSpec(name: "--batch", value: "K", help: "events per append (default 100)"),
            ], run: demo),
        CommandSpec(
            path: ["ledger", "append-loop"], summary: "test helper: append one command at a time, print each ack",
            options: [
                OptionSpec(name: "--events", value: "N", help: "how many appends"),
                OptionSpec(name: "--tag", value: "TAG", help: "prefix of command ids"),
            ], hidden: true, run: appendLoop),
    ]

    static func ledger(_ arguments: ParsedArguments) throws -> Ledger {
        try Ledger(directory: arguments.root + "/events")
    }

    static func verify(_ arguments: ParsedArguments) throws -> Int32 {
        let path = arguments.root + "/events/ledger.jsonl"
        guard FileManager.default.fileExists(atPath: path) else {
            throw UsageError(message: "no ledger at \(path); pass --root DIR pointing at the data folder")
        }
        let started = Date()
        let report = try LedgerVerifier.verify(path: path)
        let seconds = Date().timeIntervalSince(started)
        if arguments.flags.contains("--json") {
            var object: [String: JSONValue] = [
                "intact": .bool(report.intact), "events": .int(report.events), "bytes": .int(report.bytes),
                "head_seq": .int(report.headSeq), "head_hash": .string(report.headHash.hex),
            ]
            if let failure = report.failure {
                object["failure"] = .object([
                    "seq": .int(failure.seq), "line": .int(failure.line), "offset": .int(failure.offset),
                    "reason": .string(failure.problem.rawValue), "detail": .string(failure.detail),
                ])
            }
            print(try JSONValue.object(object).canonicalString())
        } else if let failure = report.failure {
            print(
                "BROKEN at seq \(failure.seq) (line \(failure.line), byte offset \(failure.offset)): "
                    + "\(failure.problem.rawValue) — \(failure.detail)")
            print("\(report.events) events before it are intact (head seq \(report.headSeq)).")
        } else {
            let megabytes = Double(report.bytes) / 1_000_000
            print(
                "intact: \(report.events) events, head seq \(report.headSeq), head hash \(report.headHash.hex) "
                    + "(\(String(format: "%.1f", megabytes)) MB in \(String(format: "%.3f", seconds)) s)")
        }
        return report.intact ? 0 : 1
    }

    static func head(_ arguments: ParsedArguments) throws -> Int32 {
        let head = try DataFolder.ledger(arguments).head()
        print("seq \(head.seq) hash \(head.hash.hex)")
        return 0
    }

    static func tail(_ arguments: ParsedArguments) throws -> Int32 {
        let count = try arguments.integer("-n", default: 10, range: 1...1_000_000)
        let ledger = try DataFolder.ledger(arguments)
        let head = try ledger.head()
        var cursor = try ledger.cursor(from: max(1, head.seq - count + 1))
        while cursor.nextSeq <= head.seq, let line = try cursor.nextLine() {
            print(String(decoding: line, as: UTF8.self))
        }
        return 0
    }

    static func show(_ arguments: ParsedArguments) throws -> Int32 {
        guard let seq = Int(arguments.positionals[0]), seq >= 1 else {
            throw UsageError(message: "SEQ must be a positive whole number, got '\(arguments.positionals[0])'")
        }
        let ledger = try DataFolder.ledger(arguments)
        let head = try ledger.head()
        guard seq <= head.seq else {
            throw UsageError(message: "no event \(seq): the ledger's head is seq \(head.seq)")
        }
        var cursor = try ledger.cursor(from: seq)
        guard let line = try cursor.nextLine() else { return 1 }
        print(String(decoding: line, as: UTF8.self))
        return 0
    }

    static func demo(_ arguments: ParsedArguments) throws -> Int32 {
        let events = try arguments.integer("--events", default: 1000, range: 1...100_000_000)
        let batch = try arguments.integer("--batch", default: 100, range: 1...100_000)
        // Demo noise in a trust's ledger would be permanent in its audit chain: only a new ledger gets it.
        let existing =
            (try? FileManager.default.attributesOfItem(atPath: arguments.root + "/events/ledger.jsonl"))?[
                .size] as? Int ?? 0
        guard existing == 0 else {
            throw UsageError(
                message: "\(arguments.root)/events/ledger.jsonl already has events; `dm ledger demo` writes sample "
                    + "events only into a new ledger (give --root a new folder)")
        }
        let ledger = try ledger(arguments)
        let summary = try LedgerDemo.run(ledger: ledger, events: events, batchSize: batch, actor: LocalActor.current)
        print(summary.description)
        return summary.report.intact ? 0 : 1
    }

    static func appendLoop(_ arguments: ParsedArguments) throws -> Int32 {
        let count = try arguments.integer("--events", default: 1000, range: 1...100_000_000)
        let tag = arguments.options["--tag"] ?? "loop"
        let ledger = try ledger(arguments)
        for index in 1...count {
            let command = "\(tag)-\(index)"
            let result = try ledger.append(
                [NewEvent(type: "demo.tick", data: ["n": .int(index), "tag": .string(tag)])],
                actor: LocalActor.current, command: command)
            // Unbuffered: the crash test counts on every printed acknowledgement having left the process.
            FileHandle.standardOutput.write(Data("acked \(result.events[0].seq) \(command)\n".utf8))
        }
        return 0
    }
}
