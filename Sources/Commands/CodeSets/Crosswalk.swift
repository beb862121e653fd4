import Foundation

/// Translates legacy codes into target codes using the catalog and the crosswalk rows, rejecting anything uncertain.
///
/// Decision order for `translate(_:from:to:)`:
/// 1. unknown code set → `CW_UNKNOWN_CODE_SET`; a value not in the source code set → `CW_UNKNOWN_CODE`;
/// 2. a crosswalk row for (source set, code, target set) decides: automatic rows map, the others reject with the
///    rule their kind calls for (retired source, one-to-many, no published map, questionable);
/// 3. with no row, translating within one code set keeps an active code and rejects a retired one; across code
///    sets it rejects as `CW_UNMAPPED`.
package struct Crosswalk: Sendable {
    /// File name of the crosswalk rows inside a code-set directory.
    package static let fileName = "crosswalks.csv"
    /// Header `crosswalks.csv` must have, in this order.
    package static let header = [
        "source_code_set", "source_code", "target_code_set", "target_code", "relationship", "basis", "auto_map",
    ]

    /// The code sets the rows are checked against.
    package let catalog: CodeSetCatalog
    /// Every row, in file order.
    package let entries: [CrosswalkEntry]
    private let index: [Key: Int]

    private struct Key: Hashable {
        let sourceCodeSet: String
        let sourceCode: String
        let targetCodeSet: String
    }

    /// Builds a crosswalk; throws if a row contradicts the catalog or repeats a (source set, code, target set) key.
    package init(catalog: CodeSetCatalog, entries: [CrosswalkEntry]) throws(CodeSetError) {
        var index: [Key: Int] = [:]
        for (position, entry) in entries.enumerated() {
            if let reason = entry.inconsistency(with: catalog) {
                throw .inconsistentCrosswalk(line: position + 2, reason: reason)
            }
            let key = Key(
                sourceCodeSet: entry.sourceCodeSet, sourceCode: entry.sourceCode, targetCodeSet: entry.targetCodeSet)
            guard index[key] == nil else {
                throw .duplicate(
                    file: Self.fileName, line: position + 2,
                    key: "\(entry.sourceCodeSet) \(entry.sourceCode) → \(entry.targetCodeSet)")
            }
            index[key] = position
        }
        self.catalog = catalog
        self.entries = entries
        self.index = index
    }

    /// The row for a source code towards a target code set, if any.
    package func entry(for code: String, from sourceCodeSet: String, to targetCodeSet: String) -> CrosswalkEntry? {
        index[Key(sourceCodeSet: sourceCodeSet, sourceCode: code, targetCodeSet: targetCodeSet)].map { entries[$0] }
    }

    /// Translates `code` of code set `from` into a code of code set `to`; see the type's documentation for the order.
    ///
    /// Matching is exact: `" 1"` or `"m"` are not `"1"` or `"M"`. Cleaning values is a mapping decision that belongs
    /// in the approved contract, where it is visible, not here.
    package func translate(_ code: String, from sourceCodeSet: String, to targetCodeSet: String) -> CrosswalkOutcome {
        for name in [sourceCodeSet, targetCodeSet] where !catalog.contains(codeSet: name) {
            return .rejected(rule: CrosswalkRule.unknownCodeSet, reason: "code set \(name) is not in the catalog")
        }
        guard let source = catalog.entry(code: code, in: sourceCodeSet) else {
            return .rejected(rule: CrosswalkRule.unknownCode, reason: "\"\(code)\" is not a code of \(sourceCodeSet)")
        }
        if let entry = entry(for: code, from: sourceCodeSet, to: targetCodeSet) {
            return outcome(of: entry, source: source)
        }
        guard sourceCodeSet == targetCodeSet else {
            return .rejected(
                rule: CrosswalkRule.unmapped, reason: "no crosswalk from \(sourceCodeSet) \(code) to \(targetCodeSet)")
        }
        guard source.status == .active else {
            return .rejected(
                rule: CrosswalkRule.retiredNoAutoMap,
                reason: "\(sourceCodeSet) \(code) is retired and has no approved replacement")
        }
        return .mapped(code)
    }

    private func outcome(of entry: CrosswalkEntry, source: CodeSetCatalog.Entry) -> CrosswalkOutcome {
        let name = "\(entry.sourceCodeSet) \(entry.sourceCode)"
        let targets = entry.targetCodes.joined(separator: "|")
        if entry.autoMap, let target = entry.targetCodes.first {
            return .mapped(target)
        }
        if entry.relationship == .noPublishedMap {
            return .rejected(
                rule: CrosswalkRule.noPublishedMap,
                reason: "no published map from \(name) to \(entry.targetCodeSet); reject until a policy is approved")
        }
        if source.status == .retired {
            return .rejected(
                rule: CrosswalkRule.retiredNoAutoMap,
                reason: "\(name) is retired; replacement \(targets) needs a manual choice")
        }
        switch entry.relationship {
        case .oneToMany:
            return .rejected(
                rule: CrosswalkRule.oneToMany, reason: "\(name) maps to several codes (\(targets)); choose manually")
        case .questionable:
            return .rejected(
                rule: CrosswalkRule.questionableMap,
                reason: "\(name) → \(targets) is a questionable map and has not been approved")
        case .equivalent, .noPublishedMap:
            return .rejected(rule: CrosswalkRule.noAutoMap, reason: "\(name) → \(targets) is not approved for auto-map")
        }
    }
}
