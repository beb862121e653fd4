import EventStore

/// The lifecycle's working state: for each step, the latest completed run of it, and the latest artifact at each
/// path — what `reports/`, `schemas/` and `mock_data/` should hold now.
///
/// Unlike the run history, this state is rewound by `snapshot.restored {snapshot_id}` to what it was when the
/// snapshot was taken (`snapshot.taken {snapshot_id}`); later events apply on top. Restores nest naturally: a
/// snapshot taken after a restore saved the restored state.
package struct WorkingStateProjection: Projection, Equatable, Codable {
    /// The latest completed run of one step.
    package struct StepRecord: Sendable, Equatable, Codable {
        /// The run that completed it.
        package var runID: String
        /// Its artifacts.
        package var artifacts: [ArtifactRecord]
        /// Seq of its `step.completed`.
        package var seq: Int
    }

    /// The latest artifact at one path and the run whose folder keeps it.
    package struct WorkingArtifact: Sendable, Equatable, Codable {
        /// The record from the ledger.
        package var record: ArtifactRecord
        /// The run folder holding this version.
        package var runID: String
    }

    /// Latest completed run per step name.
    package private(set) var steps: [String: StepRecord] = [:]
    /// Latest artifact per path.
    package private(set) var artifacts: [String: WorkingArtifact] = [:]
    private var snapshots: [String: Saved] = [:]

    /// The working state as a snapshot saw it.
    package struct Saved: Equatable, Sendable, Codable {
        /// Latest completed run per step name.
        package var steps: [String: StepRecord]
        /// Latest artifact per path.
        package var artifacts: [String: WorkingArtifact]
    }

    package init() {}

    package mutating func apply(_ event: LedgerEvent) {
        switch event.type {
        case "step.completed":
            guard let runID = event.data["run_id"]?.stringValue, let step = event.data["step"]?.stringValue else {
                return
            }
            let records = event.data["artifacts"]?.arrayValue?.compactMap(ArtifactRecord.init) ?? []
            steps[step] = StepRecord(runID: runID, artifacts: records, seq: event.seq)
            for record in records {
                artifacts[record.path] = WorkingArtifact(record: record, runID: runID)
            }
        case "snapshot.taken":
            guard let id = event.data["snapshot_id"]?.stringValue else { return }
            snapshots[id] = Saved(steps: steps, artifacts: artifacts)
        case "snapshot.restored":
            guard let id = event.data["snapshot_id"]?.stringValue, let saved = snapshots[id] else { return }
            steps = saved.steps
            artifacts = saved.artifacts
        default:
            break
        }
    }

    /// The state a snapshot saved, if the snapshot is known.
    package func saved(_ snapshotID: String) -> Saved? {
        snapshots[snapshotID]
    }
}

extension WorkingStateProjection: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(steps)
        writer.write(artifacts)
        writer.write(snapshots)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        steps = try reader.read()
        artifacts = try reader.read()
        snapshots = try reader.read()
    }
}

extension WorkingStateProjection.StepRecord: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(runID)
        writer.write(artifacts)
        writer.write(seq)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        runID = try reader.read()
        artifacts = try reader.read()
        seq = try reader.read()
    }
}

extension WorkingStateProjection.WorkingArtifact: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(record)
        writer.write(runID)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        record = try reader.read()
        runID = try reader.read()
    }
}

extension WorkingStateProjection.Saved: CheckpointCodable {
    package func write(to writer: inout CheckpointWriter) {
        writer.write(steps)
        writer.write(artifacts)
    }

    package init(from reader: inout CheckpointReader) throws(CheckpointFormatError) {
        steps = try reader.read()
        artifacts = try reader.read()
    }
}
