import EventStore
import Foundation
import Glibc

/// A saved fold: every projection's state as of one seq, for a fast start.
///
/// Never trusted blindly: it is used only when its format and code version are this build's, its payload still has
/// the SHA-256 recorded in its header (a truncated or corrupted file is discarded), and the ledger still has, at the
/// recorded byte range, the line of that seq with the recorded hash; otherwise it is discarded and the ledger is
/// folded from the start. (Tampering further back is what `dm ledger verify` is for.) It is a local cache derived
/// from the ledger, so it uses a compact binary form of its own (see `CheckpointCodable`) rather than JSON: a
/// million-event ledger's projections hold hundreds of snapshot copies of the contract, and reading those back as
/// JSON took seconds.
///
/// File layout (integers little-endian): the 8-byte magic `dmckpt` 0x00 0x02; code version, seq, line start,
/// line end and payload length as UInt64; the event's hash (32 bytes); the payload's SHA-256 (32 bytes); the
/// payload (a string table, then the `ProjectionSet`).
package struct ProjectionCheckpoint {
    /// Bump whenever a projection's fold or state changes shape: old checkpoints then rebuild.
    package static let codeVersion = 5
    /// File name inside `events/`.
    package static let fileName = "projections.checkpoint"
    /// Identifies the file and its layout version.
    static let magic: [UInt8] = Array("dmckpt".utf8) + [0, 2]
    /// Bytes before the payload.
    package static let headerSize = magic.count + 5 * 8 + 32 + 32

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
        let position = LedgerPosition(
            seq: state.seq, hash: state.hash, lineStart: range.lowerBound, lineEnd: range.upperBound)
        try save(state, at: position, ledger: ledger)
    }

    /// Like `save(_:ledger:)` when the caller knows where the line of `state.seq` sits (no index lookup).
    static func save(_ state: ProjectionSet, at position: LedgerPosition, ledger: Ledger) throws {
        guard state.seq > 0, position.seq == state.seq, position.hash == state.hash else { return }
        let checkpoint = ProjectionCheckpoint(
            version: codeVersion, seq: state.seq, hash: state.hash, lineStart: position.lineStart,
            lineEnd: position.lineEnd, state: state)
        let file = try AtomicFileWriter(url: url(ledger))
        do {
            try checkpoint.encoded().withUnsafeBytes { try file.write($0) }
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// The projections from the checkpoint plus every event after it, or nil when there is no usable checkpoint.
    package static func resume(_ ledger: Ledger) -> ProjectionSet? {
        resumeWithPosition(ledger)?.state
    }

    /// Like `resume`, also saying where the last event folded sits in the file (to read on from there).
    static func resumeWithPosition(_ ledger: Ledger) -> (state: ProjectionSet, position: LedgerPosition)? {
        guard let data = try? Data(contentsOf: url(ledger)),
            let checkpoint = data.withUnsafeBytes({ try? ProjectionCheckpoint(decoding: $0) })
        else { return nil }
        var state = checkpoint.state
        let position = LedgerPosition(
            seq: checkpoint.seq, hash: checkpoint.hash, lineStart: checkpoint.lineStart, lineEnd: checkpoint.lineEnd)
        guard let last = try? ledger.forEachEvent(after: position, { state.apply($0) }) else { return nil }
        return (state, last)
    }

    static func url(_ ledger: Ledger) -> URL {
        URL(fileURLWithPath: ledger.directory).appendingPathComponent(fileName)
    }

    /// The file's bytes.
    func encoded() -> [UInt8] {
        var writer = CheckpointWriter()
        writer.write(state)
        let payload = writer.payload()
        var bytes = Self.magic
        bytes.reserveCapacity(Self.headerSize + payload.count)
        for field in [version, seq, lineStart, lineEnd, payload.count] {
            withUnsafeBytes(of: UInt64(field).littleEndian) { bytes.append(contentsOf: $0) }
        }
        hash.withUnsafeBytes { bytes.append(contentsOf: $0) }
        SHA256.hash(payload).withUnsafeBytes { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: payload)
        return bytes
    }
}

extension ProjectionCheckpoint {
    /// Reads a checkpoint file, checking everything it can check on its own: magic, code version, payload length
    /// and digest, a payload that decodes exactly, and a state folded through the seq and hash of the header.
    init(decoding file: UnsafeRawBufferPointer) throws(CheckpointFormatError) {
        guard file.count >= Self.headerSize, file.prefix(Self.magic.count).elementsEqual(Self.magic) else {
            throw CheckpointFormatError("not a checkpoint of this format")
        }
        func field(_ index: Int) -> Int {
            let raw = file.loadUnaligned(fromByteOffset: Self.magic.count + 8 * index, as: UInt64.self)
            return Int(truncatingIfNeeded: UInt64(littleEndian: raw))
        }
        let (version, seq, lineStart, lineEnd, length) = (field(0), field(1), field(2), field(3), field(4))
        guard version == Self.codeVersion else { throw CheckpointFormatError("written by code version \(version)") }
        guard length == file.count - Self.headerSize else { throw CheckpointFormatError("truncated or extended") }
        let digestsStart = Self.magic.count + 5 * 8
        let payload = UnsafeRawBufferPointer(rebasing: file[Self.headerSize...])
        guard let hash = SHA256Digest(bytes: file[digestsStart..<(digestsStart + 32)]),
            SHA256.hash(payload).withUnsafeBytes({ $0.elementsEqual(file[(digestsStart + 32)..<Self.headerSize]) })
        else { throw CheckpointFormatError("payload digest mismatch") }
        var reader = try CheckpointReader(payload: payload)
        let state = try reader.read(ProjectionSet.self)
        guard reader.isAtEnd else { throw CheckpointFormatError("trailing bytes after the state") }
        guard state.seq == seq, state.hash == hash, seq >= 1 else {
            throw CheckpointFormatError("state does not match the header")
        }
        self.init(version: version, seq: seq, hash: hash, lineStart: lineStart, lineEnd: lineEnd, state: state)
    }
}
