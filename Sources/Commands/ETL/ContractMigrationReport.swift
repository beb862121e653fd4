import EventStore
import Projections

/// `reports/contract_migration_report.json`: what the ETL migrated and whether the output conforms to the DDL.
///
/// `status` is PASS when the re-check of the written files found no violation and every source table balances
/// (rows read = rows loaded + rows rejected). Rejected records do not fail the report: rejecting is the ETL doing
/// its job; how many rejects a release may carry is the gate's decision.
enum ContractMigrationReport {
    /// The checks the conformance re-check performs, listed in the report so a reader knows what PASS covers.
    static let checks = [
        "header_matches_ddl", "not_null", "types_and_lengths", "code_set_and_check_lists", "patterns",
        "primary_keys_unique", "foreign_keys_resolve", "row_counts_match",
    ]

    /// The report as JSON.
    static func json(_ result: ETLResult, inputs: ETLInputs) throws -> JSONValue {
        var tables: [String: JSONValue] = [:]
        for table in result.tables {
            tables[table.table] = .object([
                "source_tables": .array(table.sourceTable.split(separator: "+").map { .string(String($0)) }),
                "extracted": .int(table.extracted), "loaded": .int(table.loaded), "rejected": .int(table.rejected),
            ])
        }
        var sources: [String: JSONValue] = [:]
        for source in result.sources {
            sources[source.sourceTable] = .object([
                "target_table": .string(source.targetTable), "extracted": .int(source.extracted),
                "loaded": .int(source.loaded), "rejected": .int(source.rejected), "balanced": .bool(source.balanced),
            ])
        }
        let migrated = result.tables.filter { $0.table != "migration_xref" }
        // Source records, as the gate counts them (`totals` are target rows, a source row counted per table fed).
        let sourceExtracted = result.sources.reduce(0) { $0 + $1.extracted }
        let sourceRejected = result.sources.reduce(0) { $0 + $1.rejected }
        let balanced = result.sources.allSatisfy(\.balanced)
        let passed = result.conformancePassed && balanced
        return .object([
            "report": "contract_migration",
            "run_id": .string(inputs.runID),
            "status": .string(passed ? "PASS" : "FAIL"),
            "code_sets_version": .string(inputs.codeSets.bundleVersion),
            "contract": .object([
                "rows": .int(inputs.contract.count),
                "rows_not_run_rejected": .int(inputs.contract.filter { $0.status == .rejected }.count),
                "sha256": .string(try digest(of: inputs.contract)),
            ]),
            "totals": .object([
                "extracted": .int(migrated.reduce(0) { $0 + $1.extracted }),
                "loaded": .int(migrated.reduce(0) { $0 + $1.loaded }),
                "rejected": .int(migrated.reduce(0) { $0 + $1.rejected }),
            ]),
            "source_totals": .object([
                "extracted": .int(sourceExtracted), "loaded": .int(result.sources.reduce(0) { $0 + $1.loaded }),
                "rejected": .int(sourceRejected),
                "reject_rate_bp": .int(
                    ReleaseGate.rejectRateBasisPoints(rejected: sourceRejected, extracted: sourceExtracted)),
            ]),
            "tables": .object(tables),
            "source_reconciliation": .object(["balanced": .bool(balanced), "tables": .object(sources)]),
            "rejects": .object([
                "file": .string(ContractETL.rejectsFileName), "rows": .int(result.rejectCount),
                "by_rule": .object(result.rejectsByRule.mapValues { .int($0) }),
            ]),
            "conformance": .object([
                "status": .string(result.conformancePassed ? "PASS" : "FAIL"),
                "checks": .array(checks.map { .string($0) }),
                "violation_count": .int(result.conformanceViolationCount),
                "first_violations": .array(result.conformanceViolations.map { .string($0) }),
            ]),
        ])
    }

    /// SHA-256 of the contract's mapping content (not its workflow fields), so a report names what was run.
    static func digest(of rows: [MappingRow]) throws -> String {
        let content: [JSONValue] = rows.map { row in
            .array(
                [
                    row.id, row.sourceTable, row.sourceField, row.targetTable, row.targetField, row.transform,
                    row.codeSet ?? "", row.critical ? "yes" : "no", row.required ? "yes" : "no", row.status.rawValue,
                ].map { .string($0) })
        }
        return SHA256.hash(try JSONValue.array(content).canonicalBytes()).hex
    }
}
