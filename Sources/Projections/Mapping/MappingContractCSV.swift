import Foundation

/// Writes `reports/mapping_contract.csv` from the contract projection: the report data stewards review. It always
/// shows the contract at the ledger's head, so replaying the ledger reproduces it byte for byte.
package enum MappingContractCSV {
    /// Where the report lives, relative to the data root.
    package static let path = "reports/mapping_contract.csv"

    /// Writes `rows` (in contract order) to `url` atomically; returns the number of rows.
    @discardableResult
    package static func write(_ rows: [MappingRow], to url: URL) throws -> Int {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try CSVWriter(url: url, header: MappingRow.csvHeader, neutraliseFormulas: true)
        do {
            for row in rows { try writer.write(row.csvFields) }
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
        return rows.count
    }
}
