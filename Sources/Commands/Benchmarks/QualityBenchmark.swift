import Foundation

/// `dm bench quality`: the quality step over an existing folder of target tables, with its throughput and the
/// process's peak memory.
///
/// The tables come from outside (an ETL run, or a synthetic set for sizing): the bench measures the checks, not
/// a generator. Reports go to a scratch folder, so a real run's reports are never overwritten.
package enum QualityBenchmark {
    /// Runs the quality step over `targetDirectory` and prints its figures through `report`.
    package static func run(
        targetDirectory: String, minPatients: Int, referenceDate: String, scratchDirectory: String,
        report: (String) -> Void
    ) throws {
        let scratch = scratchDirectory + "/dm-bench-quality-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let schema = try EPRSchema.bundled()
        let inputs = QualityInputs(
            targetDirectory: URL(fileURLWithPath: targetDirectory), schema: schema.tables, reconciliation: [],
            minPatients: minPatients, referenceDate: referenceDate, runID: "bench",
            reportsDirectory: URL(fileURLWithPath: scratch))
        var result: QualityResult?
        let seconds = try BenchmarkSupport.bestTime(repeats: 1) { result = try QualityEngine.run(inputs) }
        guard let result else {
            return
        }
        let rows = result.tableRowCounts.values.reduce(0, +)
        let bytes = result.tableRowCounts.keys.reduce(0) { total, table in
            let path = targetDirectory + "/\(table).csv"
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return total + size
        }
        report(
            "quality     \(result.tableRowCounts.count) tables, \(BenchmarkSupport.grouped(Double(rows))) rows "
                + "(\(BenchmarkSupport.oneDecimal(Double(bytes) / 1_048_576)) MiB), "
                + "\(result.patientsLoaded) patients: \(String(format: "%.2f", seconds)) s, "
                + "\(BenchmarkSupport.grouped(Double(rows) / seconds)) rows/s, "
                + "\(BenchmarkSupport.oneDecimal(Double(bytes) / 1_048_576 / seconds)) MiB/s")
        report(
            "issues      contract \(result.contractIssueCount) (\(result.contractStatus.rawValue)), "
                + "enterprise \(result.enterpriseIssueCount) (\(result.enterpriseStatus.rawValue))")
        report(
            "memory      peak RSS \(BenchmarkSupport.oneDecimal(Double(BenchmarkSupport.peakResidentBytes()) / 1_048_576)) MiB"
        )
    }
}
