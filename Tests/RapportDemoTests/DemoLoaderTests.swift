import Foundation
@testable import RapportDemo
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

@Suite("Demo loader")
struct DemoLoaderTests {
    @Test("A small demo has every promised kind of record, in the promised numbers")
    func shape() async throws {
        // setup
        let database = try await TestDatabase.shared()
        // MUT
        let demo = try await Loaded.load(scale: 200, seed: 7, database: database)
        // validate
        #expect(demo.summary.counts["accounts"] == 40)
        #expect(demo.summary.counts["contacts"] == 200)
        #expect(demo.summary.counts["opportunities"] == 60)
        #expect(demo.summary.counts["leads"] == 20)
        #expect(demo.summary.counts["activities"] == 200)
        let accounts = try await demo.all("account")
        let contacts = try await demo.all("contact")
        let opportunities = try await demo.all("opportunity")
        let leads = try await demo.all("lead")
        let activities = try await demo.all("activity")
        let counts: [Int] = [accounts.count, contacts.count, opportunities.count, leads.count, activities.count]
        #expect(counts == [40, 200, 60, 20, 200])

        #expect(Set(leads.compactMap { $0["grade"].textValue }) == Set(EntityDefinition.leadGrades))
        #expect(Set(leads.compactMap { $0["status"].textValue }) == Set(EntityDefinition.leadStatuses))
        let stages = try await PipelineStore(database: database).stages(tenantId: demo.summary.tenant.id)
        #expect(Set(opportunities.compactMap { $0["stageId"].idValue }) == Set(stages.map(\.id)))
        let lost = opportunities.filter { $0["status"] == .text("lost") }
        #expect(!lost.isEmpty && lost.allSatisfy { $0["lostReason"].textValue != nil && $0["competitors"].listValue?.isEmpty == false })
        #expect(opportunities.contains { $0["status"] == .text("won") })

        let accountById = Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, $0) })
        let grandchild = accounts.first { account in
            account["parentId"].idValue.flatMap { accountById[$0] }?["parentId"].idValue.flatMap { accountById[$0] } != nil
        }
        #expect(grandchild != nil, "no account with a child and a grandchild")

        let contactById = Dictionary(uniqueKeysWithValues: contacts.map { ($0.id, $0) })
        let reporting = contacts.filter { $0["reportsToId"].idValue != nil }
        #expect(!reporting.isEmpty)
        #expect(reporting.allSatisfy { contactById[$0["reportsToId"].idValue!]?["accountId"] == $0["accountId"] })
        #expect(contacts.allSatisfy { $0["accountId"].idValue.flatMap { accountById[$0] } != nil })

        let names = (accounts + contacts).compactMap { $0["name"].textValue }
        #expect(names.contains { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }, "no Chinese name")
        #expect(names.contains { $0.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } }, "no Russian name")
        #expect(names.contains { $0.unicodeScalars.allSatisfy { $0.isASCII } }, "no English name")

        let currencies = Set(opportunities.compactMap { value -> String? in
            if case .money(let money) = value["amount"] { money.currency.code } else { nil }
        })
        #expect(currencies.isSuperset(of: ["CNY", "RUB", "USD"]))

        let targets = Dictionary(grouping: activities, by: { $0["relatedType"].textValue ?? "" })
        #expect(Set(targets.keys) == Set(EntityDefinition.activityTargets))
        #expect(Set(activities.compactMap { $0["type"].textValue }) == Set(EntityDefinition.activityTypes))
        let known = Set(accounts.map(\.id) + contacts.map(\.id) + opportunities.map(\.id) + leads.map(\.id))
        #expect(activities.allSatisfy { $0["relatedId"].idValue.map(known.contains) == true })

        let users = try await Directory(database: database).users(tenantId: demo.summary.tenant.id)
        #expect(Set(users.map(\.role)) == Set(Role.allCases))
        #expect(users.count == demo.summary.counts["users"])
        #expect(users.contains { $0.email == demo.summary.adminEmail && $0.role == .admin })
        #expect((accounts + leads).contains { $0["partnerId"].idValue != nil }, "nothing is assigned to a dealer")
        #expect(Set((accounts + contacts + leads).compactMap { $0["ownerId"].idValue }).count > 3)
    }

    @Test("The same seed gives the same data; another seed gives other data")
    func determinism() async throws {
        // setup
        let database = try await TestDatabase.shared()
        // MUT
        let first = try await Loaded.load(scale: 120, seed: 42, database: database)
        let second = try await Loaded.load(scale: 120, seed: 42, database: database)
        let other = try await Loaded.load(scale: 120, seed: 43, database: database)
        // validate
        for entity in ["account", "contact", "opportunity", "lead", "activity"] {
            let field = entity == "activity" ? "subject" : "name"
            let a = try await first.all(entity).map { $0[field] }
            let b = try await second.all(entity).map { $0[field] }
            let c = try await other.all(entity).map { $0[field] }
            #expect(a == b, "\(entity) differs between two loads with the same seed")
            #expect(a != c, "\(entity) is the same with another seed")
        }
        for entity in ["quote", "order", "invoice", "payment"] {
            let field = entity == "payment" ? "amount" : "total"
            let a = try await first.all(entity).map { $0[field] }
            let b = try await second.all(entity).map { $0[field] }
            #expect(!a.isEmpty && a == b, "\(entity) differs between two loads with the same seed")
        }
        let amounts = try await first.all("opportunity").map { [$0["amount"], $0["expectedCloseDate"]] }
        #expect(try await second.all("opportunity").map { [$0["amount"], $0["expectedCloseDate"]] } == amounts)
        let due = try await first.all("activity").map { $0["dueAt"] }
        #expect(try await second.all("activity").map { $0["dueAt"] } == due)
    }

    @Test("Small batches written several at a time give the same data and links")
    func batching() async throws {
        // setup
        let database = try await TestDatabase.shared()
        let reference = try await Loaded.load(scale: 150, seed: 9, database: database)
        // MUT
        let batched = try await Loaded.load(
            scale: 150, seed: 9, database: database, loader: DemoLoader(database: database, batchSize: 7, concurrency: 3))
        // validate
        for entity in ["account", "contact", "opportunity", "lead", "activity"] {
            let expected = try await reference.all(entity).map(\.linkage)
            let actual = try await batched.all(entity).map(\.linkage)
            #expect(try await reference.names(expected) == batched.names(actual), "\(entity)")
        }
    }

    @Test("A scale of one still makes one of everything")
    func tiny() async throws {
        let database = try await TestDatabase.shared()
        let demo = try await Loaded.load(scale: 1, seed: 1, database: database)
        for entity in ["account", "contact", "opportunity", "lead", "activity"] {
            #expect(try await demo.all(entity).count == 1, "\(entity)")
        }
    }

    @Test("Scale zero is refused before anything is written")
    func zero() async throws {
        let database = try await TestDatabase.shared()
        let name = "demo-zero-\(UUID().uuidString.prefix(8))"
        await #expect(throws: DemoLoadError.self) {
            try await DemoLoader(database: database).load(tenantName: name, scale: 0, seed: 1, passwordHash: "x")
        }
        #expect(try await Directory(database: database).tenant(named: name) == nil)
    }

    @Test("Each tenant's demo users get their own e-mail domain")
    func emailDomains() {
        #expect("admin@" + DemoLoader.emailDomain(tenantName: DemoLoader.defaultTenantName) == DemoLoader.adminEmail)
        #expect(DemoLoader.emailDomain(tenantName: "sales-eu") == "sales-eu.demo.rapport.test")
        let chinese = DemoLoader.emailDomain(tenantName: "演示")
        #expect(chinese.hasSuffix(".demo.rapport.test") && chinese != DemoLoader.emailDomain(tenantName: "Демо"))
        #expect(DemoLoader.emailDomain(tenantName: "Demo Co") != DemoLoader.emailDomain(tenantName: "demo-co"))
    }

    @Test("Loading speed at scale 20,000", .enabled(if: ProcessInfo.processInfo.environment["RAPPORT_DEMO_BENCH"] != nil))
    func speed() async throws {
        let database = try await TestDatabase.shared()
        let scale = Int(ProcessInfo.processInfo.environment["RAPPORT_DEMO_BENCH"] ?? "") ?? 20_000
        let demo = try await Loaded.load(scale: scale, seed: 1, database: database) { print("demo: \($0)") }
        let rows = ["accounts", "contacts", "opportunities", "leads", "activities"].compactMap { demo.summary.counts[$0] }.reduce(0, +)
        print("demo: \(rows) records in \(demo.summary.seconds) s = \(Int(Double(rows) / demo.summary.seconds)) records/s")
    }
}

