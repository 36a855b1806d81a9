import Foundation
import RapportDomain
import RapportPersistence

/// Loads realistic, deterministic demo data into a new tenant.
///
/// The demo company sells trucks, forklifts, telematics and service in China, Russia,
/// the United States, the United Kingdom and Ireland, so names, addresses, phone
/// numbers, amounts and notes come in Chinese, Russian and English. For scale N there
/// are N contacts, N/5 accounts, 3N/10 opportunities, N/10 leads and N activities (at
/// least one of each), plus a fixed organisation: teams, dealers and users who all
/// share the demo password, and the company's selling (`DemoSalesLoader`): products,
/// price books, quotes, orders with N order lines, invoices, payments, expenses, quotas.
///
/// The same scale and seed always give the same names, amounts and dates (dates count
/// from 2026-11-01, not from today); only record ids and audit times differ.
public struct DemoLoader: Sendable {
    /// The admin's e-mail for a tenant named ``defaultTenantName``; other tenants get
    /// their own domain (see ``emailDomain(tenantName:)``) because e-mails are unique
    /// across tenants.
    public static let adminEmail = "admin@demo.rapport.test"
    public static let password = "rapport-demo"
    public static let defaultTenantName = "Demo"

    public struct Summary: Sendable {
        public var tenant: Directory.Tenant
        /// Rows written per kind: accounts, contacts, leads, opportunities, activities,
        /// users, teams, partners, and the sales records (`DemoSalesLoader.load`).
        public var counts: [String: Int]
        /// Sign in with this e-mail and ``DemoLoader/password``.
        public var adminEmail: String
        public var seconds: Double
    }

    let database: Database
    /// Records per bulk write; the store accepts up to `EntityStore.maximumBulkRows`.
    let batchSize: Int
    /// Bulk writes in flight at once. Two keep PostgreSQL busy while the next batch is
    /// prepared (about +50% at scale 20,000); SQLite has one writer, where a second
    /// batch in flight only waits.
    let concurrency: Int

    public init(database: Database) {
        self.init(database: database, batchSize: 5_000, concurrency: database.dialect == .postgres ? 2 : 1)
    }

    init(database: Database, batchSize: Int, concurrency: Int) {
        self.database = database
        self.batchSize = max(1, min(batchSize, EntityStore.maximumBulkRows))
        self.concurrency = max(1, concurrency)
    }

    /// The domain of the demo users' e-mail addresses: `demo.rapport.test` for the
    /// tenant named "Demo", `<slug>.demo.rapport.test` for any other.
    public static func emailDomain(tenantName: String) -> String {
        let trimmed = tenantName.trimmingCharacters(in: .whitespaces)
        var slug = ""
        for scalar in trimmed.lowercased().unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        slug = String(slug.prefix(40))
        if slug == "demo" && trimmed.lowercased() == "demo" { return "demo.rapport.test" }
        // Names that lose characters in the slug (Chinese or Russian ones, punctuation)
        // get a hash of the full name, so two such tenants never share a domain.
        if slug != trimmed.lowercased() {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in trimmed.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            slug += (slug.isEmpty ? "" : "-") + String(hash & 0xFFFF_FFFF, radix: 16)
        }
        return "\(slug).demo.rapport.test"
    }

