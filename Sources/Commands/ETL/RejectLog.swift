import Foundation
import Projections

/// `reports/crosswalk_rejects.csv`: one row per value or record the ETL would not migrate, with counts by rule.
///
/// The file is for people (data stewards open it in a spreadsheet), so cells that would run as formulas are
/// neutralised. Rules ending in `_NULLED` are non-blocking: a non-critical, nullable value was written as NULL and
/// the record was loaded; every other rule means the record was not written.
final class RejectLog {
    /// The header, in order.
    static let header = [
        "run_id", "source_table", "source_key", "field", "raw_value", "code_set", "rule", "reason", "target_table",
    ]
    /// Suffix of rules whose value was written as NULL while the record was loaded.
    static let nulledSuffix = "_NULLED"

    /// The file, neutralising formulas.
    private let writer: CSVWriter
    /// The run id written on every row.
    private let runID: String
    /// Rows written so far.
    private(set) var count = 0
    /// Rows by rule.
    private(set) var byRule: [String: Int] = [:]

    /// Starts `<reports>/crosswalk_rejects.csv` (published on `commit()`).
    init(url: URL, runID: String) throws {
        writer = try CSVWriter(url: url, header: Self.header, neutraliseFormulas: true)
        self.runID = runID
    }

    /// Where the file appears.
    var url: URL { writer.url }

    /// Appends one reject.
    func record(
        sourceTable: String, sourceKey: String, field: String, rawValue: String, codeSet: String?, rule: String,
        reason: String, targetTable: String
    ) throws {
        try writer.write([runID, sourceTable, sourceKey, field, rawValue, codeSet ?? "", rule, reason, targetTable])
        count += 1
        byRule[rule, default: 0] += 1
    }

    /// Publishes the file.
    func commit() throws {
        try writer.commit()
    }

    /// Deletes the temporary file.
    func abandon() {
        writer.abandon()
    }
}
