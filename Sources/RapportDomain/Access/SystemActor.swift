import Foundation

/// Rapport itself, as the author of changes no person made: a quote expiring on its date,
/// a reminder task from the job queue. The audit log names it instead of leaving "who" blank.
public enum SystemActor {
    public static let id = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// An administrator of one tenant with no team: sees and changes that tenant only.
    public static func principal(tenantId: UUID) -> Principal {
        Principal(tenantId: tenantId, userId: id, role: .admin, teamId: nil, teamSubtree: [], partnerId: nil)
    }
}
