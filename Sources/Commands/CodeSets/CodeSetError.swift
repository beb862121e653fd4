import Foundation

/// Why a code-set or crosswalk file could not be loaded.
///
/// Loading refuses rather than skips: a catalog with a silently dropped row would make a valid code look unknown
/// (or an unmapped one look mapped), and both end up in a patient record.
package enum CodeSetError: Error, Equatable, CustomStringConvertible {
    /// A required file is not where it should be.
    case fileMissing(path: String)
    /// The file could not be read or is not UTF-8.
    case unreadable(path: String, reason: String)
    /// A row is malformed (bad CSV, wrong field count, bad value in a column).
    case malformedRow(file: String, line: Int, reason: String)
    /// The same code appears twice in one code set, or the same crosswalk key twice.
    case duplicate(file: String, line: Int, key: String)
    /// A crosswalk row contradicts the code sets (unknown code set or code, retired target, bad auto_map).
    case inconsistentCrosswalk(line: Int, reason: String)

    /// Stable identifier for logs and API errors.
    package var code: String {
        switch self {
        case .fileMissing: "CODESET_FILE_MISSING"
        case .unreadable: "CODESET_FILE_UNREADABLE"
        case .malformedRow: "CODESET_MALFORMED_ROW"
        case .duplicate: "CODESET_DUPLICATE"
        case .inconsistentCrosswalk: "CROSSWALK_INCONSISTENT"
        }
    }

    /// A sentence an operator can act on.
    package var description: String {
        switch self {
        case .fileMissing(let path):
            "code-set file \(path) is missing; reinstall the build or pass a directory holding the files"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .malformedRow(let file, let line, let reason):
            "\(file) line \(line): \(reason)"
        case .duplicate(let file, let line, let key):
            "\(file) line \(line): \(key) is listed twice; keep one row"
        case .inconsistentCrosswalk(let line, let reason):
            "crosswalks.csv line \(line): \(reason)"
        }
    }
}
