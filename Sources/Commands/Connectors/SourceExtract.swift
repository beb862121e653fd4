import Foundation
import Glibc
import Projections

/// The extract step's copy of a source: every table of the model read through a connector into
/// `mock_data/source/csv/<TABLE>.csv`, the staged files the later steps read.
///
/// All or nothing: each table is first checked against the model (same columns, same order; names compared
/// case-insensitively so a dump's `patient_master.internal_no` is `PATIENT_MASTER.INTERNAL_NO`), then streamed to a
/// hidden `.<TABLE>.csv.partial` file, and only when every table has been read completely are they renamed into
/// place. A malformed source, an unknown table or a failing disk leaves the previous extract untouched and no
/// temporary file behind.
///
/// The staged CSV is written with the mock PAS's encoding (RFC 4180, LF, a field quoted only when it holds a comma,
/// quote, CR or LF), so the same data through any connector gives byte-identical files, hence equal hashes. NULL
/// and the empty string are both the empty field (see `SourceConnector`).
package struct SourceExtract {
    /// Where rows come from.
    package let connector: any SourceConnector
    /// The tables to read.
    package let model: SourceModel

    /// Rows between progress reports.
    package static let progressInterval = 100_000

    /// An extract of `model` through `connector`.
    package init(connector: any SourceConnector, model: SourceModel) {
        self.connector = connector
        self.model = model
    }

    /// Reads every table into `destination`, all as of one moment of the source (`readingOneSnapshot`); returns one
    /// record per table in model order.
    package func run(into destination: URL, progress: ((_ table: String, _ rowsDone: Int) -> Void)? = nil) throws
        -> [GeneratedTable]
    {
        try connector.readingOneSnapshot { source in
            try SourceExtract(connector: source, model: model).stageAll(into: destination, progress: progress)
        }
    }

    /// `run` on a connector already reading one snapshot.
    private func stageAll(into destination: URL, progress: ((_ table: String, _ rowsDone: Int) -> Void)?) throws
        -> [GeneratedTable]
    {
        for table in model.tables { try checkColumns(of: table) }
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        var staged: [(table: SourceTable, partial: URL, rows: Int, bytes: Int)] = []
        do {
            for table in model.tables {
                let partial = destination.appendingPathComponent(".\(table.name).csv.partial")
                let (rows, bytes) = try stage(table, to: partial, progress: progress)
                staged.append((table, partial, rows, bytes))
            }
        } catch {
            for entry in staged { unlink(entry.partial.path) }
            throw error
        }
        var tables: [GeneratedTable] = []
        for entry in staged {
            let final = destination.appendingPathComponent("\(entry.table.name).csv")
            guard rename(entry.partial.path, final.path) == 0 else {
                let reason = String(cString: strerror(errno))
                for other in staged { unlink(other.partial.path) }
                throw ConnectorError(.io, "cannot put \(final.path) in place: \(reason)")
            }
            tables.append(GeneratedTable(name: entry.table.name, file: final, rows: entry.rows, bytes: entry.bytes))
        }
        return tables
    }

    /// The source's columns must be the model's, in order.
    private func checkColumns(of table: SourceTable) throws(ConnectorError) {
        let found = try connector.columns(of: table.name).map(\.name)
        let expected = table.columns.map(\.name)
        guard found.map({ $0.uppercased() }) != expected else { return }
        let unknown = found.filter { name in !expected.contains(name.uppercased()) }
        let missing = expected.filter { name in !found.contains { $0.uppercased() == name } }
        var problems: [String] = []
        if !unknown.isEmpty { problems.append("unknown column(s) \(unknown.joined(separator: ", "))") }
        if !missing.isEmpty { problems.append("missing column(s) \(missing.joined(separator: ", "))") }
        if problems.isEmpty { problems.append("columns out of order") }
        throw ConnectorError(
            .schemaMismatch,
            "\(connector.location(of: table.name)): \(problems.joined(separator: "; ")); expected the header "
                + expected.joined(separator: ","))
    }

    /// Streams one table into `partial` (synced); returns its rows and bytes.
    private func stage(
        _ table: SourceTable, to partial: URL, progress: ((_ table: String, _ rowsDone: Int) -> Void)?
    ) throws -> (Int, Int) {
        let file = try AtomicFileWriter(url: partial)
        let encoder = CSVFieldEncoder(neutraliseFormulas: false)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 18)
        encoder.append(row: table.columns.map(\.name), to: &buffer)
        let rows = try connector.read(table: table.name) { row in
            encoder.append(row: row, to: &buffer)
            if buffer.count >= 1 << 18 {
                try buffer.withUnsafeBytes { try file.write($0) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try buffer.withUnsafeBytes { try file.write($0) }
        try file.commit()
        progress?(table.name, rows)
        return (rows, file.bytesWritten)
    }
}
