import Dispatch
import Foundation
import Projections
import Synchronization

/// Reads the written target tables back and checks every row against the DDL, as the database would on load.
///
/// Independent of how the rows were produced: it sees only the files and the schema. Checks per row: the header
/// is the DDL's column order, NOT NULL, type, length, CHECK lists and patterns (`TargetColumnCheck`), primary keys
/// unique, and every foreign key resolving to a row of the referenced table; finally each file's row count must be
/// what the ETL says it wrote. Tables are read in DDL order, which is dependency order; a reference to the same
/// table or a later one is checked once that table has been read. Memory: one compact `KeySet` per table, in a
/// bounded `PagePool` per thread that spills beside the files, plus the few forward references.
///
/// Tables that no foreign key touches (`migration_xref`, as large as all the others together) are checked on a
/// second thread while the rest are checked in order on the first; the findings are merged in DDL order, so the
/// outcome does not depend on timing.
struct TargetConformanceChecker: Sendable {
    /// What the re-check found.
    struct Outcome: Sendable {
        /// Problems found in all.
        var violationCount = 0
        /// The first problems, in DDL order then file order.
        var violations: [String] = []
        /// Data rows read per table.
        var rows: [String: Int] = [:]
    }

    /// What the re-check found in one table.
    private struct Findings: Sendable {
        var count = 0
        var messages: [String] = []
        var rows = 0

        /// Counts a problem; keeps its message while fewer than `limit` are kept.
        mutating func add(_ message: String, limit: Int) {
            count += 1
            if messages.count < limit { messages.append(message) }
        }
    }

    /// The tables to check, in DDL order.
    let schema: [TableSchema]
    /// The folder holding `<table>.csv`.
    let directory: URL
    /// Messages kept per table and in the outcome.
    let limit: Int
    /// Bytes of key bitmaps each of the two threads keeps in memory; the rest spills.
    let keyMemoryBudget: Int

    /// Checks every table's file; `expectedRows` (what the ETL says it wrote) must match what is read.
    func check(expectedRows: [String: Int]) throws(ContractETLError) -> Outcome {
        for table in schema {
            for column in table.columns {
                do {
                    _ = try TargetColumnCheck(column)
                } catch {
                    throw ContractETLError(.schemaUnsupported, error.message)
                }
            }
        }
        let referenced = Set(schema.flatMap { $0.columns.compactMap(\.foreignKeyTable) })
        let isolated = schema.indices.filter { index in
            !referenced.contains(schema[index].name) && schema[index].columns.allSatisfy { $0.foreignKey == nil }
        }
        let connected = schema.indices.filter { !isolated.contains($0) }
        let findings = Mutex([Int: Findings]())
        DispatchQueue.concurrentPerform(iterations: 2) { job in
            let found = checkTables(job == 0 ? connected : isolated)
            findings.withLock { $0.merge(found) { first, _ in first } }
        }
        let all = findings.withLock { $0 }
        var outcome = Outcome()
        for (index, table) in schema.enumerated() {
            var found = all[index] ?? Findings()
            if let expected = expectedRows[table.name], expected != found.rows {
                found.add("\(table.name).csv holds \(found.rows) rows but the ETL wrote \(expected)", limit: limit)
            }
            outcome.rows[table.name] = found.rows
            outcome.violationCount += found.count
            outcome.violations.append(contentsOf: found.messages.prefix(limit - outcome.violations.count))
        }
        return outcome
    }

    /// Checks the given tables in order, with their own key sets; references outside them are not resolvable.
    private func checkTables(_ indexes: [Int]) -> [Int: Findings] {
        var findings: [Int: Findings] = [:]
        let pool = PagePool(budget: keyMemoryBudget, directory: directory.path)
        let keys = schema.map { _ in KeySet(pool: pool) }
        var pending: [(table: Int, source: Int, value: String, message: String)] = []
        let tableIndex = Dictionary(schema.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in indexes {
            let table = schema[index]
            var found = Findings()
            let checks = table.columns.compactMap { try? TargetColumnCheck($0) }
            let references = table.columns.indices.compactMap { position -> (Int, Int)? in
                guard let name = table.columns[position].foreignKeyTable, let target = tableIndex[name] else {
                    return nil
                }
                return (position, target)
            }
            let keyColumn = table.columns.firstIndex(where: \.primaryKey)
            let url = directory.appendingPathComponent("\(table.name).csv")
            do {
                let reader = try CSVReader(url: url)
                guard reader.header == table.columns.map(\.name), checks.count == table.columns.count else {
                    found.add("\(url.lastPathComponent): the header is not the DDL's column order", limit: limit)
                    findings[index] = found
                    continue
                }
                while let row = try reader.next() {
                    found.rows += 1
                    let at = "\(table.name).csv:\(reader.line)"
                    for (position, value) in row.enumerated() {
                        if value.isEmpty {
                            if !table.columns[position].nullable {
                                found.add("\(at): \(table.columns[position].name) is NULL", limit: limit)
                            }
                        } else if let violation = checks[position].violation(of: value) {
                            found.add("\(at): \(violation.rule) \(violation.message)", limit: limit)
                        }
                    }
                    if let keyColumn, !row[keyColumn].isEmpty, !keys[index].insert(row[keyColumn]) {
                        found.add("\(at): duplicate primary key \(row[keyColumn])", limit: limit)
                    }
                    for (position, target) in references where !row[position].isEmpty {
                        let message =
                            "\(at): \(table.columns[position].name) = \(row[position]) has no row in \(schema[target].name)"
                        if target >= index {
                            pending.append((target, index, row[position], message))
                        } else if !keys[target].contains(row[position]) {
                            found.add(message, limit: limit)
                        }
                    }
                }
            } catch {
                found.add("\(url.lastPathComponent): cannot be read back: \(error)", limit: limit)
            }
            findings[index] = found
        }
        for reference in pending where !keys[reference.table].contains(reference.value) {
            findings[reference.source, default: Findings()].add(reference.message, limit: limit)
        }
        if let failure = pool.readFailure, let first = indexes.first {
            findings[first, default: Findings()].add(
                "the re-check lost its key state (\(failure)); its verdicts cannot be trusted", limit: limit)
        }
        return findings
    }
}
