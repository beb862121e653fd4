import Foundation

/// The severities and descriptions of every quality rule, loaded from `Resources/quality/quality_rules.csv`.
///
/// Severities live in data so that the clinical safety officer can re-grade a rule (and the change shows up in
/// review as a one-line diff) without touching the checks. Loading is strict: the file must list every
/// `QualityRuleID` exactly once, with the kind its prefix implies and a known severity. A rule missing from the
/// file would otherwise have no severity, and guessing one is exactly the silent default a safety case forbids.
package struct QualityRuleCatalog: Sendable, Equatable {
    /// The file's header, exactly.
    package static let header = ["rule_id", "kind", "severity", "description"]
    /// The file's name inside `Resources/quality`.
    package static let fileName = "quality_rules.csv"

    /// Every rule, ordered by id.
    package let rules: [QualityRule]
    /// `rules` by id.
    private let byID: [QualityRuleID: QualityRule]

    /// Checks `rules` lists every rule id exactly once with a matching kind.
    package init(rules: [QualityRule]) throws(QualityError) {
        var byID: [QualityRuleID: QualityRule] = [:]
        for rule in rules {
            guard byID[rule.id] == nil else {
                throw .ruleCatalog("\(rule.id.rawValue) is listed twice; keep one row")
            }
            guard rule.kind == rule.id.kind else {
                throw .ruleCatalog("\(rule.id.rawValue) is a \(rule.id.kind.rawValue) rule, not \(rule.kind.rawValue)")
            }
            byID[rule.id] = rule
        }
        let missing = QualityRuleID.allCases.filter { byID[$0] == nil }.map(\.rawValue)
        guard missing.isEmpty else {
            throw .ruleCatalog("no severity for \(missing.joined(separator: ", ")); add a row for each")
        }
        self.rules = rules.sorted { $0.id < $1.id }
        self.byID = byID
    }

    /// Parses the text of `quality_rules.csv`.
    package init(csv text: String) throws(QualityError) {
        let rows: [(line: Int, fields: [String])]
        do {
            rows = try ResourceCSVReader.table(in: text, header: Self.header)
        } catch {
            throw .ruleCatalog("line \(error.line): \(error.reason)")
        }
        var rules: [QualityRule] = []
        for row in rows {
            let fields = row.fields
            guard let id = QualityRuleID(rawValue: fields[0]) else {
                throw .ruleCatalog("line \(row.line): unknown rule id \"\(fields[0])\"")
            }
            guard let kind = QualityIssueKind(rawValue: fields[1]) else {
                throw .ruleCatalog("line \(row.line): kind \"\(fields[1])\" is not contract or enterprise")
            }
            guard let severity = QualitySeverity(rawValue: fields[2]) else {
                throw .ruleCatalog(
                    "line \(row.line): severity \"\(fields[2])\" is not one of critical, high, medium, low")
            }
            rules.append(QualityRule(id: id, kind: kind, severity: severity, description: fields[3]))
        }
        try self.init(rules: rules)
    }

    /// The catalog shipped with the product.
    package static func bundled() throws(QualityError) -> QualityRuleCatalog {
        let url = Bundle.module.bundleURL.appendingPathComponent("Resources/quality/\(fileName)")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .ruleCatalog("\(url.path) is missing from the Commands resources; rebuild the product")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .ruleCatalog("\(url.path) is not valid UTF-8")
        }
        return try QualityRuleCatalog(csv: text)
    }

    /// The rule called `id` (every id is present: `init` refuses a catalog that misses one).
    package subscript(id: QualityRuleID) -> QualityRule {
        // The fallback is unreachable after init's check; if it were reached, failing closed (critical) is safe.
        byID[id] ?? QualityRule(id: id, kind: id.kind, severity: .critical, description: id.rawValue)
    }

    /// The rules of one kind, ordered by id.
    package func rules(of kind: QualityIssueKind) -> [QualityRule] {
        rules.filter { $0.kind == kind }
    }
}

/// One row of `Resources/quality/quality_rules.csv`: a rule, its kind, its severity and what it checks.
package struct QualityRule: Sendable, Equatable {
    /// The rule's stable id.
    package var id: QualityRuleID
    /// Contract or enterprise (always agrees with the id's prefix; loading checks it).
    package var kind: QualityIssueKind
    /// How much a failure matters; `critical` and `high` make the kind FAIL.
    package var severity: QualitySeverity
    /// What the rule checks, for the report's readers.
    package var description: String

    /// Creates a rule.
    package init(id: QualityRuleID, kind: QualityIssueKind, severity: QualitySeverity, description: String) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.description = description
    }
}
