import EventStore
import Foundation
import Projections

extension LifecycleRunner {
    /// etl: the extract through the ledger's current contract into the 38 EPR tables, rejects and the contract
    /// migration report (recorded in the ledger).
    func etl(_ run: RunContext) throws -> StepOutput {
        let contract = try projections.current().contract.orderedRows
        let observer = self.observer
        let progress = UncheckedProgress { table, done in observer.progress(.etl, item: table, done: done, total: nil) }
        let result = try ContractETL.run(
            ETLInputs(
                sourceDirectory: root.file(DataRoot.Paths.sourceCSV), sourceModel: .mockPAS, contract: contract,
                schema: try EPRSchema.bundled().tables, codeSets: try CodeSetCatalog.bundled(),
                crosswalks: try Crosswalk.bundled(), runID: run.id,
                targetDirectory: stage(run).file(DataRoot.Paths.targetTables),
                reportsDirectory: stage(run).file("reports"), migratedAt: run.startedAt,
                progress: { progress.call($0, $1) }))
        let report = try JSONValue(
            parsing: [UInt8](Data(contentsOf: stage(run).file(DataRoot.Paths.contractMigrationReport))))
        var output = StepOutput()
        output.artifacts =
            result.tables.map { ("\(DataRoot.Paths.targetTables)/\($0.table).csv", $0.loaded) }
            + [(DataRoot.Paths.crosswalkRejects, result.rejectCount)]
        output.reports = [DataRoot.Paths.contractMigrationReport: report]
        let extracted = result.sources.reduce(0) { $0 + $1.extracted }
        // The one reject rate (gate, report, dashboard): source records rejected over source records extracted —
        // not rows of the rejects file, which has a row per failing field and lists values that were nulled.
        let rejectedRecords = result.sources.reduce(0) { $0 + $1.rejected }
        output.counts = [
            "inputs_sha256": .string(try ETLInputDigest.of(contract: contract, extract: run.artifacts[.extract] ?? [])),
            "status": .string(result.conformancePassed ? "PASS" : "FAIL"), "extracted": .int(extracted),
            "rejected_records": .int(rejectedRecords),
            "reject_rate_bp": .int(ReleaseGate.rejectRateBasisPoints(rejected: rejectedRecords, extracted: extracted)),
            "loaded": .int(result.loadedRows), "rejected": .int(result.rejectCount),
            "rejects_by_rule": .object(result.rejectsByRule.mapValues(JSONValue.int)),
            "conformance_violations": .int(result.conformanceViolationCount),
            "reconciliation": .array(
                result.sources.map { source in
                    .object([
                        "source_table": .string(source.sourceTable), "target_table": .string(source.targetTable),
                        "extracted": .int(source.extracted), "loaded": .int(source.loaded),
                        "rejected": .int(source.rejected),
                    ])
                }),
        ]
        output.summary =
            "\(result.tables.count) EPR tables, \(result.loadedRows) rows loaded, \(result.rejectCount) rejects, "
            + "contract conformance \(result.conformancePassed ? "PASS" : "FAIL")"
        return output
    }
}

/// Lets the ETL's `@Sendable` progress callback reach the observer: the ETL calls it on the thread running the
/// lifecycle (the observer's contract), never concurrently.
private final class UncheckedProgress: @unchecked Sendable {
    let call: (String, Int) -> Void

    init(_ call: @escaping (String, Int) -> Void) {
        self.call = call
    }
}
