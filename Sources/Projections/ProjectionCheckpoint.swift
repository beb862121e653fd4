import EventStore
import Foundation

/// A saved fold: every projection's state as of one seq, for a fast start.
///
/// Never trusted blindly: it is used only when its code version is this build's and the ledger still has, at the
/// recorded byte range, the line of that seq with the recorded hash; otherwise it is discarded and the ledger is
/// folded from the start. (Tampering further back is what `dm ledger verify` is for.) It is a local cache, derived
/// from the ledger, written with Foundation's encoder because nothing in it is ever hashed.
package struct ProjectionCheckpoint: Codable {
    /// Bump whenever a projection's fold or state changes shape: old checkpoints then rebuild.
    package static let codeVersion = 1
    /// File name inside `events/`.
    package static let fileName = "projections.checkpoint"

    /// The code version that wrote it.
    package var version: Int
    /// Seq of the last event folded.
    package var seq: Int
    /// Its hash.
    package var hash: SHA256Digest
    /// Byte range of its line in the ledger (the `\n` included).
    package var lineStart: Int
    package var lineEnd: Int
    /// The projections.
    package var state: ProjectionSet

    /// Writes `state` (folded through its `seq`) next to the ledger, atomically.
    package static func save(_ state: ProjectionSet, ledger: Ledger) throws {
        guard state.seq > 0, let range = try ledger.lineRange(seq: state.seq) else { return }
        let checkpoint = ProjectionCheckpoint(
            version: codeVersion, seq: state.seq, hash: state.hash, lineStart: range.lowerBound,
            lineEnd: range.upperBound, state: state)
        let data = try JSONEncoder().encode(checkpoint)
        let url = URL(fileURLWithPath: ledger.directory).appendingPathComponent(fileName)
        let file = try AtomicFileWriter(url: url)
        do {
            try data.withUnsafeBytes { try file.write($0) }
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// The projections from the checkpoint plus every event after it, or nil when there is no usable checkpoint.
    package static func resume(_ ledger: Ledger) -> ProjectionSet? {
        let url = URL(fileURLWithPath: ledger.directory).appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url),
            let checkpoint = try? JSONDecoder().decode(ProjectionCheckpoint.self, from: data),
            checkpoint.version == codeVersion, checkpoint.state.seq == checkpoint.seq
        else { return nil }
        var state = checkpoint.state
        let matched = try? ledger.forEachEvent(
            after: checkpoint.seq, hash: checkpoint.hash, lineStart: checkpoint.lineStart, lineEnd: checkpoint.lineEnd
        ) { state.apply($0) }
        return matched == true ? state : nil
    }
}
