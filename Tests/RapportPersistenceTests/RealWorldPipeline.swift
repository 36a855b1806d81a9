import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import SQLKit

/// The Maven Analytics "CRM Sales Opportunities" data set as it lies in
/// `Fixtures/crm-sales-opportunities` (see its PROVENANCE.md): parsed, not interpreted.
struct CRMDataSet: Sendable {
    struct Account: Sendable {
        let name: String
        let sector: String
        let employees: Int
        let subsidiaryOf: String?
    }

    struct Product: Sendable {
        let name: String
        let series: String
        let salesPrice: Decimal
    }

    struct Agent: Sendable {
        let name: String
        let manager: String
        let office: String
    }

    enum Stage: String, Sendable, CaseIterable {
        case prospecting = "Prospecting", engaging = "Engaging", won = "Won", lost = "Lost"

        var isDecided: Bool { self == .won || self == .lost }
    }

    struct Deal: Sendable {
        let id: String
        let agent: String
        /// As in products.csv (the pipeline's "GTXPro" read as "GTX Pro").
        let product: String
        /// Empty in the file for many open deals.
        let account: String?
        let stage: Stage
        let engaged: LocalDate?
        let closed: LocalDate?
        let closeValue: Decimal?
    }

    let accounts: [Account]
    let products: [Product]
    let agents: [Agent]
    /// sales_pipeline.csv, then sales_pipeline-tail.csv.
    let deals: [Deal]
    /// Each file's lines split into fields, header included where the file has one.
    let raw: [String: [[String]]]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/crm-sales-opportunities")

    /// products.csv names the product "GTX Pro"; sales_pipeline.csv writes it "GTXPro".
    static let productAliases = ["GTXPro": "GTX Pro"]

    static let pipelineHeader = ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value"]

    /// The data set, read once per process.
    static let shared: Result<CRMDataSet, any Error> = Result { try CRMDataSet.read() }

    static func read() throws -> CRMDataSet {
        var raw: [String: [[String]]] = [:]
        for file in ["accounts.csv", "products.csv", "sales_teams.csv", "sales_pipeline.csv", "sales_pipeline-tail.csv"] {
            raw[file] = try lines(of: file)
        }
        func rows(_ file: String, header: [String]) throws -> [[String]] {
            let all = raw[file]!
            guard all.first == header else { throw FixtureError("\(file): header \(all.first ?? []) is not \(header)") }
            return Array(all.dropFirst())
        }
        let accounts = try rows("accounts.csv", header: ["account", "sector", "year_established", "revenue", "employees", "office_location", "subsidiary_of"]).map {
            Account(name: $0[0], sector: $0[1], employees: try int($0[4]), subsidiaryOf: $0[6].isEmpty ? nil : $0[6])
        }
        let products = try rows("products.csv", header: ["product", "series", "sales_price"]).map {
            Product(name: $0[0], series: $0[1], salesPrice: try decimal($0[2]))
        }
        let agents = try rows("sales_teams.csv", header: ["sales_agent", "manager", "regional_office"]).map {
            Agent(name: $0[0], manager: $0[1], office: $0[2])
        }
        // The tail is a slice from the end of the same file: no header of its own.
        let pipeline = try rows("sales_pipeline.csv", header: pipelineHeader) + raw["sales_pipeline-tail.csv"]!
        let deals = try pipeline.map { fields in
            guard fields.count == 8 else { throw FixtureError("a pipeline row has \(fields.count) fields: \(fields)") }
            guard let stage = Stage(rawValue: fields[4]) else { throw FixtureError("deal \(fields[0]): unknown stage \(fields[4])") }
            return Deal(id: fields[0], agent: fields[1], product: productAliases[fields[2]] ?? fields[2],
                        account: fields[3].isEmpty ? nil : fields[3], stage: stage,
                        engaged: try date(fields[5]), closed: try date(fields[6]),
                        closeValue: fields[7].isEmpty ? nil : try decimal(fields[7]))
        }
        return CRMDataSet(accounts: accounts, products: products, agents: agents, deals: deals, raw: raw)
    }

