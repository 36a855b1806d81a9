import Foundation

/// What a user may do, before ownership and place narrow it.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Sees and changes the whole tenant.
    case admin
    /// Sees and changes records of their team subtree.
    case manager
    /// Sees and changes records they own or that are shared with them.
    case rep
    /// Dealer staff: sees the records assigned to their partner organisation, and changes those
    /// of entities open to partners (not orders, which a dealer only tracks).
    case partner
    /// Sees the whole tenant, never writes.
    case readOnly
}

/// Who is asking: everything the access scope needs, resolved once per request.
public struct Principal: Sendable, Hashable {
    public let tenantId: UUID
    public let userId: UUID
    public let role: Role
    public let teamId: UUID?
    /// The user's team and every team below it (for managers).
    public let teamSubtree: [UUID]
    public let partnerId: UUID?

    public init(tenantId: UUID, userId: UUID, role: Role, teamId: UUID?, teamSubtree: [UUID], partnerId: UUID?) {
        self.tenantId = tenantId
        self.userId = userId
        self.role = role
        self.teamId = teamId
        self.teamSubtree = teamSubtree
        self.partnerId = partnerId
    }

    public var canWrite: Bool { role != .readOnly }

    /// Whether the role changes records of this kind at all; which rows, the access scope decides.
    /// The store's writes, the access scope's write condition and the pages' buttons all ask here.
    public func mayWrite(_ entity: EntityDefinition) -> Bool {
        switch entity.ownership {
        case .owned: canWrite && !tracksOnly(entity)
        case .catalogue: role == .admin || role == .manager
        }
    }

    /// Why `mayWrite` said no: a stable code, and words the user can act on.
    public func writeRefusal(_ entity: EntityDefinition) -> Refusal {
        if !canWrite { return Refusal(.readOnlyRole, "Your role is read-only.") }
        if tracksOnly(entity) { return Refusal(.partnerTracksOnly, "Partner users follow \(entity.plural) but do not change them.") }
        return Refusal(.managersOnly, "Only admins and managers change \(entity.plural).")
    }

    /// Dealer staff see the records of an entity closed to partners but never change them.
    private func tracksOnly(_ entity: EntityDefinition) -> Bool {
        role == .partner && entity.partnerAccess == .readOnly
    }

    /// Whether this user may make another user the owner of a record: anyone in the tenant for
    /// an admin, the team subtree for a manager, their own partner organisation for a partner
    /// user, only themselves for a rep. Writes and the pages' owner choices both ask here.
    public func mayGiveRecords(toUser userId: UUID, teamId: UUID?, partnerId: UUID?) -> Bool {
        switch role {
        case .admin: true
        case .manager: userId == self.userId || teamId.map(teamSubtree.contains) == true
        case .rep: userId == self.userId
        case .partner: userId == self.userId || (partnerId != nil && partnerId == self.partnerId)
        case .readOnly: false
        }
    }
}
