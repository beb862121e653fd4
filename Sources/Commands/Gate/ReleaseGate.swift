import Foundation
import Projections

/// The release gate: judges a run against a profile and writes `reports/release_gate_report.json`.
///
/// `pre_production` asks whether the engineering is ready (contract and quality PASS, no critical issue, rejects
/// within 5 %, enough patients, ledger verified); `cutover_ready` adds governance (no high issue, every mapping row
/// and critical crosswalk approved, sign-offs by a clinical safety officer and a release manager who are different
/// users). The checks and thresholds are data (`GateProfile`); this type measures and compares. A FAIL is a
/// verdict, not an error: the caller exits non-zero and the report says which checks failed and why.
package enum ReleaseGate {
    /// The report's name in the reports folder.
    package static let reportFile = "release_gate_report.json"

    /// Judges `inputs` under its profile from the bundled profile file.
    package static func evaluate(_ inputs: GateInputs) throws -> GateReport {
        try evaluate(inputs, profiles: GateProfile.bundled())
    }

    /// Judges `inputs` under its profile from `profiles`; throws `GateError.unknownProfile` listing the known ones.
    package static func evaluate(_ inputs: GateInputs, profiles: [GateProfile]) throws -> GateReport {
        guard let profile = profiles.first(where: { $0.name == inputs.profile }) else {
            throw GateError.unknownProfile(inputs.profile, known: profiles.map(\.name).sorted())
        }
        try validate(inputs)
        let checks = profile.checks.map { definition in
            let threshold: GateValue
            switch definition.threshold {
            case .value(let value): threshold = value
            case .minPatients: threshold = .integer(inputs.minPatients)
            }
            let actual = measure(definition.id, inputs)
            let passed = compare(actual, definition.comparison, threshold)
            return GateCheckResult(
                id: definition.id, description: definition.description, comparison: definition.comparison,
                threshold: threshold, actual: actual, passed: passed,
                reason: passed ? nil : reason(definition.id, actual: actual, threshold: threshold, inputs))
        }
        return GateReport(profile: profile.name, runID: inputs.runID, checks: checks)
    }

    /// Writes `report` to `reports/release_gate_report.json` under `reportsDirectory` and returns its URL.
    @discardableResult
    package static func write(_ report: GateReport, reportsDirectory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: reportsDirectory, withIntermediateDirectories: true)
        let url = reportsDirectory.appendingPathComponent(reportFile)
        try JSONReportWriter.write(report.json, to: url)
        return url
    }

    /// Whether `actual` meets `threshold` under `comparison`; a value of the wrong shape never does.
    static func compare(_ actual: GateValue, _ comparison: GateComparison, _ threshold: GateValue) -> Bool {
        switch (comparison, actual, threshold) {
        case (.equals, _, _):
            return actual == threshold
        case (.atMost, .integer(let value), .integer(let limit)):
            return value <= limit
        case (.atLeast, .integer(let value), .integer(let limit)):
            return value >= limit
        case (.allApproved, .approval(let approved, let total), _):
            // Nothing to approve is not "all approved": an empty contract means the inputs are missing.
            return total > 0 && approved == total
        case (.distinctSigners, .signOffs(let signOffs), .roles(let roles)):
            return SignOffMatching(roles: roles, signOffs: signOffs).assigned.count == roles.count
        default:
            return false
        }
    }

    /// Refuses facts that contradict themselves rather than judging them.
    private static func validate(_ inputs: GateInputs) throws {
        let counts = [
            ("extracted records", inputs.extractedRecords), ("rejected records", inputs.rejectedRecords),
            ("minimum patients", inputs.minPatients), ("mapping rows", inputs.mappingRows.total),
            ("approved mapping rows", inputs.mappingRows.approved),
            ("critical crosswalks", inputs.criticalCrosswalks.total),
            ("approved critical crosswalks", inputs.criticalCrosswalks.approved),
        ]
        if let negative = counts.first(where: { $0.1 < 0 }) {
            throw GateError.invalidInput("\(negative.0) is \(negative.1); counts cannot be negative")
        }
        if inputs.rejectedRecords > inputs.extractedRecords {
            throw GateError.invalidInput(
                "\(inputs.rejectedRecords) records rejected but only \(inputs.extractedRecords) extracted")
        }
        for (name, count) in [("mapping rows", inputs.mappingRows), ("critical crosswalks", inputs.criticalCrosswalks)]
        where count.approved > count.total {
            throw GateError.invalidInput("\(count.approved) \(name) approved but only \(count.total) exist")
        }
    }
}
