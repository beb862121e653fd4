import Commands
import EventStore
import Foundation

/// The data folder a command names with `--root`: commands other than `dm init`, `dm lifecycle` and `dm serve`
/// work on an existing one and never create it, so a mistyped `--root` is an error, not a new empty folder.
enum DataFolder {
    /// The ledger of the existing data folder `arguments` names, or a usage error saying how to point at one.
    static func ledger(_ arguments: ParsedArguments) throws -> Ledger {
        let events = arguments.root + "/events"
        guard FileManager.default.fileExists(atPath: events + "/ledger.jsonl") else {
            throw UsageError(
                message: "no data folder at \(arguments.root) (it has no events/ledger.jsonl); pass --root DIR naming "
                    + "one, or create one with `dm init` or `dm lifecycle`")
        }
        return try Ledger(directory: events)
    }

    /// For the commands that create a data folder: when `root` has no ledger yet, says so on stderr as the first
    /// line, so a mistyped `--root` is noticed at once.
    static func announceIfNew(_ root: String) {
        guard !FileManager.default.fileExists(atPath: root + "/events/ledger.jsonl") else { return }
        let path = URL(fileURLWithPath: root).standardizedFileURL.path
        FileHandle.standardError.write(
            Data("dm: creating a new data folder at \(path) (readable by this user only)\n".utf8))
    }
}
