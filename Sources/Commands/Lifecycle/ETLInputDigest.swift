import EventStore
import Foundation
import Projections

/// What the etl step's output depends on, as one SHA-256: the contract rows it runs (every row not rejected, by
/// the fields that shape the output — not notes, versions or who approved), the crosswalk and code-set files, and
/// the staged extract (each table's sha256).
///
/// Recorded by every etl step (`inputs_sha256`); a re-run reuses a parent's etl output only when this is unchanged
/// — approving a row keeps the output, rejecting or editing one does not.
package enum ETLInputDigest {
    /// The digest for `rows` over the extract `extract` (its artifacts).
    package static func of(contract rows: [MappingRow], extract: [ArtifactRecord]) throws -> String {
        var text = ""
        for row in rows where row.status != .rejected {
            let fields = [
                row.id, row.sourceTable, row.sourceField, row.targetTable, row.targetField, row.transform,
                row.codeSet ?? "", row.critical ? "yes" : "no", row.required ? "yes" : "no",
            ]
            text += fields.joined(separator: "\u{1F}") + "\n"
        }
        for artifact in extract.sorted(by: { $0.path < $1.path }) { text += "\(artifact.path)\t\(artifact.sha256)\n" }
        let folder = CodeSetCatalog.bundledDirectory
        var bytes = Array(text.utf8)
        for name in [Crosswalk.fileName, CodeSetCatalog.codeSetsFileName, CodeSetCatalog.versionFileName] {
            bytes += Array(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        return SHA256.hash(bytes).hex
    }
}
