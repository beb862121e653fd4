import EventStore
import Foundation
import Projections

extension LifecycleRunner {
    /// quality: contract and enterprise checks over the target tables; the summary report is recorded in the ledger.
    func quality(_ run: RunContext) throws -> StepOutput {
        let parameters = try parameters(run, .quality)
        let reconciliation = (run.counts[.etl]?["reconciliation"]?.arrayValue ?? []).compactMap {
            entry -> ReconciliationCount? in
            guard let table = entry["source_table"]?.stringValue, let extracted = entry["extracted"]?.intValue,
                let loaded = entry["loaded"]?.intValue, let rejected = entry["rejected"]?.intValue
            else { return nil }
            return ReconciliationCount(sourceTable: table, extracted: extracted, loaded: loaded, rejected: rejected)
        }
        let result = try QualityEngine.run(
            QualityInputs(
                targetDirectory: root.file(DataRoot.Paths.targetTables), schema: try EPRSchema.bundled().tables,
                reconciliation: reconciliation, minPatients: parameters.minPatients,
                referenceDate: parameters.referenceDay, runID: run.id, reportsDirectory: stage(run).file("reports")))
        let report = try JSONValue(
            parsing: [UInt8](Data(contentsOf: stage(run).file(DataRoot.Paths.enterpriseReport))))
        var output = StepOutput()
        output.artifacts = [
            (DataRoot.Paths.contractIssues, result.contractIssueCount),
            (DataRoot.Paths.enterpriseIssues, result.enterpriseIssueCount),
        ]
        output.reports = [DataRoot.Paths.enterpriseReport: report]
        let severities: [String: JSONValue] = Dictionary(
            uniqueKeysWithValues: result.issuesBySeverity.map { kind, counts in
                (
                    kind.rawValue,
                    JSONValue.object([
                        "critical": .int(counts.critical), "high": .int(counts.high), "medium": .int(counts.medium),
                        "low": .int(counts.low),
                    ])
                )
            })
        output.counts = [
            "contract_status": .string(result.contractStatus.rawValue),
            "enterprise_status": .string(result.enterpriseStatus.rawValue),
            "contract_issues": .int(result.contractIssueCount), "enterprise_issues": .int(result.enterpriseIssueCount),
            "patients_loaded": .int(result.patientsLoaded), "min_patients": .int(parameters.minPatients),
            "by_rule": .object(result.issuesByRule.mapValues(JSONValue.int)), "by_severity": .object(severities),
            "table_rows": .object(result.tableRowCounts.mapValues(JSONValue.int)),
        ]
        output.events = [
            NewEvent(
                type: "quality.recorded",
                data: [
                    "contract_status": .string(result.contractStatus.rawValue),
                    "enterprise_status": .string(result.enterpriseStatus.rawValue),
                    "by_rule": .object(result.issuesByRule.mapValues(JSONValue.int)),
                    "by_severity": .object(severities),
                    "patients_loaded": .int(result.patientsLoaded),
                ])
        ]
        run.quality = result
        output.summary =
            "contract \(result.contractStatus.rawValue) (\(result.contractIssueCount) issues), enterprise "
            + "\(result.enterpriseStatus.rawValue) (\(result.enterpriseIssueCount) issues), \(result.patientsLoaded) patients"
        return output
    }

