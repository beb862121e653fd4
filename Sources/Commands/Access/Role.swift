/// The roles of DESIGN.md §6.
public enum Role: String, CaseIterable, Sendable {
    case viewer, auditor, engineer
    case `operator`
    case steward
    case clinicalSafetyOfficer = "clinical_safety_officer"
    case releaseManager = "release_manager"
    case admin

    /// What the role is for, one line.
    public var summary: String {
        switch self {
        case .viewer: "reads everything except the ledger's raw events"
        case .auditor: "reads everything and verifies the ledger"
        case .engineer: "edits mappings and crosswalks, runs lifecycle steps"
        case .`operator`: "runs the lifecycle, takes and restores snapshots"
        case .steward: "approves or rejects mapping rows and crosswalk entries"
        case .clinicalSafetyOfficer: "signs off the cutover gate for clinical safety"
        case .releaseManager: "signs off the cutover gate for release"
        case .admin: "manages users and roles; the local CLI acts as admin"
        }
    }
}

/// What a command needs to be allowed.
public enum Permission: String, CaseIterable, Sendable {
    case read
    case readEvents = "read_events"
    case verifyLedger = "verify_ledger"
    case editMapping = "edit_mapping"
    case approveMapping = "approve_mapping"
    case runLifecycle = "run_lifecycle"
    case takeSnapshot = "take_snapshot"
    case restoreSnapshot = "restore_snapshot"
    case signOffGate = "sign_off_gate"
    case manageUsers = "manage_users"
}

/// The permission matrix: the one place that says which role may do what. The CLI, the API and `dm users roles`
/// all read it.
public enum PermissionMatrix {
    /// Roles allowed each permission.
    public static let allowed: [Permission: Set<Role>] = [
        .read: Set(Role.allCases),
        .readEvents: [.auditor, .engineer, .`operator`, .steward, .clinicalSafetyOfficer, .releaseManager, .admin],
        .verifyLedger: [.auditor, .`operator`, .clinicalSafetyOfficer, .releaseManager, .admin],
        .editMapping: [.engineer, .admin],
        // Approval is a governance act: not the admin's, so the local CLI cannot approve without a named steward.
        .approveMapping: [.steward],
        .runLifecycle: [.engineer, .`operator`, .admin],
        .takeSnapshot: [.`operator`, .admin],
        .restoreSnapshot: [.`operator`, .admin],
        .signOffGate: [.clinicalSafetyOfficer, .releaseManager],
        .manageUsers: [.admin],
    ]

    /// True when `role` may do `permission`.
    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        allowed[permission]?.contains(role) ?? false
    }

    /// The first of `roles` (in declaration order) that allows `permission`: the role an action is recorded under.
    public static func actingRole(among roles: Set<String>, for permission: Permission) -> Role? {
        Role.allCases.first { roles.contains($0.rawValue) && allows($0, permission) }
    }
}
