import Foundation
import RapportDomain
import RapportPersistence

/// A fresh tenant with one user of every role and a small team tree:
///
///     Head office (manager)
///     ├── North (rep, readOnly)
///     └── South (rep2)
///
/// plus partner organisations A (with a partner user) and B.
public struct TenantFixture: Sendable {
    public let database: Database
    public let tenant: Directory.Tenant
    public let admin: Principal
    public let manager: Principal
    public let rep: Principal
    public let rep2: Principal
    public let partner: Principal
    public let readOnly: Principal
    public let partnerA: UUID
    public let partnerB: UUID
    public let teams: (head: UUID, north: UUID, south: UUID)
    public let store: EntityStore

    public var all: [(name: String, principal: Principal)] {
        [("admin", admin), ("manager", manager), ("rep", rep), ("rep2", rep2), ("partner", partner), ("readOnly", readOnly)]
    }

    /// The password every fixture user has; the hash is a stand-in unless a hasher is given.
    public static let password = "correct horse battery"

    public static func make(
        _ label: String = "t", database: Database? = nil, passwordHash: String = "not-a-real-hash"
    ) async throws -> TenantFixture {
        let database = if let database { database } else { try await TestDatabase.shared() }
        let directory = Directory(database: database)
        let unique = UUID().uuidString.prefix(8).lowercased()
        let tenant = try await directory.createTenant(name: "\(label)-\(unique)")
        let head = try await directory.createTeam(tenantId: tenant.id, name: "Head office", parentId: nil)
        let north = try await directory.createTeam(tenantId: tenant.id, name: "North", parentId: head)
        let south = try await directory.createTeam(tenantId: tenant.id, name: "South", parentId: head)
        let partnerA = try await directory.createPartner(tenantId: tenant.id, name: "Dealer A")
        let partnerB = try await directory.createPartner(tenantId: tenant.id, name: "Dealer B")

        func user(_ role: Role, _ name: String, team: UUID?, partner: UUID? = nil) async throws -> Principal {
            let user = try await directory.addUser(
                .init(email: "\(name)-\(unique)@example.com", name: name, passwordHash: passwordHash, role: role, teamId: team, partnerId: partner),
                tenantId: tenant.id)
            return try await directory.principal(for: user)
        }
        return TenantFixture(
            database: database, tenant: tenant,
            admin: try await user(.admin, "admin", team: head),
            manager: try await user(.manager, "manager", team: head),
            rep: try await user(.rep, "rep", team: north),
            rep2: try await user(.rep, "rep2", team: south),
            partner: try await user(.partner, "partner", team: nil, partner: partnerA),
            readOnly: try await user(.readOnly, "readonly", team: north),
            partnerA: partnerA, partnerB: partnerB, teams: (head, north, south),
            store: EntityStore(database: database))
    }

    /// The first open stage of the tenant's default pipeline.
    public func stage(named name: String = "Prospecting") async throws -> UUID {
        let stages = try await PipelineStore(database: database).stages(tenantId: tenant.id)
        guard let stage = stages.first(where: { $0.name == name }) else { throw FixtureError("no stage \(name)") }
        return stage.id
    }

    /// Creates a record from JSON text, as the API would.
    @discardableResult
    public func create(_ entityName: String, _ json: String, as principal: Principal) async throws -> Record {
        let entity = try await store.entity(named: entityName, tenantId: tenant.id)!
        let input = try RecordDecoder.decode(try JSONParser.parse(json), entity: entity, mode: .create).get()
        return try await store.create(entity, input: input, principal: principal)
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