    /// gate: judges the run under the chosen profile; a FAIL is a verdict recorded like a PASS.
    func gate(_ run: RunContext) throws -> StepOutput {
        let parameters = try parameters(run, .gate)
        guard let quality = run.quality ?? Self.quality(fromCounts: run.counts[.quality]) else {
            throw LifecycleError(.step, step: .gate, "the quality step's results are missing; re-run from quality")
        }
        let projections = try self.projections.current()
        let crosswalk = try Crosswalk.bundled()
        let critical = crosswalk.entries.filter { entry in
            entry.autoMap
                && (MappingContract.nhsCriticalCodeSets.contains(entry.targetCodeSet)
                    || MappingContract.nhsCriticalCodeSets.contains(entry.sourceCodeSet))
        }
        let approvedCritical = critical.filter { entry in
            projections.crosswalks.approved[
                CrosswalkApprovalsProjection.key(
                    sourceCodeSet: entry.sourceCodeSet, sourceCode: entry.sourceCode, targetCodeSet: entry.targetCodeSet
                )]
                != nil
        }
        // A sign-off attests to the evidence it saw: it counts for this run only when that is exactly this run's
        // evidence (the same artifacts, contract with its statuses, crosswalk approvals and code sets) — so signing
        // run A and re-running its gate on identical evidence keeps it, and any change since voids it.
        guard let state = projections.runs.runs[run.id] else {
            throw LifecycleError(.step, step: .gate, "run \(run.id) is missing from the ledger")
        }
        let evidence = try GateEvidence.of(state, projections: projections)
        var chain: [String] = []
        var next = run.parentRun
        while let id = next, let earlier = projections.runs.runs[id], !chain.contains(id) {
            chain.append(id)
            next = earlier.parentRun
        }
        var signOffs: [GateSignOff] = []
        var voidSignOffs: [VoidSignOff] = []
        for id in chain {
            for signOff in projections.runs.runs[id]?.signOffs ?? [] {
                let signer = GateSignOff(user: signOff.user, role: signOff.role)
                let saw = GateEvidence(json: signOff.evidence)
                if saw == evidence {
                    signOffs.append(signer)
                } else {
                    voidSignOffs.append(
                        VoidSignOff(signOff: signer, run: id, changes: saw.map { evidence.changes(since: $0) } ?? []))
                }
            }
        }
        let rows = projections.contract.orderedRows
        let etl = run.counts[.etl] ?? [:]
        let ledgerIntact = try LedgerVerifier.verify(path: ledger.ledgerPath).intact
        let report = try ReleaseGate.evaluate(
            GateInputs(
                profile: parameters.releaseProfile, runID: run.id,
                contractMigrationPassed: etl["status"]?.stringValue == "PASS", quality: quality,
                extractedRecords: etl["extracted"]?.intValue ?? 0,
                rejectedRecords: etl["rejected_records"]?.intValue ?? etl["rejected"]?.intValue ?? 0,
                minPatients: parameters.minPatients,
                mappingRows: ApprovalCount(total: rows.count, approved: rows.filter { $0.status == .approved }.count),
                criticalCrosswalks: ApprovalCount(total: critical.count, approved: approvedCritical.count),
                signOffs: signOffs, voidSignOffs: voidSignOffs, ledgerIntact: ledgerIntact))
        var output = StepOutput()
        output.reports = [DataRoot.Paths.gateReport: report.json]
        output.counts = [
            "profile": .string(report.profile), "verdict": .string(report.verdict),
            "failed_checks": .array(report.failedChecks.map { .string($0.id.rawValue) }), "evidence": evidence.json,
        ]
        output.events = [
            NewEvent(
                type: "gate.evaluated",
                data: [
                    "profile": .string(report.profile), "verdict": .string(report.verdict),
                    "failed_checks": .array(report.failedChecks.map { .string($0.id.rawValue) }),
                    "evidence_sha256": .string(evidence.sha256),
                ])
        ]
        output.summary =
            "\(report.profile): \(report.verdict)"
            + (report.failedChecks.isEmpty ? "" : " — \(report.failedChecks.count) check(s) failed")
        return output
    }

    /// The quality result of a reused quality step, rebuilt from the figures its `step.completed` recorded.
    static func quality(fromCounts counts: [String: JSONValue]?) -> QualityResult? {
        guard let counts, let contract = counts["contract_status"]?.stringValue.flatMap(QualityStatus.init(rawValue:)),
            let enterprise = counts["enterprise_status"]?.stringValue.flatMap(QualityStatus.init(rawValue:))
        else { return nil }
        var severities: [QualityIssueKind: SeverityCounts] = [:]
        for kind in QualityIssueKind.allCases {
            guard let recorded = counts["by_severity"]?[kind.rawValue] else { continue }
            var severity = SeverityCounts()
            for level in QualitySeverity.allCases { severity[level] = recorded[level.rawValue]?.intValue ?? 0 }
            severities[kind] = severity
        }
        return QualityResult(
            contractStatus: contract, enterpriseStatus: enterprise,
            issuesByRule: counts["by_rule"]?.objectValue?.compactMapValues(\.intValue) ?? [:],
            issuesBySeverity: severities, patientsLoaded: counts["patients_loaded"]?.intValue ?? 0,
            tableRowCounts: counts["table_rows"]?.objectValue?.compactMapValues(\.intValue) ?? [:],
            contractIssueCount: counts["contract_issues"]?.intValue ?? 0,
            enterpriseIssueCount: counts["enterprise_issues"]?.intValue ?? 0, artifacts: [])
    }
}