/// A demo loaded into a fresh tenant, and a way to read it back as the admin.
struct Loaded {
    let summary: DemoLoader.Summary
    let principal: Principal
    let store: EntityStore

    static func load(
        scale: Int, seed: UInt64, database: Database, loader: DemoLoader? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Loaded {
        let name = "demo-\(UUID().uuidString.prefix(8).lowercased())"
        let summary = try await (loader ?? DemoLoader(database: database)).load(
            tenantName: name, scale: scale, seed: seed, passwordHash: "not-a-real-hash", progress: progress)
        let directory = Directory(database: database)
        let admin = try #require(try await directory.credentials(email: summary.adminEmail)?.user)
        return Loaded(summary: summary, principal: try await directory.principal(for: admin), store: EntityStore(database: database))
    }

    /// Names every record id in `links` by the external id of the record it points at,
    /// so two loads (with different ids) can be compared.
    func names(_ links: [[String: UUID]]) async throws -> [[String: String]] {
        var externalIds: [UUID: String] = [:]
        for entity in ["account", "contact", "opportunity", "lead", "activity"] {
            for record in try await all(entity) { externalIds[record.id] = record["externalId"].textValue }
        }
        return links.map { $0.mapValues { externalIds[$0] ?? "?" } }
    }

    /// Every record of the entity, in external-id order (the order the generator made them).
    func all(_ name: String) async throws -> [Record] {
        let entity = try #require(try await store.entity(named: name, tenantId: summary.tenant.id))
        var request = ListRequest()
        request.sort = [SortKey("externalId")]
        request.limit = ListRequest.maximumLimit
        var records: [Record] = []
        while true {
            let page = try await store.list(entity, request: request, principal: principal)
            records += page.records
            guard let next = page.nextCursor else { return records }
            request.cursor = next
        }
    }
}

extension Record {
    /// The record's external id and the ids it refers to, by field.
    var linkage: [String: UUID] {
        var links: [String: UUID] = ["self": id]
        for name in ["parentId", "accountId", "reportsToId", "primaryContactId", "relatedId", "convertedAccountId", "convertedContactId"] {
            if let target = self[name].idValue { links[name] = target }
        }
        return links
    }
}
