import Foundation

/// One file of a generated extract, as the extract step records it.
package struct GeneratedTable: Sendable, Equatable {
    /// Legacy table name, e.g. `PATIENT_MASTER`.
    package let name: String
    /// The CSV file (`<name>.csv`).
    package let file: URL
    /// Data rows, header excluded.
    package let rows: Int
    /// File size in bytes, header included.
    package let bytes: Int

    /// Creates a record of one generated file.
    package init(name: String, file: URL, rows: Int, bytes: Int) {
        self.name = name
        self.file = file
        self.rows = rows
        self.bytes = bytes
    }
}