    public func load(
        tenantName: String, scale: Int, seed: UInt64, passwordHash: String, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Summary {
        guard scale >= 1 else { throw DemoLoadError("The scale (number of contacts) must be at least 1.") }
        let started = ContinuousClock.now
        let directory = Directory(database: database)
        let tenant = try await directory.createTenant(name: tenantName)
        let domain = Self.emailDomain(tenantName: tenant.name)
        let roster = try await DemoRoster.create(
            tenantId: tenant.id, domain: domain, passwordHash: passwordHash, scale: scale, seed: seed, directory: directory)
        guard let admin = roster.admin else { throw DemoLoadError("The demo admin was not created.") }
        progress("organisation: \(roster.teamCount) teams, \(roster.partnerCount) partners, \(roster.userIds.count) users")
        let stages = try await Self.defaultStages(database: database, tenantId: tenant.id)
        let plan = DemoPlan(scale: scale, seed: seed, roster: roster)
        let factory = DemoFactory(plan: plan, roster: roster, stages: stages)
        let store = EntityStore(database: database)
        // The admin may give records to anyone, so every owner in the plan is allowed.
        let writer = DemoWriter(
            store: store, principal: try await directory.principal(for: admin), batchSize: batchSize, concurrency: concurrency)
        func entity(_ name: String) async throws -> EntityDefinition {
            guard let entity = try await store.entity(named: name, tenantId: tenant.id) else { throw DemoLoadError("No \(name) entity.") }
            return entity
        }

        // References must point at stored rows, so parents go first: account roots,
        // then their subsidiaries, then branches; contacts from the top of each org
        // chart down; then deals, leads and activities that point at all of them.
        var ids = DemoFactory.RecordIds(accounts: [], contacts: [], opportunities: [], leads: [])
        ids.accounts = Array(repeating: Self.unset, count: plan.accountCount)
        var done = 0
        let accounts = try await entity("account")
        for depth in 0...DemoPlan.maximumAccountDepth {
            let indices = (0..<plan.accountCount).filter { plan.accountDepth[$0] == depth }
            let created = try await writer.write(
                accounts, indices: indices, label: "accounts", total: plan.accountCount, done: &done, progress: progress
            ) { factory.account($0, accountIds: ids.accounts) }
            for (index, id) in zip(indices, created) { ids.accounts[index] = id }
        }

        ids.contacts = Array(repeating: Self.unset, count: plan.contactCount)
        var levels: [[Int]] = []
        for contact in 0..<plan.contactCount {
            let level = Int(plan.contactLevel[contact])
            while levels.count <= level { levels.append([]) }
            levels[level].append(contact)
        }
        done = 0
        let contacts = try await entity("contact")
        for indices in levels {
            let created = try await writer.write(
                contacts, indices: indices, label: "contacts", total: plan.contactCount, done: &done, progress: progress
            ) { factory.contact($0, accountIds: ids.accounts, contactIds: ids.contacts) }
            for (index, id) in zip(indices, created) { ids.contacts[index] = id }
        }

        done = 0
        ids.opportunities = try await writer.write(
            try await entity("opportunity"), indices: Array(0..<plan.opportunityCount), label: "opportunities",
            total: plan.opportunityCount, done: &done, progress: progress
        ) { factory.opportunity($0, accountIds: ids.accounts, contactIds: ids.contacts) }

        done = 0
        ids.leads = try await writer.write(
            try await entity("lead"), indices: Array(0..<plan.leadCount), label: "leads", total: plan.leadCount, done: &done,
            progress: progress
        ) { factory.lead($0, accountIds: ids.accounts, contactIds: ids.contacts) }

        done = 0
        _ = try await writer.write(
            try await entity("activity"), indices: Array(0..<plan.activityCount), label: "activities",
            total: plan.activityCount, done: &done, progress: progress
        ) { factory.activity($0, ids: ids) }

        let sales = try await DemoSalesLoader(database: database).load(
            tenantId: tenant.id, seed: seed, orderLines: plan.contactCount, progress: progress)

        let elapsed = started.duration(to: .now)
        return Summary(
            tenant: tenant,
            counts: sales.merging([
                "accounts": plan.accountCount, "contacts": plan.contactCount, "opportunities": plan.opportunityCount,
                "leads": plan.leadCount, "activities": plan.activityCount, "users": roster.userIds.count,
                "teams": roster.teamCount, "partners": roster.partnerCount,
            ]) { _, core in core },
            adminEmail: admin.email,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private static let unset = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static func defaultStages(database: Database, tenantId: UUID) async throws -> [PipelineStore.Stage] {
        let pipelines = PipelineStore(database: database)
        guard let pipeline = try await pipelines.pipelines(tenantId: tenantId).first(where: \.isDefault) else {
            throw DemoLoadError("The tenant has no default pipeline.")
        }
        let stages = try await pipelines.stages(tenantId: tenantId)
            .filter { $0.pipelineId == pipeline.id }
            .sorted { $0.position < $1.position }
        guard !stages.isEmpty else { throw DemoLoadError("The default pipeline has no stages.") }
        return stages
    }
}
