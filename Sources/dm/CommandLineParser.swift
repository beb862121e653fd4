/// A usage mistake: printed as one line with the fix, exit status 2.
struct UsageError: Error {
    var message: String
}

/// One option a command accepts.
struct OptionSpec: Sendable {
    /// Long name with dashes, e.g. `--root`.
    var name: String
    /// Placeholder of the value (nil for a flag).
    var value: String?
    /// One line of help.
    var help: String
}

/// A `dm` command: its words, help and handler.
struct CommandSpec: Sendable {
    /// The words that select it, e.g. `["ledger", "verify"]`.
    var path: [String]
    /// One line for listings.
    var summary: String
    /// Positional arguments, for the usage line, e.g. `SEQ`.
    var positionals: [String] = []
    /// How many positionals are allowed.
    var positionalCount: ClosedRange<Int> = 0...0
    /// Options besides the common ones.
    var options: [OptionSpec] = []
    /// Hidden commands are test helpers, not listed.
    var hidden = false
    /// Runs the command; returns the exit status.
    var run: @Sendable (ParsedArguments) throws -> Int32

    var usage: String {
        (["dm"] + path + positionals + (options.isEmpty ? [] : ["[options]"])).joined(separator: " ")
    }
}

/// Arguments after the command words, checked against the command's options.
struct ParsedArguments: Sendable {
    var options: [String: String] = [:]
    /// Every value of each option in order, for options that may be repeated (`--set a=1 --set b=2`).
    var repeated: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    /// The data folder holding `events/`, `reports/`, `schemas/`, `mock_data/`.
    var root: String { options["--root"] ?? "." }

    /// The registered user to act as (`--actor NAME`); nil: the local admin.
    var actor: String? { options["--actor"] }

    /// A whole-number option, with a usage error naming the option when it is not one.
    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int> = 0...Int.max) throws -> Int {
        guard let text = options[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                message: "\(name) needs a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    static func parse(_ words: [String], for command: CommandSpec, common: [OptionSpec]) throws -> ParsedArguments {
        let specs = Dictionary(
            (common + command.options).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var parsed = ParsedArguments()
        var index = 0
        let name = (["dm"] + command.path).joined(separator: " ")
        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("-"), word.count > 1, Int(word) == nil {
                var key = word
                var inline: String?
                if let equals = word.firstIndex(of: "=") {
                    key = String(word[..<equals])
                    inline = String(word[word.index(after: equals)...])
                }
                guard let spec = specs[key] else {
                    throw UsageError(
                        message:
                            "unknown option \(key) for `\(name)`\(DM.suggestion(key, among: specs.keys.sorted())); "
                            + "see `\(name) --help`")
                }
                if let placeholder = spec.value {
                    if let inline {
                        parsed.options[key] = inline
                        parsed.repeated[key, default: []].append(inline)
                    } else if index < words.count {
                        parsed.options[key] = words[index]
                        parsed.repeated[key, default: []].append(words[index])
                        index += 1
                    } else {
                        throw UsageError(message: "\(key) needs a value: `\(name) \(key) \(placeholder)`")
                    }
                } else {
                    guard inline == nil else { throw UsageError(message: "\(key) takes no value") }
                    parsed.flags.insert(key)
                }
            } else {
                parsed.positionals.append(word)
            }
        }
        guard command.positionalCount.contains(parsed.positionals.count) else {
            let expected = command.positionals.isEmpty ? "no arguments" : command.positionals.joined(separator: " ")
            throw UsageError(message: "`\(name)` takes \(expected); usage: \(command.usage)")
        }
        return parsed
    }
}
