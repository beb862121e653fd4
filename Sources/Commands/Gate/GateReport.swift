import EventStore

/// The outcome of one check.
package struct GateCheckResult: Sendable, Equatable {
    /// The check.
    package var id: GateCheckID
    /// What it asks.
    package var description: String
    /// How the value was compared.
    package var comparison: GateComparison
    /// What it was compared with (`min_patients` already replaced by the run's number).
    package var threshold: GateValue
    /// What was measured.
    package var actual: GateValue
    /// Whether the check passed.
    package var passed: Bool
    /// For a failed check, what is wrong and what to do; nil when it passed.
    package var reason: String?

    /// The check in the report.
    package var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id.rawValue), "description": .string(description), "comparison": .string(comparison.rawValue),
            "threshold": threshold.json, "actual": actual.json, "passed": .bool(passed),
            "status": .string(passed ? "PASS" : "FAIL"),
        ]
        if let reason {
            object["reason"] = .string(reason)
        }
        return .object(object)
    }
}

/// The release gate's verdict on a run under one profile: `reports/release_gate_report.json`.
///
/// The verdict is PASS only when every check of the profile passes. Every check is listed, passed or not, with
/// its threshold and actual value, so the report shows what was checked as well as what failed.
package struct GateReport: Sendable, Equatable {
    /// The profile applied.
    package var profile: String
    /// The run judged.
    package var runID: String
    /// Every check of the profile, in profile order.
    package var checks: [GateCheckResult]

    /// Whether every check passed.
    package var passed: Bool {
        checks.allSatisfy(\.passed)
    }

    /// The checks that failed, in profile order.
    package var failedChecks: [GateCheckResult] {
        checks.filter { !$0.passed }
    }

    /// `PASS` or `FAIL`.
    package var verdict: String {
        passed ? "PASS" : "FAIL"
    }

    /// The report file's content.
    package var json: JSONValue {
        [
            "report": "release_gate_report",
            "profile": .string(profile),
            "run_id": .string(runID),
            "verdict": .string(verdict),
            "checks": .array(checks.map(\.json)),
            "failed_checks": .array(failedChecks.map { .string($0.id.rawValue) }),
            "summary": [
                "checks": .int(checks.count), "passed": .int(checks.count - failedChecks.count),
                "failed": .int(failedChecks.count),
            ],
        ]
    }
}
