import EventStore
import Foundation
import Projections

/// Sign-off of a run's results by a clinical safety officer or a release manager: what `cutover_ready` requires,
/// from two different people.
///
/// A sign-off records the evidence it saw (`GateEvidence`: the run's artifacts, the contract with its statuses, the
/// crosswalk approvals, the code sets). It is refused when that is no longer the evidence the run's gate judged —
/// sign the run that judges the evidence as it is now — and a later change voids it at the next gate.
package enum SignOffService {
    /// Records the sign-off of `runID` (default: the latest run whose gate was evaluated) by `actorName`.
    package static func sign(
        runID: String?, note: String?, actorName: String?, ledger: Ledger, command: String = EventID.random()
    ) throws -> (run: String, actor: LedgerActor) {
        if let recorded = try ledger.recorded(command: command)?.events.first,
            let run = recorded.data["run_id"]?.stringValue
        {
            return (run, recorded.actor)
        }
        if let note { try TextLimit.check(note, "the note", limit: TextLimit.note, multiline: true) }
        let projections = try ProjectionSet.fold(ledger)
        let actor = try AccessControl.actor(named: actorName, for: .signOffGate, users: projections.users)
        let candidate = runID ?? projections.runs.order.last { projections.runs.runs[$0]?.gateVerdict != nil }
        guard let id = candidate, let run = projections.runs.runs[id] else {
            throw UserInputError(
                runID.map { "no run '\($0)'; `dm runs list` shows the runs" }
                    ?? "no run has reached the gate yet; run `dm lifecycle` first")
        }
        guard run.status != "running", run.steps["gate"]?.status == "completed" else {
            throw UserInputError("run \(id) has not completed its gate step; only evaluated results can be signed off")
        }
        if let earlier = run.signOffs.first(where: { $0.user == actor.user }) {
            throw UserInputError(
                earlier.role == actor.role
                    ? "\(actor.user) already signed off run \(id) as \(actor.role)"
                    : "\(actor.user) already signed off run \(id) as \(earlier.role); the other sign-off must come from "
                        + "someone else (four eyes)")
        }
        let judged = GateEvidence(json: run.steps["gate"]?.counts["evidence"])
        let now = try GateEvidence.of(run, projections: projections)
        guard let judged, judged == now else {
            let changed = judged.map { now.changes(since: $0).joined(separator: ", ") + " changed" }
            throw UserInputError(
                "run \(id)'s gate judged other evidence than there is now (\(changed ?? "it recorded none")); "
                    + "re-run the gate (dm lifecycle --from-step gate) and sign that run")
        }
        var data: [String: JSONValue] = ["run_id": .string(id), "evidence": now.json]
        if let note { data["note"] = .string(note) }
        _ = try ledger.append(
            [NewEvent(type: "gate.signed_off", data: data)], actor: actor, command: command,
            expectedSeq: projections.seq)
        return (id, actor)
    }
}
