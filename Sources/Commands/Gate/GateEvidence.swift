import EventStore
import Foundation
import Projections

/// What a gate evaluation of a run — and every sign-off of it — attests to: the run's artifacts, the mapping
/// contract with its statuses, the crosswalks with their approvals, and the code sets.
///
/// Each part is a SHA-256; `sha256` is the digest of the four. The gate records the evidence it judged, a
/// sign-off records the evidence it saw, and `cutover_ready` counts a sign-off only when that is exactly the
/// evidence being judged now: an approval, an edit, a new crosswalk approval or other artifacts void it, and
/// `changes(since:)` says which part changed.
package struct GateEvidence: Sendable, Equatable {
    /// SHA-256 over the run's artifacts (path and sha256 of each, extract through quality).
    package var artifacts: String
    /// SHA-256 over the contract rows as the mapping report writes them (statuses, versions, approvers included).
    package var contract: String
    /// SHA-256 over the crosswalk file and every approval of an entry (with its approver).
    package var crosswalks: String
    /// SHA-256 over the code-set file and its version.
    package var codeSets: String

    /// The parts by name, as recorded.
    private var parts: [(String, String)] {
        [("artifacts", artifacts), ("contract", contract), ("crosswalks", crosswalks), ("code_sets", codeSets)]
    }

    /// The digest of the whole evidence.
    package var sha256: String {
        SHA256.hash(parts.map { "\($0.0)=\($0.1)\n" }.joined()).hex
    }

    /// The evidence as recorded in `step.completed` (gate), `gate.evaluated` and `gate.signed_off`.
    package var json: JSONValue {
        var object = Dictionary(uniqueKeysWithValues: parts.map { ($0.0, JSONValue.string($0.1)) })
        object["sha256"] = .string(sha256)
        return .object(object)
    }

    /// The evidence recorded as `json`, or nil (an event from before evidence was recorded).
    package init?(json: JSONValue?) {
        guard let artifacts = json?["artifacts"]?.stringValue, let contract = json?["contract"]?.stringValue,
            let crosswalks = json?["crosswalks"]?.stringValue, let codeSets = json?["code_sets"]?.stringValue
        else { return nil }
        self.init(artifacts: artifacts, contract: contract, crosswalks: crosswalks, codeSets: codeSets)
    }

    /// Evidence from its parts.
    package init(artifacts: String, contract: String, crosswalks: String, codeSets: String) {
        self.artifacts = artifacts
        self.contract = contract
        self.crosswalks = crosswalks
        self.codeSets = codeSets
    }

    /// The parts that differ from `earlier`, in words: "the contract (rows or their statuses)", ….
    package func changes(since earlier: GateEvidence) -> [String] {
        var changed: [String] = []
        if artifacts != earlier.artifacts { changed.append("the run's artifacts") }
        if contract != earlier.contract { changed.append("the mapping contract (rows or their statuses)") }
        if crosswalks != earlier.crosswalks { changed.append("the crosswalks or their approvals") }
        if codeSets != earlier.codeSets { changed.append("the code sets") }
        return changed
    }

    /// Whether one sign-off of a run still stands: it does while the run's evidence is what it saw.
    package struct Standing: Sendable, Equatable {
        /// The sign-off.
        package var signOff: RunStateProjection.SignOff
        /// Whether its evidence is the run's evidence now.
        package var valid: Bool
        /// What changed since, in words (empty when valid; "it recorded no evidence" for an old sign-off).
        package var changes: [String]
    }

    /// The standing of each of `run`'s sign-offs against its evidence as the ledger stands now.
    package static func standing(of run: RunStateProjection.Run, projections: ProjectionSet) throws -> [Standing] {
        guard !run.signOffs.isEmpty else { return [] }
        let now = try of(run, projections: projections)
        return run.signOffs.map { signOff in
            guard let saw = GateEvidence(json: signOff.evidence) else {
                return Standing(signOff: signOff, valid: false, changes: ["it recorded no evidence"])
            }
            return Standing(signOff: signOff, valid: saw == now, changes: now.changes(since: saw))
        }
    }

    /// The evidence of `run` as the ledger stands now (`projections`): its recorded artifacts, and the current
    /// contract, crosswalk approvals and bundled code sets.
    package static func of(_ run: RunStateProjection.Run, projections: ProjectionSet) throws -> GateEvidence {
        var artifactLines: [String] = []
        for step in LifecycleStep.allCases where step < .gate && step != .mapping {
            for artifact in run.steps[step.rawValue]?.artifacts ?? [] {
                artifactLines.append("\(artifact.path)\t\(artifact.sha256)\n")
            }
        }
        let contractLines = projections.contract.orderedRows.map { $0.csvFields.joined(separator: "\u{1F}") + "\n" }
        let folder = CodeSetCatalog.bundledDirectory
        let crosswalkFile = try Data(contentsOf: folder.appendingPathComponent(Crosswalk.fileName))
        let approvals = projections.crosswalks.approved.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)\n" }
        let codeSetFile = try Data(contentsOf: folder.appendingPathComponent(CodeSetCatalog.codeSetsFileName))
        let version = try Data(contentsOf: folder.appendingPathComponent(CodeSetCatalog.versionFileName))
        return GateEvidence(
            artifacts: SHA256.hash(artifactLines.sorted().joined()).hex,
            contract: SHA256.hash(contractLines.joined()).hex,
            crosswalks: SHA256.hash(Array(crosswalkFile) + Array(approvals.joined().utf8)).hex,
            codeSets: SHA256.hash(Array(codeSetFile) + [0x0A] + Array(version)).hex)
    }
}
