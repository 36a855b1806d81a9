import Foundation
import RapportDomain
import RapportPersistence

/// Loads realistic, deterministic demo data into a tenant.
public struct DemoLoader: Sendable {
    public static let adminEmail = "admin@demo.rapport.test"
    public static let password = "rapport-demo"

    public struct Summary: Sendable {
        public var tenant: Directory.Tenant
        public var counts: [String: Int]
    }

    let database: Database

    public init(database: Database) { self.database = database }

    public func load(tenantName: String, scale: Int, seed: UInt64, passwordHash: String, progress: @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        let directory = Directory(database: database)
        let tenant = try await directory.createTenant(name: tenantName)
        _ = try await directory.addUser(.init(email: Self.adminEmail, name: "Demo Admin", passwordHash: passwordHash, role: .admin), tenantId: tenant.id)
        return Summary(tenant: tenant, counts: [:])
    }
}
