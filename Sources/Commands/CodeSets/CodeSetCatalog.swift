import Foundation

/// The NHS code sets the migration validates against, with each code's status and source version.
///
/// A code is valid as a *source* value when it is listed at all (legacy data legitimately holds retired codes), and
/// valid as a *target* value only when it is listed and active: nothing retired may be written into the EPR.
package struct CodeSetCatalog: Sendable, Equatable {
    /// Whether a code may still be used in new records.
    package enum Status: String, Sendable, Equatable {
        /// In current use; valid as source and target.
        case active
        /// Superseded; valid only as a source value, never written to the target.
        case retired
    }

    /// One row of `nhs-code-sets.csv`.
    package struct Entry: Sendable, Equatable {
        /// Code set name, e.g. `ADMISSION_METHOD`.
        package let codeSet: String
        /// The code as a string; leading zeros are significant (`01` is not `1`).
        package let code: String
        /// Description, verbatim from the source publication.
        package let description: String
        /// Active or retired.
        package let status: Status
        /// Version of the source publication the row was taken from.
        package let version: String

        /// Creates an entry.
        package init(codeSet: String, code: String, description: String, status: Status, version: String) {
            self.codeSet = codeSet
            self.code = code
            self.description = description
            self.status = status
            self.version = version
        }
    }

    /// Version of the bundle of files the catalog came from (the `VERSION` file), recorded by runs.
    package let bundleVersion: String
    /// Every entry, in file order.
    package let entries: [Entry]
    private let index: [String: [String: Int]]

    /// Builds a catalog from entries; throws if a code appears twice in one code set.
    package init(entries: [Entry], bundleVersion: String) throws(CodeSetError) {
        var index: [String: [String: Int]] = [:]
        for (position, entry) in entries.enumerated() {
            if index[entry.codeSet, default: [:]][entry.code] != nil {
                throw .duplicate(file: "nhs-code-sets.csv", line: position + 2, key: "\(entry.codeSet) \(entry.code)")
            }
            index[entry.codeSet, default: [:]][entry.code] = position
        }
        self.entries = entries
        self.index = index
        self.bundleVersion = bundleVersion
    }

    /// Code set names in first-appearance order.
    package var codeSetNames: [String] {
        var seen = Set<String>()
        return entries.compactMap { seen.insert($0.codeSet).inserted ? $0.codeSet : nil }
    }

    /// True when `name` is a known code set.
    package func contains(codeSet name: String) -> Bool {
        index[name] != nil
    }

    /// The entry for `code` in `codeSet`, matched exactly (no trimming or case folding: that would be coercion).
    package func entry(code: String, in codeSet: String) -> Entry? {
        guard let position = index[codeSet]?[code] else { return nil }
        return entries[position]
    }

    /// Whether `code` is valid in `codeSet`: any listed code as a source value, only active codes as a target.
    package func isValid(code: String, in codeSet: String, asTarget: Bool) -> Bool {
        guard let entry = entry(code: code, in: codeSet) else { return false }
        return asTarget ? entry.status == .active : true
    }

    /// The published description of `code` in `codeSet`, if listed.
    package func description(of code: String, in codeSet: String) -> String? {
        entry(code: code, in: codeSet)?.description
    }

    /// All entries of one code set, in file order.
    package func entries(in codeSet: String) -> [Entry] {
        guard let positions = index[codeSet] else { return [] }
        return positions.values.sorted().map { entries[$0] }
    }

    /// Codes of one code set that may be written to the target, in file order.
    package func activeCodes(in codeSet: String) -> [String] {
        entries(in: codeSet).filter { $0.status == .active }.map(\.code)
    }
}
