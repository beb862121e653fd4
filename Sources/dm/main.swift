import Foundation

/// `dm`: the local operator's console. It parses arguments and calls the library layers; it holds no logic.
enum DM {
    static let common = [
        OptionSpec(
            name: "--root", value: "DIR", help: "data folder with events/, reports/, schemas/, mock_data/ (default: .)"),
        OptionSpec(name: "--actor", value: "NAME", help: "act as this registered user (default: the local admin)"),
        OptionSpec(name: "--help", value: nil, help: "show help for this command"),
    ]

    static let commands: [CommandSpec] =
        LifecycleCommand.all + ReplayCommand.all + RunCommands.all + ReportCommands.all + MappingCommands.all
        + CrosswalkCommands.all
        + SnapshotCommands.all
        + UserCommands.all + LedgerCommands.all + ConnectorCommands.all + BenchCommands.all + ServeCommand.all

    static func main(_ arguments: [String]) -> Int32 {
        let words = Array(arguments.dropFirst())
        if words.isEmpty || words == ["--help"] || words == ["help"] || words == ["-h"] {
            print(overview())
            return words.isEmpty ? 2 : 0
        }
        if words == ["--version"] || words == ["version"] {
            print("dm \(version) (ledger format dm-ledger/1)")
            return 0
        }
        // The longest command path that matches the leading words.
        let match = commands.filter { words.starts(with: $0.path) }.max { $0.path.count < $1.path.count }
        guard let command = match else {
            let groups = Set(commands.filter { !$0.hidden }.map(\.path[0]))
            if groups.contains(words[0]) {
                let group = commands.filter { $0.path[0] == words[0] && !$0.hidden }
                if words.count == 1 || words.dropFirst().allSatisfy({ $0 == "--help" || $0 == "-h" }) {
                    print(listing(group, title: "dm \(words[0]) commands:"))
                    return words.count == 1 ? 2 : 0
                }
                let names = group.map { $0.path.dropFirst().joined(separator: " ") }
                return fail(
                    "unknown command `dm \(words[0]) \(words[1])`\(suggestion(words[1], among: names)); "
                        + "see `dm \(words[0]) --help`")
            }
            return fail("unknown command `\(words[0])`\(suggestion(words[0], among: groups.sorted())); see `dm --help`")
        }
        let rest = Array(words.dropFirst(command.path.count))
        if rest.contains("--help") || rest.contains("-h") {
            print(help(for: command))
            return 0
        }
        do {
            let parsed = try ParsedArguments.parse(rest, for: command, common: common)
            return try command.run(parsed)
        } catch let error as UsageError {
            return fail(error.message)
        } catch {
            FileHandle.standardError.write(Data("dm: error: \(error)\n".utf8))
            return 1
        }
    }

    /// The version this build reports (`dm --version`).
    static let version = "0.21.0"

    /// ", did you mean `x`?" for the known name closest to `word` (edit distance at most 2), or "".
    static func suggestion(_ word: String, among names: [String]) -> String {
        let scored = names.map { ($0, distance(word.lowercased(), $0.lowercased())) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return "" }
        return "; did you mean `\(best.0)`?"
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("dm: error: \(message)\n".utf8))
        return 2
    }

    static func overview() -> String {
        """
        dm — the PAS→EPR migration control plane (event-sourced; every action lands in events/ledger.jsonl)

        USAGE: dm <command> [options]

        \(listing(commands.filter { !$0.hidden }, title: "COMMANDS:"))

        Every command takes --root DIR (default: the current directory). `dm <command> --help` for its options.
        """
    }

    static func listing(_ commands: [CommandSpec], title: String) -> String {
        let width = commands.map { $0.path.joined(separator: " ").count }.max() ?? 0
        let lines = commands.map { command -> String in
            let name = command.path.joined(separator: " ")
            return "  " + name + String(repeating: " ", count: width - name.count + 2) + command.summary
        }
        return ([title] + lines).joined(separator: "\n")
    }

    static func help(for command: CommandSpec) -> String {
        let options = command.options + common
        let width = options.map { $0.name.count + ($0.value.map { $0.count + 1 } ?? 0) }.max() ?? 0
        let lines = options.map { option -> String in
            let name = option.name + (option.value.map { " " + $0 } ?? "")
            return "  " + name + String(repeating: " ", count: width - name.count + 2) + option.help
        }
        return "\(command.summary)\n\nUSAGE: \(command.usage)\n\nOPTIONS:\n" + lines.joined(separator: "\n")
    }
}

exit(DM.main(CommandLine.arguments))
