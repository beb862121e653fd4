import EventStore
import Foundation
import Projections

extension LifecycleRunner {
    /// Command id of the default contract's seeding: fixed, so seeding happens once per ledger whatever the races.
    static let seedCommand = "mapping.seed/default-contract"

    /// mapping: seeds the default contract on first use, validates the ledger's current contract against the source
    /// model and the EPR DDL, checks coverage, and writes `reports/mapping_contract.csv` from the projection.
    func mapping(_ run: RunContext) throws -> StepOutput {
        var contract = try projections.current().contract
        if !contract.isSeeded {
            let rows = try DefaultMappingContract.load()
            _ = try ledger.append(
                rows.map { NewEvent(type: "mapping.seeded", data: $0.seedData) }, actor: actor,
                command: Self.seedCommand)
            contract = try projections.current().contract
        }
        let rows = contract.orderedRows
        let target = try EPRSchema.bundled().tables
        do {
            try MappingContract.validate(rows, source: .mockPAS, target: target)
        } catch {
            throw LifecycleError(.step, step: .mapping, "the mapping contract is not runnable: \(error)")
        }
        let missing = MappingContract.coverage(rows, target: target)
        guard missing.isEmpty else {
            throw LifecycleError(
                .step, step: .mapping,
                "required target columns are not mapped: \(missing.joined(separator: ", ")); edit or add rows for them")
        }
        // Under the report's lock, at the head: a command that edited a row meanwhile wrote a newer report, which
        // this step must not replace with an older one.
        let written = try ContractReport.locked(root) {
            try MappingContractCSV.write(
                try projections.current().contract.orderedRows, to: root.file(MappingContractCSV.path))
        }
        let counts = Dictionary(grouping: rows, by: \.status).mapValues(\.count)
        var output = StepOutput()
        output.artifacts = [(MappingContractCSV.path, written)]
        output.writtenInPlace = true
        output.counts = [
            "rows": .int(rows.count), "proposed": .int(counts[.proposed] ?? 0),
            "approved": .int(counts[.approved] ?? 0), "rejected": .int(counts[.rejected] ?? 0),
            "critical": .int(rows.filter(\.critical).count), "uncovered_required_columns": 0,
        ]
        output.summary =
            "\(rows.count) rows (\(counts[.approved] ?? 0) approved, \(counts[.proposed] ?? 0) proposed), every required column mapped"
        return output
    }
}
