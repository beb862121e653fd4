import EventStore
import Foundation
import Projections

/// The `etl` step: streams the legacy extract through the mapping contract into the 38 EPR tables.
///
/// Writes `<target>/<table>.csv` for every table of the schema (header in DDL order, empty cell = NULL, dates
/// `yyyy-MM-dd`, timestamps `yyyy-MM-ddTHH:mm:ss`, booleans `true`/`false`), `migration_xref` with one row per
/// migrated row, `<reports>/crosswalk_rejects.csv` and `<reports>/contract_migration_report.json`.
///
/// Data-safety rules, in order of precedence:
/// - a failing value of a critical column (NHS number, gender, ethnicity, admission and discharge method,
///   allergy fields, …) or of a NOT NULL column rejects the record; it is never defaulted;
/// - a failing value of a non-critical, nullable column is written as NULL, the record is loaded, and the reject
///   file says so with the rule suffixed `_NULLED`;
/// - a record whose parent was rejected or is missing is rejected, its reason naming the parent and why;
/// - a row that would break a foreign key or repeat a primary key is rejected rather than written.
///
/// Every file is written to a temporary name and renamed only when the whole run has succeeded: a failed run
/// leaves the previous files in place and no half-written table. Memory does not grow with the extract: the
/// per-key state (key sets, the lookups the contract asks for, reject causes) stays within
/// `ETLInputs.keyMemoryBudget` and spills to an unlinked temporary file beside the outputs beyond it.
///
/// `run` is synchronous and does blocking file I/O on the caller's thread (plus one worker thread for
/// `migration_xref` and one for the re-check): call it from a thread of its own, not from the Swift concurrency
/// pool.
package enum ContractETL {
    /// File name of the rejects report.
    package static let rejectsFileName = "crosswalk_rejects.csv"
    /// File name of the JSON report.
    package static let reportFileName = "contract_migration_report.json"
    /// Source rows between progress calls.
    package static let progressInterval = 10_000
    /// Conformance problems listed in the report and the result (all are counted).
    package static let maxReportedViolations = 50
    /// The default `ETLInputs.keyMemoryBudget`: enough for the working set of a pass (the pages of the parents and
    /// lookups being read, which follow the patient order of the files), not for whole tables' indexes.
    package static let defaultKeyMemoryBudget = 2 << 20

    /// Runs the ETL; throws `ContractETLError` when the contract, a source file or the disk stops it.
    @discardableResult
    package static func run(_ inputs: ETLInputs) throws -> ETLResult {
        let rules = try checkedRules(inputs)
        let plan = try ETLPlan(rows: inputs.contract, rules: rules, inputs: inputs)
        let (counted, outputs) = try migrate(inputs, plan: plan)
        var result = counted
        let checker = TargetConformanceChecker(
            schema: inputs.schema, directory: inputs.targetDirectory, limit: maxReportedViolations,
            keyMemoryBudget: inputs.keyMemoryBudget / 2)
        let outcome = try checker.check(
            expectedRows: Dictionary(result.tables.map { ($0.table, $0.loaded) }, uniquingKeysWith: +))
        result.conformanceViolations = outcome.violations
        result.conformanceViolationCount = outcome.violationCount
        result.conformancePassed = outcome.violationCount == 0
        let reportURL = inputs.reportsDirectory.appendingPathComponent(reportFileName)
        do {
            try JSONReportWriter.write(try ContractMigrationReport.json(result, inputs: inputs), to: reportURL)
        } catch {
            throw ContractETLError(.outputFailed, "\(reportURL.path): \(error)")
        }
        result.artifacts = outputs + [reportURL]
        return result
    }

    /// Runs the passes and publishes every output; returns the counts and the files written (tables, then the
    /// rejects). The run's writers, key sets and indexes are freed on return, before the re-check builds its own.
    private static func migrate(_ inputs: ETLInputs, plan: ETLPlan) throws -> (ETLResult, [URL]) {
        var started: ETLRun?
        do {
            let run = try ETLRun(inputs: inputs, plan: plan)
            started = run
            try run.runPasses()
            for writer in run.writers { try writer.commit() }
            try run.rejects.commit()
            return (summary(of: run), run.writers.map(\.url) + [run.rejects.url])
        } catch {
            // Deleting the temporary files here, not when the objects happen to be freed, means the caller sees
            // the previous files and no leftovers as soon as the error arrives.
            started?.abandon()
            if let error = error as? ContractETLError { throw error }
            throw ContractETLError(.outputFailed, "\(error)")
        }
    }

    /// The table rules to use, after checking the contract against them; throws when it may not run.
    private static func checkedRules(_ inputs: ETLInputs) throws(ContractETLError) -> [ContractTableRule] {
        do {
            let rules = try inputs.tables ?? DefaultMappingContract.loadTables()
            try MappingContract.validate(
                inputs.contract, source: inputs.sourceModel, target: inputs.schema, tables: rules,
                crosswalks: inputs.crosswalks)
            let missing = MappingContract.coverage(inputs.contract, target: inputs.schema, tables: rules)
            guard missing.isEmpty else {
                throw ContractETLError(
                    .contractIncomplete,
                    "required target columns are not mapped (or their row is rejected): "
                        + missing.joined(separator: ", "))
            }
            return rules
        } catch let error as ContractError {
            throw ContractETLError(.contractInvalid, error.description)
        } catch let error as ContractETLError {
            throw error
        } catch {
            throw ContractETLError(.contractInvalid, "\(error)")
        }
    }

    /// Counts per target table (DDL order) and per source table, before the conformance re-check.
    private static func summary(of run: ETLRun) -> ETLResult {
        var tables: [ETLTableResult] = []
        for table in run.inputs.schema {
            let indexes = run.plan.variants.indices.filter { run.plan.variants[$0].target.name == table.name }
            var sources: [String] = []
            for index in indexes where !sources.contains(run.plan.variants[index].source.name) {
                sources.append(run.plan.variants[index].source.name)
            }
            tables.append(
                ETLTableResult(
                    table: table.name, sourceTable: sources.joined(separator: "+"),
                    extracted: indexes.reduce(0) { $0 + run.counts[$1].extracted },
                    loaded: indexes.reduce(0) { $0 + run.counts[$1].loaded },
                    rejected: indexes.reduce(0) { $0 + run.counts[$1].rejected }))
        }
        var sources: [ETLSourceReconciliation] = []
        for (index, variant) in run.plan.variants.enumerated() where variant.role == .primary {
            sources.append(
                ETLSourceReconciliation(
                    sourceTable: variant.source.name, targetTable: variant.target.name,
                    extracted: run.counts[index].extracted, loaded: run.counts[index].loaded,
                    rejected: run.counts[index].rejected))
        }
        return ETLResult(
            tables: tables, sources: sources, rejectCount: run.rejects.count, rejectsByRule: run.rejects.byRule,
            conformanceViolations: [], conformanceViolationCount: 0, conformancePassed: false, artifacts: [])
    }
}
