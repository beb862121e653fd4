import EventStore

/// One file a run produced, as recorded in the ledger: enough to find it again and prove it unchanged.
package struct ArtifactRecord: Sendable, Equatable, Codable {
    /// Path relative to the data root, e.g. `reports/mapping_contract.csv`.
    package var path: String
    /// SHA-256 of the file's bytes.
    package var sha256: String
    /// File size.
    package var bytes: Int
    /// Data rows (CSV, header excluded), when the file is a table.
    package var rows: Int?

    /// Creates a record.
    package init(path: String, sha256: String, bytes: Int, rows: Int?) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.rows = rows
    }

    /// As event data.
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["path": .string(path), "sha256": .string(sha256), "bytes": .int(bytes)]
        if let rows { object["rows"] = .int(rows) }
        return .object(object)
    }

    /// Reads a record from event data.
    package init?(_ value: JSONValue) {
        guard let path = value["path"]?.stringValue, let sha256 = value["sha256"]?.stringValue,
            let bytes = value["bytes"]?.intValue
        else { return nil }
        self.init(path: path, sha256: sha256, bytes: bytes, rows: value["rows"]?.intValue)
    }
}

extension ArtifactRecord: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(path)
        writer.write(sha256)
        writer.write(bytes)
        writer.write(rows)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        path = try reader.read()
        sha256 = try reader.read()
        bytes = try reader.read()
        rows = try reader.read()
    }
}
