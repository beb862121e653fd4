import Foundation
import Glibc

/// Generates the mock legacy PAS extract (connector `csv`): one CSV per table of `SourceModel.mockPAS`.
///
/// Output depends only on the parameters: the same rows, seed, defect rate and reference date give byte-identical
/// files. Rows are streamed as they are generated, so memory does not grow with `rows` (one 128 KiB buffer per
/// table). Every file is written under a hidden temporary name (`.<TABLE>.csv.partial`) and renamed into place only
/// after all of them are complete and `fsync`ed: a failure while generating leaves the previous extract untouched
/// and removes the temporary files, so no half-written table is ever visible under its real name.
package struct MockPASGenerator: Sendable {
    /// Patients that are clean enough to migrate; defects add extra records on top of these.
    package let rows: Int
    /// Seed of every random choice.
    package let seed: UInt64
    /// Share of patients that carry an injected data-quality defect (0 gives a clean extract).
    package let defectRate: Double
    /// "Today" for the extract: ages, activity windows and future appointments are measured from it.
    package let referenceDate: Date

    /// Patients between progress reports.
    package static let progressInterval = 10_000
    /// Where the extract step puts the mock extract, relative to the data root (DESIGN.md section 5).
    package static let defaultRelativeDirectory = "mock_data/source/csv"

    /// Creates a generator; parameters are checked by `generate`.
    package init(rows: Int, seed: UInt64, defectRate: Double = 0.02, referenceDate: Date) {
        self.rows = rows
        self.seed = seed
        self.defectRate = defectRate
        self.referenceDate = referenceDate
    }

    /// Writes the extract into `directory` (created if missing) and returns one record per table, in model order.
    ///
    /// `progress` is called with `PATIENT_MASTER` and the patients done every `progressInterval` patients, then once
    /// per table with its final row count.
    package func generate(
        into directory: URL, progress: ((_ table: String, _ rowsDone: Int) -> Void)? = nil
    ) throws(MockPASError) -> [GeneratedTable] {
        guard rows >= 0, rows <= 10_000_000 else {
            throw .invalidParameter(name: "rows", reason: "must be between 0 and 10000000, got \(rows)")
        }
        guard defectRate >= 0, defectRate <= 1 else {
            throw .invalidParameter(name: "defectRate", reason: "must be between 0 and 1, got \(defectRate)")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory.path, reason: error.localizedDescription)
        }
        let tables = PASTable.allCases
        var writers: [MockCSVWriter] = []
        do {
            for table in tables {
                let temporary = directory.appendingPathComponent(".\(table.name).csv.partial")
                writers.append(try MockCSVWriter(temporaryURL: temporary, header: table.definition.columns.map(\.name)))
            }
            let run = MockPASRun(
                rows: rows, seed: seed, defectRate: defectRate,
                referenceDay: CivilDate.dayNumber(of: referenceDate), writers: writers)
            try run.writeAll(progress: progress)
            for writer in writers { try writer.close() }
            return try publish(tables: tables, writers: writers, into: directory, progress: progress)
        } catch {
            for writer in writers { unlink(writer.temporaryURL.path) }
            throw error
        }
    }

    /// Renames every temporary file into place and syncs the directory so the renames survive a crash.
    private func publish(
        tables: [PASTable], writers: [MockCSVWriter], into directory: URL,
        progress: ((_ table: String, _ rowsDone: Int) -> Void)?
    ) throws(MockPASError) -> [GeneratedTable] {
        var generated: [GeneratedTable] = []
        for (table, writer) in zip(tables, writers) {
            let final = directory.appendingPathComponent("\(table.name).csv")
            guard rename(writer.temporaryURL.path, final.path) == 0 else {
                throw .io(path: final.path, reason: String(cString: strerror(errno)))
            }
            generated.append(GeneratedTable(name: table.name, file: final, rows: writer.rows, bytes: writer.bytes))
            progress?(table.name, writer.rows)
        }
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        return generated
    }
}