    /// The files hold no quoted fields (checked here), so a comma always separates.
    private static func lines(of file: String) throws -> [[String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        guard !text.contains("\""), !text.contains("\r"), text.hasSuffix("\n") else {
            throw FixtureError("\(file): quotes, carriage returns or no final line break")
        }
        return text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    private static func int(_ text: String) throws -> Int {
        guard let value = Int(text) else { throw FixtureError("not a whole number: \(text)") }
        return value
    }

    private static func decimal(_ text: String) throws -> Decimal {
        guard let value = Decimal.exact(text) else { throw FixtureError("not a number: \(text)") }
        return value
    }

    private static func date(_ text: String) throws -> LocalDate? {
        if text.isEmpty { return nil }
        guard let value = LocalDate(iso: text) else { throw FixtureError("not a date: \(text)") }
        return value
    }

    func agent(named name: String) -> Agent? { agents.first { $0.name == name } }
    func product(named name: String) -> Product? { products.first { $0.name == name } }
}

/// How the data set becomes a tenant's records: the rules the loader follows and the tests'
/// independent figures assume. Everything not in the data (probabilities, open deals' expected
/// close dates, payments) is a fixed rule on the row, so both sides can compute it.
enum CRMImport {
    /// The day the receivables are aged on: every deal of the fixture had closed by 2017-06-30.
    static let asOf = LocalDate(iso: "2017-07-15")!
    static let paymentTermsDays = 30
    static let usd = CurrencyCode("USD")!

    /// Stage, default probability, kind; the order is the board's.
    static let stages: [(stage: CRMDataSet.Stage, probability: Int, kind: String)] = [
        (.prospecting, 10, "open"), (.engaging, 40, "open"), (.won, 100, "won"), (.lost, 0, "lost"),
    ]

    static func probability(_ stage: CRMDataSet.Stage) -> Int { stages.first { $0.stage == stage }!.probability }

    /// A small stable number from the opportunity id, for the rules below.
    static func hash(_ id: String) -> Int { id.utf8.reduce(0) { $0 + Int($1) } }

    /// Decided deals: what they closed at (0 for a lost deal); open deals: the product's list price.
    static func amount(_ deal: CRMDataSet.Deal, in data: CRMDataSet) -> Decimal {
        deal.closeValue ?? data.product(named: deal.product)!.salesPrice
    }

    /// Decided deals: the close date; open deals: a day of August or September 2017.
    static func expectedClose(_ deal: CRMDataSet.Deal) -> LocalDate {
        deal.closed ?? LocalDate(daysSince1970: LocalDate(iso: "2017-08-01")!.daysSince1970 + hash(deal.id) % 61)
    }

    /// Moves happened at 10:00 UTC on their day.
    static func moment(_ day: LocalDate) -> Date { Date(timeIntervalSince1970: Double(day.daysSince1970) * 86_400 + 36_000) }

    /// What a won deal's invoice has been paid, by a rule on its id: about a quarter in full, a quarter half, the rest nothing.
    static func paid(_ deal: CRMDataSet.Deal) -> Decimal {
        let total = deal.closeValue ?? 0
        switch hash(deal.id) % 4 {
        case 0: return total
        case 1: return (total / 2).roundedHalfAwayFromZero(toPlaces: 2)
        default: return 0
        }
    }

    /// The account's company size from its head count (`EntityDefinition.account` choices).
    static func size(employees: Int) -> String {
        switch employees {
        case ...10: "1-10"
        case ...50: "11-50"
        case ...200: "51-200"
        case ...1000: "201-1000"
        case ...5000: "1001-5000"
        default: "5000+"
        }
    }

    static func sku(_ product: String) -> String { product.uppercased().replacingOccurrences(of: " ", with: "-") }
}

/// The data set loaded into one tenant of the test database, once per process:
///
///     Head office (admin)
///     ├── Central ── Dustin Brinkmann's team (manager + 5 agents), Melvin Marxen's team (manager + 6 agents)
///     ├── East ───── Cara Losch's team, Rocco Neubert's team
///     └── West ───── Celia Rouche's team, Summer Sewald's team
///
/// Accounts (sector → industry, subsidiary_of → parent), products, a pipeline Prospecting →
/// Engaging → Won / Lost and the deals go through the store's bulk path. It stands for an import
/// of historical data, so three things are written as an importer writes them, which the store's
/// one-at-a-time calls would date "now" or take minutes over: the stage history (see
/// `backfillHistory`), each decided deal's quote line (its product) and each won deal's invoice,
/// brought in as issued on its close date with its line. The payments of `CRMImport.paid` then go
/// through the store, which settles each invoice's paid amount, balance and status.
struct RealWorldPipeline: Sendable {
    let data: CRMDataSet
    let database: RapportPersistence.Database
    let store: EntityStore
    let tenantId: UUID
    let admin: Principal
    let headOffice: UUID
    let offices: [String: UUID]
    /// Each manager's team, by the manager's name.
    let managerTeams: [String: UUID]
    /// Agents and managers, by name.
    let people: [String: Principal]
    let accounts: [String: UUID]
    let products: [String: UUID]
    let pipelineId: UUID
    let stages: [CRMDataSet.Stage: UUID]
    /// Opportunity ids by the data set's opportunity_id.
    let deals: [String: UUID]
    let loadSeconds: Double

    static func shared() async throws -> RealWorldPipeline { try await LoadedOnce.instance.get() }

    func agentTeam(_ agent: String) -> UUID { managerTeams[data.agent(named: agent)!.manager]! }

    static func load() async throws -> RealWorldPipeline {
        let started = Date()
        let data = try CRMDataSet.shared.get()
        let database = try await TestDatabase.shared()
        let store = EntityStore(database: database)
        let directory = Directory(database: database)
        let unique = UUID().uuidString.prefix(8).lowercased()
        let tenant = try await directory.createTenant(name: "crm-sales-opportunities-\(unique)", baseCurrency: "USD")

        // Offices and a team per manager, each user in their manager's team.
        let head = try await directory.createTeam(tenantId: tenant.id, name: "Head office", parentId: nil)
        var offices: [String: UUID] = [:], managerTeams: [String: UUID] = [:], people: [String: Principal] = [:]
        func user(_ name: String, _ role: Role, team: UUID) async throws -> Principal {
            let email = "\(name.lowercased().filter { $0.isLetter || $0 == " " }.replacingOccurrences(of: " ", with: "."))-\(unique)@crm.example.com"
            let added = try await directory.addUser(.init(email: email, name: name, passwordHash: "not-a-real-hash", role: role, teamId: team),
                                                    tenantId: tenant.id)
            return try await directory.principal(for: added)
        }
        let admin = try await user("Import Admin", .admin, team: head)
        for agent in data.agents {
            if offices[agent.office] == nil {
                offices[agent.office] = try await directory.createTeam(tenantId: tenant.id, name: agent.office, parentId: head)
            }
            if managerTeams[agent.manager] == nil {
                let team = try await directory.createTeam(tenantId: tenant.id, name: "\(agent.manager)'s team", parentId: offices[agent.office]!)
                managerTeams[agent.manager] = team
                people[agent.manager] = try await user(agent.manager, .manager, team: team)
            }
            people[agent.name] = try await user(agent.name, .rep, team: managerTeams[agent.manager]!)
        }

        var settings = try await SalesSettingsStore(database: database).settings(tenantId: tenant.id)
        settings.paymentTermsDays = CRMImport.paymentTermsDays
        try await SalesSettingsStore(database: database).save(settings, tenantId: tenant.id, by: admin.userId)

        let pipelines = PipelineStore(database: database)
        let pipeline = try await pipelines.createPipeline(name: "CRM Sales Opportunities", principal: admin)
        var stages: [CRMDataSet.Stage: UUID] = [:]
        for stage in CRMImport.stages {
            stages[stage.stage] = try await pipelines.addStage(pipelineId: pipeline.id, name: stage.stage.rawValue, probability: stage.probability,
                                                               kind: stage.kind, principal: admin).id
        }

        // Catalogue and customers. No VAT on these US B2B sales, and no cost in the data.
        let productIds = try await bulk(store, .product, principal: admin, data.products.map { product in
            RecordInput(values: ["externalId": .text("crm:\(product.name)"), "sku": .text(CRMImport.sku(product.name)), "name": .text(product.name),
                                 "family": .text(product.series), "taxCategory": .text("exempt")])
        })
        let products = Dictionary(uniqueKeysWithValues: zip(data.products.map(\.name), productIds))
        var accounts: [String: UUID] = [:]
        // Parents first, so a subsidiary can name its parent's id (the data has one level).
        for pass in [data.accounts.filter { $0.subsidiaryOf == nil }, data.accounts.filter { $0.subsidiaryOf != nil }] {
            let ids = try await bulk(store, .account, principal: admin, try pass.map { account in
                var input = RecordInput(values: ["externalId": .text("crm:\(account.name)"), "name": .text(account.name),
                                                 "industry": .text(account.sector), "size": .text(CRMImport.size(employees: account.employees))])
                if let parent = account.subsidiaryOf {
                    guard let parentId = accounts[parent] else { throw FixtureError("\(account.name): parent \(parent) not loaded") }
                    input["parentId"] = .id(parentId)
                }
                return input
            })
            for (account, id) in zip(pass, ids) { accounts[account.name] = id }
        }

        // The deals, each owned by its agent, in its final stage.
        let dealIds = try await bulk(store, .opportunity, principal: admin, data.deals.map { deal in
            var input = RecordInput(values: [
                "externalId": .text(deal.id), "name": .text("\(deal.product) \(deal.id)"), "stageId": .id(stages[deal.stage]!),
                "ownerId": .id(people[deal.agent]!.userId), "amount": .money(Money(amount: CRMImport.amount(deal, in: data), currency: CRMImport.usd)),
                "expectedCloseDate": .date(CRMImport.expectedClose(deal)),
            ])
            if let account = deal.account { input["accountId"] = .id(accounts[account]!) }
            if deal.stage.isDecided, let closed = deal.closed { input["closedAt"] = .timestamp(CRMImport.moment(closed)) }
            return input
        })
        let deals = Dictionary(uniqueKeysWithValues: zip(data.deals.map(\.id), dealIds))
        try await backfillHistory(data, database: database, tenantId: tenant.id, deals: deals, stages: stages, people: people)

        // A quote per decided deal, its one line the deal's product: at the closing price if won,
        // at the list price if lost. Headers through the bulk path, lines as an import writes them.
        let decided = data.deals.filter(\.stage.isDecided)
        let quoted = decided.map { deal in
            (deal, DocumentLine(quantity: 1, unitPrice: deal.stage == .won ? deal.closeValue! : data.product(named: deal.product)!.salesPrice))
        }
        let quoteIds = try await bulk(store, .quote, principal: admin, quoted.map { deal, line in
            let totals = DocumentArithmetic.totals(of: [line], in: CRMImport.usd)
            return RecordInput(values: [
                "name": .text("Quote \(deal.id)"), "number": .text("Q-\(deal.id)"), "revision": .integer(1),
                "opportunityId": .id(deals[deal.id]!), "ownerId": .id(people[deal.agent]!.userId),
                "subtotal": .money(totals.subtotal), "tax": .money(totals.tax), "total": .money(totals.total), "cost": .money(totals.cost),
                "marginPercent": totals.marginPercent.flatMap { Double($0.plainString) }.map(FieldValue.number) ?? .null,
                "maxDiscountPercent": .number(0),
            ])
        })
        try await insertLines(database: database, tenantId: tenant.id, documentType: "quote",
                              zip(quoteIds, quoted).map { ($0, products[$1.0.product]!, $1.0.product, $1.1) })

        // An invoice per won deal, issued on its close date for its closing price and due after the
        // tenant's payment terms: imported as issued, with the old system's number. The payments
        // then go through the store, which settles each invoice's paid, balance and status.
        let terms = try await SalesSettingsStore(database: database).settings(tenantId: tenant.id).paymentTermsDays
        let won = data.deals.filter { $0.stage == .won }
        let billed = won.map { ($0, DocumentLine(quantity: 1, unitPrice: $0.closeValue!)) }
        let invoiceIds = try await bulk(store, .invoice, principal: admin, billed.map { deal, line in
            let totals = DocumentArithmetic.totals(of: [line], in: CRMImport.usd)
            let zero = FieldValue.money(Money(amount: 0, currency: CRMImport.usd))
            return RecordInput(values: [
                "externalId": .text(deal.id), "name": .text("Invoice \(deal.id)"), "number": .text("INV-\(deal.id)"), "status": .text("issued"),
                "accountId": .id(accounts[deal.account!]!), "ownerId": .id(people[deal.agent]!.userId), "currency": .text("USD"),
                "issueDate": .date(deal.closed!), "dueDate": .date(LocalDate(daysSince1970: deal.closed!.daysSince1970 + terms)),
                "subtotal": .money(totals.subtotal), "tax": .money(totals.tax), "total": .money(totals.total),
                "paid": zero, "credited": zero, "balance": .money(totals.total),
            ])
        })
        try await insertLines(database: database, tenantId: tenant.id, documentType: "invoice",
                              zip(invoiceIds, billed).map { ($0, products[$1.0.product]!, $1.0.product, $1.1) })
        let payments = zip(won, invoiceIds).filter { CRMImport.paid($0.0) > 0 }
        _ = try await bulk(store, .payment, principal: admin, payments.map { deal, invoiceId in
            RecordInput(values: ["invoiceId": .id(invoiceId), "amount": .money(Money(amount: CRMImport.paid(deal), currency: CRMImport.usd)),
                                 "receivedOn": .date(LocalDate(daysSince1970: deal.closed!.daysSince1970 + 20)), "method": .text("bankTransfer")])
        })
        return RealWorldPipeline(
            data: data, database: database, store: store, tenantId: tenant.id, admin: admin, headOffice: head, offices: offices,
            managerTeams: managerTeams, people: people, accounts: accounts, products: products, pipelineId: pipeline.id, stages: stages,
            deals: deals, loadSeconds: Date().timeIntervalSince(started))
    }

    /// The store dates every stage move "now". The data set dates them: engage_date is when a deal
    /// left Prospecting for Engaging, close_date when it was won or lost. Standing for an import of
    /// historical data, the loader replaces the tenant's history with those moves. When a deal
    /// entered Prospecting is not in the data: an engaged deal's history starts with its move out
    /// of it, and a deal still in Prospecting has one entry, dated the as-of day.
    static func backfillHistory(
        _ data: CRMDataSet, database: RapportPersistence.Database, tenantId: UUID, deals: [String: UUID],
        stages: [CRMDataSet.Stage: UUID], people: [String: Principal]
    ) async throws {
        typealias Move = (deal: UUID, from: UUID?, to: UUID, at: Date, by: UUID)
        var moves: [Move] = []
        for deal in data.deals {
            let (id, by) = (deals[deal.id]!, people[deal.agent]!.userId)
            guard let engaged = deal.engaged else {
                moves.append((id, nil, stages[.prospecting]!, CRMImport.moment(CRMImport.asOf), by))
                continue
            }
            moves.append((id, stages[.prospecting]!, stages[.engaging]!, CRMImport.moment(engaged), by))
            if deal.stage.isDecided, let closed = deal.closed {
                moves.append((id, stages[.engaging]!, stages[deal.stage]!, CRMImport.moment(closed), by))
            }
        }
        let d = database.dialect
        try await database.transaction { [moves] db in
            try await db.raw("DELETE FROM stage_history WHERE tenant_id = \(bind: bind(tenantId, d))").run()
            for start in stride(from: 0, to: moves.count, by: 1_000) {
                var sql: SQLQueryString = "INSERT INTO stage_history (tenant_id, opportunity_id, from_stage_id, to_stage_id, changed_at, changed_by) VALUES "
                for (offset, move) in moves[start..<min(start + 1_000, moves.count)].enumerated() {
                    let from: SQLQueryString = move.from.map { "\(bind: bind($0, d))" } ?? "NULL"
                    sql = sql + (offset == 0 ? "(" : ", (") + "\(bind: bind(tenantId, d)), \(bind: bind(move.deal, d)), " + from
                        + ", \(bind: bind(move.to, d)), \(bind: Int64(move.at.timeIntervalSince1970 * 1_000)), \(bind: bind(move.by, d)))"
                }
                try await db.raw(sql).run()
            }
        }
        // History written with SQL: the funnel's kept values are recomputed from it.
        try await FunnelHistory(database: database).rebuild(tenantId: tenantId)
    }
}

/// Writes one line per document through the import path (`DocumentImport`), amounts by
/// `DocumentArithmetic` (no tax: the products are tax exempt), many rows per statement.
private func insertLines(
    database: RapportPersistence.Database, tenantId: UUID, documentType: String, _ lines: [(document: UUID, product: UUID, name: String, line: DocumentLine)]
) async throws {
    try await DocumentImport(database: database).insertLines(lines.map { row in
        DocumentImport.Line(documentId: row.document, stored: StoredLine(
            id: UUID(), position: 1, productId: row.product, description: row.name, line: row.line,
            amounts: DocumentArithmetic.amounts(of: row.line, in: CRMImport.usd), sourceLineId: nil))
    }, documentType: documentType, tenantId: tenantId)
}

/// An id as the dialect stores it: text on SQLite, uuid on PostgreSQL.
private func bind(_ id: UUID, _ dialect: Dialect) -> any Encodable & Sendable {
    dialect == .sqlite ? id.lowercaseString : id
}

/// Creates the records through the bulk path, in a few requests at once; any refused row fails
/// the load with its errors. The rows must not refer to each other.
private func bulk(_ store: EntityStore, _ entity: EntityDefinition, principal: Principal, _ inputs: [RecordInput]) async throws -> [UUID] {
    let size = max(100, (inputs.count + 3) / 4)
    let chunks = stride(from: 0, to: inputs.count, by: size).map { $0..<min($0 + size, inputs.count) }
    var ids = [UUID?](repeating: nil, count: inputs.count)
    try await withThrowingTaskGroup(of: (Range<Int>, [EntityStore.BulkOutcome]).self) { group in
        for chunk in chunks {
            let rows = inputs[chunk].map { Result<RecordInput, ValidationFailure>.success($0) }
            group.addTask { (chunk, try await store.bulkUpsert(entity, rows: rows, upsertOnExternalId: false, principal: principal)) }
        }
        for try await (chunk, outcomes) in group {
            for (index, outcome) in zip(chunk, outcomes) {
                guard case .created(let id, _) = outcome else { throw FixtureError("\(entity.name) row \(index) was not stored: \(outcome)") }
                ids[index] = id
            }
        }
    }
    return ids.map { $0! }
}

private actor LoadedOnce {
    static let instance = LoadedOnce()
    private var loading: Task<RealWorldPipeline, any Error>?

    func get() async throws -> RealWorldPipeline {
        if let loading { return try await loading.value }
        let task = Task { try await RealWorldPipeline.load() }
        loading = task
        return try await task.value
    }
}
