/// One row of `crosswalks.csv`: how a source code relates to codes of a target code set.
package struct CrosswalkEntry: Sendable, Equatable {
    /// How the source code relates to the target code(s).
    package enum Relationship: String, Sendable, Equatable, CaseIterable {
        /// Same meaning; a single target code.
        case equivalent
        /// Published as equivalent but doubtful; a steward must decide.
        case questionable
        /// The source code splits into several target codes.
        case oneToMany = "one-to-many"
        /// No published map exists; the target is empty.
        case noPublishedMap = "no-published-map"
    }

    /// Code set of the source value, e.g. `PERSON_GENDER_CODE_LEGACY`.
    package let sourceCodeSet: String
    /// The source code.
    package let sourceCode: String
    /// Code set of the target value.
    package let targetCodeSet: String
    /// Target codes: one for an equivalent, several for one-to-many, none when no map is published.
    package let targetCodes: [String]
    /// How source and target relate.
    package let relationship: Relationship
    /// The publication or reasoning behind the row, for auditors.
    package let basis: String
    /// Whether the ETL may apply the row without a human decision.
    package let autoMap: Bool

    /// Creates an entry.
    package init(
        sourceCodeSet: String, sourceCode: String, targetCodeSet: String, targetCodes: [String],
        relationship: Relationship, basis: String, autoMap: Bool
    ) {
        self.sourceCodeSet = sourceCodeSet
        self.sourceCode = sourceCode
        self.targetCodeSet = targetCodeSet
        self.targetCodes = targetCodes
        self.relationship = relationship
        self.basis = basis
        self.autoMap = autoMap
    }

    /// Checks the row against the catalog; returns a reason when it is inconsistent.
    ///
    /// The rules make the crosswalk file unable to contradict the code sets: an automatic row must name exactly one
    /// active target code, so a retired code can never come out of `Crosswalk.translate`.
    func inconsistency(with catalog: CodeSetCatalog) -> String? {
        for name in [sourceCodeSet, targetCodeSet] where !catalog.contains(codeSet: name) {
            return "code set \(name) is not in the catalog"
        }
        guard catalog.isValid(code: sourceCode, in: sourceCodeSet, asTarget: false) else {
            return "source code \(sourceCode) is not in \(sourceCodeSet)"
        }
        for target in targetCodes where !catalog.isValid(code: target, in: targetCodeSet, asTarget: false) {
            return "target code \(target) is not in \(targetCodeSet)"
        }
        switch relationship {
        case .noPublishedMap where !targetCodes.isEmpty:
            return "no-published-map must have an empty target"
        case .oneToMany where targetCodes.count < 2:
            return "one-to-many needs at least two target codes"
        case .equivalent, .questionable:
            if targetCodes.count != 1 { return "\(relationship.rawValue) needs exactly one target code" }
        default:
            break
        }
        if autoMap {
            guard targetCodes.count == 1 else {
                return "auto_map yes needs exactly one target code"
            }
            guard catalog.isValid(code: targetCodes[0], in: targetCodeSet, asTarget: true) else {
                return "auto_map yes targets retired code \(targetCodes[0]) in \(targetCodeSet)"
            }
        }
        return nil
    }
}
