/// Matches sign-offs to required roles so that each role is signed by a different user.
///
/// One user may hold several roles (a release manager who is also a clinical safety officer), but the gate's point
/// is two pairs of eyes, so one person's sign-offs fill at most one role. The matching is a small exhaustive
/// search: profiles name two or three roles and runs carry a handful of sign-offs.
struct SignOffMatching {
    /// The roles that must sign, in profile order.
    let roles: [String]
    /// The users who signed in each role, sorted.
    let signers: [String: [String]]
    /// The best assignment found: role → user, as many roles as can be filled by distinct users.
    let assigned: [String: String]

    /// Finds the largest assignment of distinct users to `roles`.
    init(roles: [String], signOffs: [GateSignOff]) {
        self.roles = roles
        var signers: [String: [String]] = [:]
        for signOff in signOffs where roles.contains(signOff.role) && !signOff.user.isEmpty {
            signers[signOff.role, default: []].append(signOff.user)
        }
        self.signers = signers.mapValues { Array(Set($0)).sorted() }
        assigned = Self.best(roles[...], signers: self.signers, used: [])
    }

    /// What is missing, in the words the gate report uses, e.g. "0 of 2 required sign-offs: needs a
    /// clinical_safety_officer and a release_manager (different users)".
    var shortfall: String {
        let needs =
            "needs " + roles.map { "a \($0)" }.joined(separator: roles.count == 2 ? " and " : ", ")
            + (roles.count > 1 ? " (different users)" : "")
        var text = "\(assigned.count) of \(roles.count) required sign-offs"
        let unsigned = roles.filter { signers[$0] == nil }
        if !unsigned.isEmpty && unsigned.count < roles.count {
            text += "; no " + unsigned.joined(separator: " or ") + " has signed"
        }
        let signedButUnassigned = roles.filter { signers[$0] != nil && assigned[$0] == nil }
        if !signedButUnassigned.isEmpty {
            let shared = roles.filter { signers[$0] != nil }
            let users = Set(shared.flatMap { signers[$0] ?? [] }).sorted()
            text +=
                "; " + shared.joined(separator: " and ") + " are signed only by "
                + users.joined(separator: ", ") + ", and one user cannot fill two roles"
        }
        return text + ": " + needs
    }

    /// The largest assignment of distinct users to `roles`, trying users in sorted order (so the result is stable).
    private static func best(_ roles: ArraySlice<String>, signers: [String: [String]], used: Set<String>)
        -> [String: String]
    {
        guard let role = roles.first else {
            return [:]
        }
        var found = Self.best(roles.dropFirst(), signers: signers, used: used)
        for user in signers[role] ?? [] where !used.contains(user) {
            var candidate = Self.best(roles.dropFirst(), signers: signers, used: used.union([user]))
            candidate[role] = user
            if candidate.count > found.count {
                found = candidate
            }
            if found.count == roles.count {
                break
            }
        }
        return found
    }
}
