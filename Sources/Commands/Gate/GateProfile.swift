import Foundation

/// A check's threshold as the profile file states it; `min_patients` stands for the run's own minimum.
package enum GateThreshold: Sendable, Equatable {
    /// A fixed value.
    case value(GateValue)
    /// The run's `--min-patients`.
    case minPatients
}

/// One check of a profile: a row of `release_gate_profiles.csv`.
package struct GateCheckDefinition: Sendable, Equatable {
    /// What is measured.
    package var id: GateCheckID
    /// What the check asks, for the report's readers.
    package var description: String
    /// How the measured value is compared.
    package var comparison: GateComparison
    /// What it is compared with.
    package var threshold: GateThreshold
}

/// A release profile: a named list of checks, every one of which must pass.
///
/// Profiles live in `Resources/gate/release_gate_profiles.csv` (`profile,check_id,description,comparison,
/// threshold`), so a governance board can see and change what "cutover ready" means in one reviewed file. Loading
/// is strict: an unknown check or comparison, a comparison that does not fit the check, a threshold of the wrong
/// shape or a check listed twice is an error, never a check quietly left out.
package struct GateProfile: Sendable, Equatable {
    /// The file's header, exactly.
    package static let header = ["profile", "check_id", "description", "comparison", "threshold"]

    /// The profile's name, e.g. `pre_production`.
    package var name: String
    /// Its checks, in file order.
    package var checks: [GateCheckDefinition]

    /// Parses the profile file into profiles sorted by name.
    package static func load(csv text: String) throws(GateError) -> [GateProfile] {
        let rows: [(line: Int, fields: [String])]
        do {
            rows = try ResourceCSVReader.table(in: text, header: header)
        } catch {
            throw .profileFile("line \(error.line): \(error.reason)")
        }
        var profiles: [String: [GateCheckDefinition]] = [:]
        for row in rows {
            let fields = row.fields
            let definition = try definition(fields, line: row.line)
            guard !fields[0].isEmpty else {
                throw .profileFile("line \(row.line): the profile name is empty")
            }
            guard profiles[fields[0], default: []].allSatisfy({ $0.id != definition.id }) else {
                throw .profileFile("line \(row.line): \(fields[1]) is listed twice for \(fields[0])")
            }
            profiles[fields[0], default: []].append(definition)
        }
        guard !profiles.isEmpty else {
            throw .profileFile("no profiles; add rows")
        }
        return profiles.keys.sorted().map { GateProfile(name: $0, checks: profiles[$0] ?? []) }
    }

    /// The profiles shipped with the product.
    package static func bundled() throws(GateError) -> [GateProfile] {
        let url = Bundle.module.bundleURL.appendingPathComponent("Resources/gate/release_gate_profiles.csv")
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            throw .profileFile("\(url.path) is missing or not UTF-8; rebuild the product")
        }
        return try load(csv: text)
    }

    /// One row, checked.
    private static func definition(_ fields: [String], line: Int) throws(GateError) -> GateCheckDefinition {
        guard let id = GateCheckID(rawValue: fields[1]) else {
            let known = GateCheckID.allCases.map(\.rawValue).joined(separator: ", ")
            throw .profileFile("line \(line): unknown check \"\(fields[1])\"; known checks: \(known)")
        }
        guard let comparison = GateComparison(rawValue: fields[3]) else {
            let known = GateComparison.allCases.map(\.rawValue).joined(separator: ", ")
            throw .profileFile("line \(line): unknown comparison \"\(fields[3])\"; use one of \(known)")
        }
        guard comparison.applies(to: id.measure) else {
            throw .profileFile("line \(line): \(comparison.rawValue) cannot be applied to \(id.rawValue)")
        }
        guard let threshold = threshold(fields[4], comparison: comparison, measure: id.measure) else {
            throw .profileFile(
                "line \(line): threshold \"\(fields[4])\" does not fit \(comparison.rawValue) on \(id.rawValue)")
        }
        return GateCheckDefinition(id: id, description: fields[2], comparison: comparison, threshold: threshold)
    }

    /// The threshold text read for `comparison` on a check measuring `measure`, or nil when it does not fit.
    private static func threshold(_ text: String, comparison: GateComparison, measure: GateCheckID.Measure)
        -> GateThreshold?
    {
        switch (comparison, measure) {
        case (.equals, .status):
            return text == "PASS" || text == "FAIL" ? .value(.text(text)) : nil
        case (.equals, .flag):
            return text == "true" || text == "false" ? .value(.flag(text == "true")) : nil
        case (.equals, _), (.atMost, _), (.atLeast, _):
            if text == "min_patients" {
                return .minPatients
            }
            return Int(text).flatMap { $0 >= 0 ? .value(.integer($0)) : nil }
        case (.allApproved, _):
            return text == "all" ? .value(.text("all")) : nil
        case (.distinctSigners, _):
            let roles = text.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
            let wellFormed = roles.allSatisfy { role in
                !role.isEmpty && role.allSatisfy { $0 == "_" || ($0.isASCII && $0.isLowercase) }
            }
            return wellFormed && Set(roles).count == roles.count ? .value(.roles(roles)) : nil
        }
    }
}
