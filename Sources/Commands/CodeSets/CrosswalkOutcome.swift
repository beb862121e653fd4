/// The result of translating one code through the crosswalk: a target code, or a reject naming the rule.
///
/// There is deliberately no "default" case: when a value cannot be translated with certainty the record is
/// rejected and reported, never filled in with a plausible code (DESIGN.md section 5, "no silent coercion").
package enum CrosswalkOutcome: Sendable, Equatable {
    /// The code translates to exactly this target code, which is active in the target code set.
    case mapped(String)
    /// The code must not be migrated automatically; `rule` is one of `CrosswalkRule`, `reason` says why in words.
    case rejected(rule: String, reason: String)

    /// The target code when mapped, otherwise nil.
    package var mappedCode: String? {
        if case .mapped(let code) = self { return code }
        return nil
    }

    /// The rule when rejected, otherwise nil.
    package var rule: String? {
        if case .rejected(let rule, _) = self { return rule }
        return nil
    }
}

/// Stable rule identifiers written to `reports/crosswalk_rejects.csv`; reports and gates count by these.
package enum CrosswalkRule {
    /// A code set named in the request is not in the catalog.
    package static let unknownCodeSet = "CW_UNKNOWN_CODE_SET"
    /// The source value is not a code of the source code set (typo, local code, garbage).
    package static let unknownCode = "CW_UNKNOWN_CODE"
    /// The source code is valid but no crosswalk row leads to the target code set.
    package static let unmapped = "CW_UNMAPPED"
    /// A row exists but records that no published map covers this code (a policy decision is pending).
    package static let noPublishedMap = "CW_NO_PUBLISHED_MAP"
    /// The source code is retired and its replacement needs a human choice (e.g. discharge method 2 → 6 or 7).
    package static let retiredNoAutoMap = "CW_RETIRED_NO_AUTO_MAP"
    /// One source code maps to several target codes; choosing one needs the clinical record.
    package static let oneToMany = "CW_ONE_TO_MANY"
    /// A published map exists but its meaning is doubtful (e.g. marital UNK → N) and a steward has not approved it.
    package static let questionableMap = "CW_QUESTIONABLE_MAP"
    /// The row is marked not for automatic mapping, for a reason not covered above.
    package static let noAutoMap = "CW_NO_AUTO_MAP"

    /// Every rule, for reports that list zero counts too.
    package static let all = [
        unknownCodeSet, unknownCode, unmapped, noPublishedMap, retiredNoAutoMap, oneToMany, questionableMap, noAutoMap,
    ]
}
