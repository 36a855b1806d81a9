import Foundation
import NIOCore
import RapportDomain
import RapportPersistence
import RapportTestSupport
import SQLKit
import Testing

/// The access matrix: the specification of who sees and changes what.
///
/// Every case starts from a fresh tenant (see ``TenantFixture``) plus one user outside
/// the head-office tree, with one record per column below:
///
///                 north      south       dealerA    dealerB      east
///     owner       rep        rep2        admin      admin        outsider
///     team        North      South       Head       Head         East (own root)
///     partner     –          –           A          B            –
///     shared      –          rep (read)  –          rep (edit)   –
///
///     admin       rw         rw          rw         rw           rw
///     manager     rw         rw          rw         rw           –      head office subtree only
///     rep         rw         r           –          rw           –      own + shared; can_edit decides write
///     rep2        –          rw          –          –            –
///     partner     –          –           rw         –            –      own partner organisation only (orders: r)
///     readOnly    r          r           r          r            r      whole tenant, never writes
///
/// Catalogue entities (products, price books) are the tenant's reference data: every role
/// reads every row except that a partner user does not see another partner's (dealerB);
/// admins and managers change any row, nobody else changes or creates one.
///
/// A payment is deleted (taken back) by admins and managers only, within what they may change.
///
/// Orders are the dealer's order-tracking view: a partner user reads their organisation's orders
/// (dealerA) with status and history, and neither creates, changes, deletes, moves nor invoices one.
///
/// A record a principal cannot read does not exist for them: get, update and delete say
/// not found. One they can read but not change says forbidden.
@Suite("Access matrix")
struct AccessMatrixTests {
    enum Actor: String, CaseIterable, Sendable {
        case admin, manager, rep, rep2, partner, readOnly

        func readable(_ entity: EntityDefinition) -> Set<Target> {
            guard entity.ownership == .owned else {
                // Catalogue: the whole tenant, except another partner's rows for a partner user.
                return self == .partner ? [.north, .south, .dealerA, .east] : Set(Target.allCases)
            }
            return readableOwned
        }

        func writable(_ entity: EntityDefinition) -> Set<Target> {
            guard entity.ownership == .owned else { return self == .admin || self == .manager ? Set(Target.allCases) : [] }
            return tracksOnly(entity) ? [] : writableOwned
        }

        func mayCreate(_ entity: EntityDefinition) -> Bool {
            entity.ownership == .owned ? self != .readOnly && !tracksOnly(entity) : self == .admin || self == .manager
        }

        /// A dealer follows their organisation's orders and changes none of them.
        private func tracksOnly(_ entity: EntityDefinition) -> Bool {
            self == .partner && entity.name == "order"
        }

        private var readableOwned: Set<Target> {
            switch self {
            case .admin, .readOnly: Set(Target.allCases)
            case .manager: [.north, .south, .dealerA, .dealerB]
            case .rep: [.north, .south, .dealerB]
            case .rep2: [.south]
            case .partner: [.dealerA]
            }
        }

        private var writableOwned: Set<Target> {
            switch self {
            case .admin: Set(Target.allCases)
            case .manager: [.north, .south, .dealerA, .dealerB]
            case .rep: [.north, .dealerB]
            case .rep2: [.south]
            case .partner: [.dealerA]
            case .readOnly: []
            }
        }

        func principal(in fixture: TenantFixture) -> Principal {
            switch self {
            case .admin: fixture.admin
            case .manager: fixture.manager
            case .rep: fixture.rep
            case .rep2: fixture.rep2
            case .partner: fixture.partner
            case .readOnly: fixture.readOnly
            }
        }
    }

    enum Target: String, CaseIterable, Sendable, Comparable {
        case north, south, dealerA, dealerB, east
        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    enum Action: String, CaseIterable, Sendable { case list, get, create, update, delete }

    enum Outcome: Equatable, CustomStringConvertible {
        case allowed, notFound, forbidden
        /// `getOnEventLoop` left the read to `get` (every SQLite handle busy).
        case notReadAtOnce
        case failed(String)

