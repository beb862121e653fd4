import EventStore
import Foundation
import Projections

/// Sign-off of a run's results by a clinical safety officer or a release manager: what `cutover_ready` requires,
/// from two different people.
package enum SignOffService {
    /// Records the sign-off of `runID` (default: the latest run whose gate was evaluated) by `actorName`.
    package static func sign(runID: String?, note: String?, actorName: String?, ledger: Ledger) throws -> (
        run: String, actor: LedgerActor
    ) {
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
        if run.signOffs.contains(where: { $0.user == actor.user && $0.role == actor.role }) {
            throw UserInputError("\(actor.user) already signed off run \(id) as \(actor.role)")
        }
        var data: [String: JSONValue] = ["run_id": .string(id)]
        if let note { data["note"] = .string(note) }
        _ = try ledger.append(
            [NewEvent(type: "gate.signed_off", data: data)], actor: actor, command: EventID.random(),
            expectedSeq: projections.seq)
        return (id, actor)
    }
}