        var description: String {
            switch self {
            case .allowed: "allowed"
            case .notFound: "notFound"
            case .forbidden: "forbidden"
            case .notReadAtOnce: "notReadAtOnce"
            case .failed(let error): "failed(\(error))"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let entity: String
        let actor: Actor
        let action: Action
        var testDescription: String { "\(actor.rawValue) \(action.rawValue) \(entity)" }
    }

    static let cases: [Case] = Catalog.builtIn.flatMap { entity in
        Actor.allCases.flatMap { actor in Action.allCases.map { Case(entity: entity.name, actor: actor, action: $0) } }
    }

    // MARK: The matrix

    @Test("Each role reads and changes exactly the records the matrix allows", arguments: cases)
    func matrix(_ matrixCase: Case) async throws {
        // setup
        let world = try await World.make(entity: matrixCase.entity)
        let actor = matrixCase.actor
        let principal = actor.principal(in: world.fixture)
        let store = world.store

        switch matrixCase.action {
        case .list:
            // MUT
            let page = try await store.list(world.entity, request: Self.everything, principal: principal)
            // validate
            #expect(page.records.count == Set(page.records.map(\.id)).count, "duplicate rows")
            #expect(world.targets(page.records.map(\.id)) == actor.readable(world.entity).sorted())

        case .get:
            // MUT
            var outcomes: [Target: Outcome] = [:]
            var atOnce: [Target: Outcome] = [:]
            for target in Target.allCases {
                outcomes[target] = await Self.outcome {
                    let record = try await store.get(world.entity, id: world.ids[target]!, principal: principal)
                    guard record.id == world.ids[target] else { throw FixtureError("got another record") }
                }
                atOnce[target] = await Self.outcomeAtOnce(world.ids[target]!) {
                    store.getOnEventLoop(world.entity, id: world.ids[target]!, principal: principal, on: TestDatabase.eventLoop)
                }
            }
            // validate
            #expect(outcomes == world.expected { actor.readable(world.entity).contains($0) ? .allowed : .notFound })
            #expect(atOnce == outcomes)

        case .create:
            // MUT
            var created: Record?
            let outcome = await Self.outcome {
                created = try await world.fixture.create(world.entity.name, world.body("new record"), as: principal)
            }
            // validate
            #expect(outcome == (actor.mayCreate(world.entity) ? .allowed : .forbidden))
            let all = try await store.list(world.entity, request: Self.everything, principal: world.fixture.admin)
            #expect(all.records.count == Target.allCases.count + (actor.mayCreate(world.entity) ? 1 : 0))
            if let created {
                let read = try await store.get(world.entity, id: created.id, principal: principal)
                #expect(read["ownerId"] == .id(principal.userId))
                #expect(read["teamId"] == (principal.teamId.map(FieldValue.id) ?? .null))
                #expect(read["partnerId"] == (actor == .partner ? .id(world.fixture.partnerA) : .null))
            }

        case .update:
            // MUT
            var outcomes: [Target: Outcome] = [:]
            for target in Target.allCases {
                let patch = try world.patch(["\(world.labelField)": .string("changed by \(actor)")])
                outcomes[target] = await Self.outcome {
                    _ = try await store.update(world.entity, id: world.ids[target]!, input: patch, principal: principal, expectedVersion: nil)
                }
            }
            // validate
            #expect(outcomes == world.expected(Self.writeOutcome(actor, world.entity)))
            for target in Target.allCases {
                let stored = try await store.get(world.entity, id: world.ids[target]!, principal: world.fixture.admin)
                let changed = actor.writable(world.entity).contains(target)
                #expect(stored[world.labelField] == .text(changed ? "changed by \(actor)" : "\(target) record"), "\(target)")
                #expect(stored.version == (changed ? 2 : 1), "\(target)")
            }

        case .delete:
            // MUT
            var outcomes: [Target: Outcome] = [:]
            for target in Target.allCases {
                outcomes[target] = await Self.outcome {
                    try await store.delete(world.entity, id: world.ids[target]!, principal: principal, expectedVersion: nil)
                }
            }
            // validate
            // A payment is taken back by admins and managers only: it changes what the customer owes.
            let deletes: Set<Target> = world.entity.name == "payment" && ![.admin, .manager].contains(actor) ? [] : actor.writable(world.entity)
            #expect(outcomes == world.expected { deletes.contains($0) ? .allowed : actor.readable(world.entity).contains($0) ? .forbidden : .notFound })
            let remaining = try await store.list(world.entity, request: Self.everything, principal: world.fixture.admin)
            #expect(world.targets(remaining.records.map(\.id)) == Set(Target.allCases).subtracting(deletes).sorted())
        }
    }

    static func writeOutcome(_ actor: Actor, _ entity: EntityDefinition) -> (Target) -> Outcome {
        { target in
            actor.writable(entity).contains(target) ? .allowed : actor.readable(entity).contains(target) ? .forbidden : .notFound
        }
    }

    // MARK: Other tenants

    @Test("Nobody in another tenant, not even its admin, can see or touch these records",
          arguments: Catalog.builtIn.map(\.name), Actor.allCases)
    func crossTenant(entityName: String, actor: Actor) async throws {
        // setup
        let world = try await World.make(entity: entityName)
        let other = try await TenantFixture.make("other")
        let theirStage = try await other.stage()
        let theirDeal = entityName == "quote"
            ? try await other.create("opportunity", #"{"name": "Their deal", "stageId": "\#(theirStage)"}"#, as: other.admin).id : nil
        let theirAccount = ["order", "invoice", "expense"].contains(entityName)
            ? try await other.create("account", #"{"name": "Their account"}"#, as: other.admin).id : nil
        let theirInvoice = entityName == "payment" ? try await World.issuedInvoice(other) : nil
        let theirs = try await other.create(entityName, world.body("their record", stage: theirStage, opportunity: theirDeal, account: theirAccount,
                                                                   invoice: theirInvoice), as: other.admin)
        let stranger = actor.principal(in: other)
        let store = other.store
        let entity = try #require(try await store.entity(named: entityName, tenantId: other.tenant.id))

        // MUT
        let page = try await store.list(entity, request: Self.everything, principal: stranger)
        var outcomes: [String: Outcome] = [:]
        for target in Target.allCases {
            let id = world.ids[target]!
            let patch = try world.patch([world.labelField: .string("hijacked")])
            outcomes["get \(target)"] = await Self.outcome { _ = try await store.get(entity, id: id, principal: stranger) }
            outcomes["get at once \(target)"] = await Self.outcomeAtOnce(id) { store.getOnEventLoop(entity, id: id, principal: stranger, on: TestDatabase.eventLoop) }
            outcomes["update \(target)"] = await Self.outcome {
                _ = try await store.update(entity, id: id, input: patch, principal: stranger, expectedVersion: nil)
            }
            outcomes["delete \(target)"] = await Self.outcome { try await store.delete(entity, id: id, principal: stranger, expectedVersion: nil) }
            outcomes["restore \(target)"] = await Self.outcome { _ = try await store.restore(entity, id: id, principal: stranger) }
        }

        // validate
        #expect(Set(page.records.map(\.id)).isDisjoint(with: world.ids.values))
        if actor == .admin || actor == .readOnly {
            #expect(page.records.map(\.id) == [theirs.id])
        }
        #expect(outcomes.filter { $0.value != .notFound } == [:])
        for target in Target.allCases {
            let stored = try await world.store.get(world.entity, id: world.ids[target]!, principal: world.fixture.admin)
            #expect(stored.version == 1)
            #expect(stored[world.labelField] == .text("\(target) record"))
        }
    }

    // MARK: Ownership on create and update

    static let ownedEntities = Catalog.builtIn.filter { $0.ownership == .owned }.map(\.name)

    @Test("A rep cannot create a record owned by another rep", arguments: ownedEntities)
    func repCannotAssignToOthers(entityName: String) async throws {
        // setup
        let world = try await World.make(entity: entityName)
        let fixture = world.fixture
        // MUT
        let errors = await Self.fieldErrors {
            try await fixture.create(entityName, world.body("for rep2", ownerId: fixture.rep2.userId), as: fixture.rep)
        }
        // validate
        #expect(errors == ["ownerId": "forbidden_owner"])
        let all = try await world.store.list(world.entity, request: Self.everything, principal: fixture.admin)
        #expect(all.records.count == Target.allCases.count)
    }

    @Test("A rep cannot hand their own record over to another rep")
    func repCannotGiveAway() async throws {
        let world = try await World.make(entity: "account")
        let fixture = world.fixture
        let patch = try world.patch(["ownerId": .string(fixture.rep2.userId.uuidString)])
        let errors = await Self.fieldErrors {
            _ = try await world.store.update(world.entity, id: world.ids[.north]!, input: patch, principal: fixture.rep, expectedVersion: nil)
        }
        #expect(errors == ["ownerId": "forbidden_owner"])
        let stored = try await world.store.get(world.entity, id: world.ids[.north]!, principal: fixture.admin)
        #expect(stored["ownerId"] == .id(fixture.rep.userId))
    }

    @Test("A manager can assign records to a rep of their subtree, and the team follows the owner",
          arguments: ownedEntities)
    func managerAssignsToRep(entityName: String) async throws {
        // setup
        let world = try await World.make(entity: entityName)
        let fixture = world.fixture
        // MUT
        let created = try await fixture.create(entityName, world.body("for rep", ownerId: fixture.rep.userId), as: fixture.manager)
        // validate
        #expect(created["ownerId"] == .id(fixture.rep.userId))
        #expect(created["teamId"] == .id(fixture.teams.north))
        let seenByRep = try await world.store.get(world.entity, id: created.id, principal: fixture.rep)
        #expect(seenByRep["createdBy"] == .id(fixture.manager.userId))
    }

    @Test("A manager can move a record between reps of the subtree but not outside it")
    func managerReassigns() async throws {
        // setup
        let world = try await World.make(entity: "opportunity")
        let fixture = world.fixture
        let toRep2 = try world.patch(["ownerId": .string(fixture.rep2.userId.uuidString)])
        let toOutsider = try world.patch(["ownerId": .string(world.outsider.userId.uuidString)])
        // MUT
        let moved = try await world.store.update(world.entity, id: world.ids[.north]!, input: toRep2, principal: fixture.manager, expectedVersion: 1)
        let errors = await Self.fieldErrors {
            _ = try await world.store.update(world.entity, id: world.ids[.south]!, input: toOutsider, principal: fixture.manager, expectedVersion: nil)
        }
        // validate
        #expect(moved["ownerId"] == .id(fixture.rep2.userId))
        #expect(moved["teamId"] == .id(fixture.teams.south))
        #expect(errors == ["ownerId": "forbidden_owner"])
        // The move changes who sees it: rep loses it, rep2 gains it.
        #expect(await Self.outcome { _ = try await world.store.get(world.entity, id: world.ids[.north]!, principal: fixture.rep) } == .notFound)
        #expect(await Self.outcome { _ = try await world.store.get(world.entity, id: world.ids[.north]!, principal: fixture.rep2) } == .allowed)
    }

    @Test("A partner user's new record always belongs to their own partner organisation")
    func partnerCreatesLead() async throws {
        // setup
        let world = try await World.make(entity: "lead")
        let fixture = world.fixture
        // MUT
        let lead = try await fixture.create("lead", #"{"name": "Walk-in customer"}"#, as: fixture.partner)
        let explicit = try await fixture.create("lead", #"{"name": "Phone enquiry", "partnerId": "\#(fixture.partnerA)"}"#, as: fixture.partner)
        let errors = await Self.fieldErrors {
            try await fixture.create("lead", #"{"name": "Poached", "partnerId": "\#(fixture.partnerB)"}"#, as: fixture.partner)
        }
        // validate
        #expect(lead["partnerId"] == .id(fixture.partnerA))
        #expect(lead["ownerId"] == .id(fixture.partner.userId))
        #expect(explicit["partnerId"] == .id(fixture.partnerA))
        #expect(errors == ["partnerId": "forbidden"])
        let page = try await world.store.list(world.entity, request: Self.everything, principal: fixture.partner)
        #expect(Set(page.records.map(\.id)) == [world.ids[.dealerA]!, lead.id, explicit.id])
    }

    @Test("A partner user cannot move a record to another partner organisation")
    func partnerCannotMoveRecord() async throws {
        let world = try await World.make(entity: "account")
        let fixture = world.fixture
        let patch = try world.patch(["partnerId": .string(fixture.partnerB.uuidString)])
        let errors = await Self.fieldErrors {
            _ = try await world.store.update(world.entity, id: world.ids[.dealerA]!, input: patch, principal: fixture.partner, expectedVersion: nil)
        }
        #expect(errors == ["partnerId": "forbidden"])
        let stored = try await world.store.get(world.entity, id: world.ids[.dealerA]!, principal: fixture.admin)
        #expect(stored["partnerId"] == .id(fixture.partnerA))
    }

    @Test("A dealer tracks their organisation's order and its history, but cannot price, move, invoice or share it")
    func partnerTracksOrder() async throws {
        // setup
        let world = try await World.make(entity: "order")
        let fixture = world.fixture, store = world.store
        let ours = world.ids[.dealerA]!
        let line = [QuoteLineInput(productId: nil, description: "Spare parts", quantity: 2, unitPrice: 150, taxRatePercent: 0)]
        // MUT: the dealer tries to price the draft, then head office prices and confirms it and the dealer tries to move it on
        let pricing = await Self.outcome {
            _ = try await store.setOrderLines(orderId: ours, lines: line, sent: SentTotals(), expectedVersion: nil, principal: fixture.partner)
        }
        _ = try await store.setOrderLines(orderId: ours, lines: line, sent: SentTotals(), expectedVersion: nil, principal: fixture.admin)
        let confirmed = try await store.transitionOrder(id: ours, .confirm, comment: nil, expectedVersion: nil, principal: fixture.admin)
        var moves: [OrderAction: Outcome] = [:]
        for action in [OrderAction.startProduction, .ship, .cancel] {
            moves[action] = await Self.outcome {
                _ = try await store.transitionOrder(id: ours, action, comment: "Dealer says so", expectedVersion: nil, principal: fixture.partner)
            }
        }
        let invoicing = await Self.outcome { _ = try await store.createInvoice(fromOrder: ours, picks: nil, principal: fixture.partner) }
        let sharing = await Self.outcome {
            try await store.share(world.entity, id: ours, with: .init(userId: fixture.rep.userId, canEdit: true), principal: fixture.partner)
        }
        // validate
        #expect(pricing == .forbidden)
        #expect(moves == [.startProduction: .forbidden, .ship: .forbidden, .cancel: .forbidden])
        #expect(invoicing == .forbidden)
        #expect(sharing == .forbidden)
        let tracked = try await store.get(world.entity, id: ours, principal: fixture.partner)
        #expect(tracked["status"] == .text("confirmed"))
        #expect(tracked.version == confirmed.version)
        #expect(try await store.orderHistory(orderId: ours, principal: fixture.partner).map(\.toStatus) == ["confirmed"])
        let invoices = try await store.list(.invoice, request: Self.everything, principal: fixture.admin)
        #expect(invoices.records.isEmpty)
    }

    @Test("A share is for one user and one entity; removing it removes access")
    func sharesAreNarrow() async throws {
        // setup
        let world = try await World.make(entity: "contact")
        let fixture = world.fixture
        let southID = world.ids[.south]!
        // MUT: a share of the same id under another entity name, and for another user
        try await Self.share(fixture, entity: "account", record: world.ids[.east]!, with: fixture.rep.userId, canEdit: true)
        try await Self.share(fixture, entity: "contact", record: world.ids[.east]!, with: fixture.rep2.userId, canEdit: true)
        // validate
        #expect(await Self.outcome { _ = try await world.store.get(world.entity, id: world.ids[.east]!, principal: fixture.rep) } == .notFound)
        #expect(await Self.outcome { _ = try await world.store.get(world.entity, id: world.ids[.east]!, principal: fixture.rep2) } == .allowed)
        // MUT: the share of south with rep is withdrawn
        try await fixture.database.transaction { db in
            try await db.raw("DELETE FROM record_shares WHERE record_id = \(bind: Self.bind(southID, fixture.database.dialect))").run()
        }
        // validate
        #expect(await Self.outcome { _ = try await world.store.get(world.entity, id: southID, principal: fixture.rep) } == .notFound)
    }

    // MARK: Helpers

    static var everything: ListRequest {
        var request = ListRequest()
        request.limit = ListRequest.maximumLimit
        return request
    }

    /// The outcome of a read answered on an event loop (`getOnEventLoop`): the record must be the
    /// one asked for, and nil (the caller must await `get`) is an outcome of its own.
    static func outcomeAtOnce(_ id: UUID, _ body: () -> EventLoopFuture<Record>?) async -> Outcome {
        guard let future = body() else { return .notReadAtOnce }
        var record: Record?
        let outcome = await outcome { record = try await future.get() }
        guard outcome == .allowed else { return outcome }
        return record?.id == id ? .allowed : .failed("got another record")
    }

    static func outcome(_ body: () async throws -> Void) async -> Outcome {
        do {
            try await body()
            return .allowed
        } catch StoreError.notFound {
            return .notFound
        } catch StoreError.forbidden {
            return .forbidden
        } catch {
            return .failed(String(reflecting: error))
        }
    }

    /// Field → code of the validation errors `body` throws; empty when it succeeds.
    static func fieldErrors(_ body: () async throws -> Void) async -> [String: String] {
        do {
            try await body()
            return [:]
        } catch StoreError.validation(let errors) {
            return Dictionary(errors.map { ($0.field, $0.code) }, uniquingKeysWith: { first, _ in first })
        } catch {
            return ["unexpected": String(describing: error)]
        }
    }

    static func bind(_ id: UUID, _ dialect: Dialect) -> any Encodable & Sendable {
        dialect == .sqlite ? id.uuidString.lowercased() : id
    }

    /// Shares a record as the sharing feature will: one row in record_shares. (A transaction,
    /// not a bare connection, so that on SQLite it queues with the other writers.)
    static func share(_ fixture: TenantFixture, entity: String, record: UUID, with user: UUID, canEdit: Bool) async throws {
        let dialect = fixture.database.dialect
        let flag: any Encodable & Sendable = dialect == .sqlite ? (canEdit ? 1 : 0) : canEdit
        try await fixture.database.transaction { db in
            try await db.raw("""
                INSERT INTO record_shares (id, tenant_id, entity, record_id, user_id, can_edit, created_at)
                VALUES (\(bind: bind(UUID(), dialect)), \(bind: bind(fixture.tenant.id, dialect)), \(bind: entity),
                \(bind: bind(record, dialect)), \(bind: bind(user, dialect)), \(bind: flag), \(bind: Timestamp.milliseconds(Date())))
                """).run()
        }
    }

    /// A fresh tenant with the five records of the matrix for one entity.
    struct World: Sendable {
        let fixture: TenantFixture
        let entity: EntityDefinition
        let outsider: Principal
        let stage: UUID
        let ids: [Target: UUID]
        /// The deal quotes are made for (quote matrices only).
        var opportunity: UUID?
        /// The account orders and invoices are made for (order and invoice matrices only).
        var account: UUID?
        /// The issued invoice payments are made for (payment matrices only).
        var invoice: UUID?

        var store: EntityStore { fixture.store }
        var labelField: String { entity.name == "activity" ? "subject" : entity.name == "payment" ? "reference" : "name" }

        static func make(entity name: String) async throws -> World {
            let fixture = try await TenantFixture.make("access")
            let entity = try #require(try await fixture.store.entity(named: name, tenantId: fixture.tenant.id))
            let directory = Directory(database: fixture.database)
            let east = try await directory.createTeam(tenantId: fixture.tenant.id, name: "East", parentId: nil)
            let user = try await directory.addUser(
                .init(email: "outsider-\(UUID().uuidString.prefix(8).lowercased())@example.com", name: "outsider",
                      passwordHash: "not-a-real-hash", role: .rep, teamId: east),
                tenantId: fixture.tenant.id)
            let outsider = try await directory.principal(for: user)
            var world = World(fixture: fixture, entity: entity, outsider: outsider, stage: try await fixture.stage(), ids: [:])
            if name == "quote" {
                let deal = try await fixture.create("opportunity", #"{"name": "Quoted deal", "stageId": "\#(world.stage)"}"#, as: fixture.admin)
                world.opportunity = deal.id
            }
            if name == "order" || name == "invoice" || name == "expense" {
                world.account = try await fixture.create("account", #"{"name": "Ordering account"}"#, as: fixture.admin).id
            }
            if name == "payment" {
                world.invoice = try await issuedInvoice(fixture)
            }

            // Catalogue rows are made by admins and managers only; the owner then says nothing about access.
            let catalogue = entity.ownership == .catalogue
            var ids: [Target: UUID] = [:]
            ids[.north] = try await fixture.create(name, world.body("north record"), as: catalogue ? fixture.manager : fixture.rep).id
            ids[.south] = try await fixture.create(name, world.body("south record"), as: catalogue ? fixture.admin : fixture.rep2).id
            ids[.dealerA] = try await fixture.create(name, world.body("dealerA record", partnerId: fixture.partnerA), as: fixture.admin).id
            ids[.dealerB] = try await fixture.create(name, world.body("dealerB record", partnerId: fixture.partnerB), as: fixture.admin).id
            ids[.east] = try await fixture.create(name, world.body("east record"), as: catalogue ? fixture.admin : outsider).id
            try await AccessMatrixTests.share(fixture, entity: name, record: ids[.south]!, with: fixture.rep.userId, canEdit: false)
            try await AccessMatrixTests.share(fixture, entity: name, record: ids[.dealerB]!, with: fixture.rep.userId, canEdit: true)
            world = World(fixture: fixture, entity: entity, outsider: outsider, stage: world.stage, ids: ids, opportunity: world.opportunity,
                          account: world.account, invoice: world.invoice)
            return world
        }

        /// An issued EUR invoice of 1,000 with nothing paid, for payments to be made against.
        static func issuedInvoice(_ fixture: TenantFixture) async throws -> UUID {
            let account = try await fixture.create("account", #"{"name": "Invoiced account"}"#, as: fixture.admin).id
            let draft = try await fixture.create("invoice", #"{"name": "Invoice", "accountId": "\#(account)", "currency": "EUR"}"#, as: fixture.admin)
            _ = try await fixture.store.setInvoiceLines(invoiceId: draft.id, lines: [
                QuoteLineInput(productId: nil, description: "Service", quantity: 1, unitPrice: 1_000, taxRatePercent: 0),
            ], sent: SentTotals(), expectedVersion: nil, principal: fixture.admin)
            return try await fixture.store.issueInvoice(id: draft.id, expectedVersion: nil, principal: fixture.admin).id
        }

        /// The JSON of a minimal valid record of the entity.
        func body(
            _ label: String, partnerId: UUID? = nil, ownerId: UUID? = nil, stage: UUID? = nil, opportunity: UUID? = nil, account: UUID? = nil,
            invoice: UUID? = nil
        ) -> String {
            var fields: JSONObject
            switch entity.name {
            case "activity": fields = JSONObject(["type": .string("call"), "subject": .string(label)])
            case "opportunity": fields = JSONObject(["name": .string(label), "stageId": .string((stage ?? self.stage).uuidString)])
            case "product": fields = JSONObject(["name": .string(label), "sku": .string("SKU-\(label)"), "taxCategory": .string("standard")])
            case "pricebook": fields = JSONObject(["name": .string(label), "currency": .string("EUR")])
            case "quote": fields = JSONObject(["name": .string(label), "opportunityId": .string((opportunity ?? self.opportunity)?.uuidString ?? "")])
            case "order", "invoice": fields = JSONObject(["name": .string(label), "accountId": .string((account ?? self.account)?.uuidString ?? "")])
            case "expense": fields = JSONObject(["name": .string(label), "accountId": .string((account ?? self.account)?.uuidString ?? ""), "amount": .object(JSONObject(["amount": .string("12.50"), "currency": .string("EUR")])), "spentOn": .string("2030-01-15")])
            case "payment": fields = JSONObject([
                "reference": .string(label), "invoiceId": .string((invoice ?? self.invoice)?.uuidString ?? ""),
                "amount": .object(JSONObject(["amount": .string("1.00"), "currency": .string("EUR")])), "receivedOn": .string("2030-01-15"),
            ])
            default: fields = JSONObject(["name": .string(label)])
            }
            if let partnerId { fields["partnerId"] = .string(partnerId.uuidString) }
            if let ownerId { fields["ownerId"] = .string(ownerId.uuidString) }
            return JSONWriter.string(.object(fields))
        }

        func patch(_ fields: KeyValuePairs<String, JSONValue>) throws -> RecordInput {
            try RecordDecoder.decode(.object(JSONObject(fields)), entity: entity, mode: .patch).get()
        }

        /// The targets among `ids`, sorted; ids of other records appear as a failure.
        func targets(_ found: [UUID]) -> [Target] {
            let byID = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
            for id in found where byID[id] == nil { Issue.record("a row that is not one of the matrix records: \(id)") }
            return found.compactMap { byID[$0] }.sorted()
        }

        func expected(_ rule: (Target) -> Outcome) -> [Target: Outcome] {
            Dictionary(uniqueKeysWithValues: Target.allCases.map { ($0, rule($0)) })
        }
    }
}
