import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// Lists must stay fast at scale: no plan of a list request may read a whole table.
///
/// Each case explains the first page, a later page (with a cursor) and, with `count=true`,
/// the total, for one entity and one role.
@Suite("Query plans")
struct QueryPlanTests {
    enum Role: String, CaseIterable, Sendable {
        case admin, manager, rep, partner

        func principal(in fixture: TenantFixture) -> Principal {
            switch self {
            case .admin: fixture.admin
            case .manager: fixture.manager
            case .rep: fixture.rep
            case .partner: fixture.partner
            }
        }
    }

    /// A value of the right type for an equality filter on `field`.
    static func sampleValue(_ field: FieldDefinition) -> String {
        switch field.type {
        case .reference, .uuid: UUID().uuidString
        case .choice(let choices): choices[0]
        case .timestamp: "2026-01-01T00:00:00Z"
        case .date: "2026-01-01"
        case .integer, .number, .money: "1"
        case .boolean: "true"
        case .email: "someone@example.com"
        case .phone: "+1 555 0100"
        case .url: "https://example.com"
        case .currency: "EUR"
        default: "x"
        }
    }

    /// The representative list requests of an entity, as API query pairs.
    static func requests(for entity: EntityDefinition) -> [[(String, String)]] {
        var requests: [[(String, String)]] = [
            [],
            [("count", "true")],
            [("q", "acme")],
            [("q", "上海 acme"), ("count", "true")],
            [("deleted", "true")],
        ]
        let indexed = entity.allFields.filter(\.indexed)
        for field in indexed {
            requests.append([("filter[\(field.name)]", sampleValue(field))])
            if field.type.isOrdered {
                requests.append([("filter[\(field.name)]", sampleValue(field)), ("sort", field.name)])
                requests.append([("sort", field.name)])
                requests.append([("sort", "-\(field.name)")])
            }
        }
        return requests
    }

    @Test("No list request reads a whole table", arguments: Catalog.builtIn.map(\.name), Role.allCases)
    func noFullScans(entityName: String, role: Role) async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let entity = try #require(try await fixture.store.entity(named: entityName, tenantId: fixture.tenant.id))
        let principal = role.principal(in: fixture)
        let dialect = fixture.database.dialect
        for pairs in Self.requests(for: entity) {
            let request = try ListRequestParser.parse(pairs, entity: entity)
            // MUT
            let plan = try await fixture.store.explainList(entity, request: request, principal: principal)
            // validate
            let query = pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            #expect(!plan.isEmpty, "no plan for \(query)")
            let scans = PlanReader.fullScans(in: plan, dialect: dialect)
            #expect(scans.isEmpty, "\(entityName)?\(query) as \(role) on \(dialect):\n\(plan.joined(separator: "\n"))")
        }
    }

    @Test("The aging report and the overdue list read the invoices' report index, for every role and grouping",
          arguments: Role.allCases, AgingReport.Grouping.allCases)
    func agingUsesIndexes(role: Role, grouping: AgingReport.Grouping) async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let principal = role.principal(in: fixture)
        // MUT
        let plan = try await AgingReport(database: fixture.database).plan(
            principal: principal, filter: AgingReport.Filter(asOf: LocalDate(iso: "2030-06-30")!, groupBy: grouping))
        // validate
        #expect(!plan.isEmpty)
        let scans = PlanReader.fullScans(in: plan, dialect: fixture.database.dialect)
        #expect(scans.isEmpty, "aging by \(grouping) as \(role):\n\(plan.joined(separator: "\n"))")
    }

    @Test("The plan-vs-actual and activity reports read indexes, for every role and filter",
          arguments: Role.allCases, [false, true])
    func performanceReportsUseIndexes(role: Role, filtered: Bool) async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let principal = role.principal(in: fixture)
        let (from, to) = (LocalDate(iso: "2026-01-01")!, LocalDate(iso: "2026-03-31")!)
        // MUT
        let plan = try await PlanVersusActualReport(database: fixture.database).plans(principal: principal, from: from, to: to)
            + ActivityReport(database: fixture.database).plans(principal: principal, filter: .init(
                from: from, to: to, bucket: .week, ownerId: filtered ? fixture.rep.userId : nil, teamIds: filtered ? [fixture.teams.north] : nil))
        // validate
        #expect(!plan.isEmpty)
        let scans = PlanReader.fullScans(in: plan, dialect: fixture.database.dialect)
        #expect(scans.isEmpty, "performance reports as \(role):\n\(plan.joined(separator: "\n"))")
    }

    @Test("The plan reader recognises full scans and index walks", arguments: [
        (Dialect.sqlite, "SCAN accounts", true),
        (.sqlite, "SCAN accounts USING INDEX ix_accounts_name", false),
        (.sqlite, "SEARCH accounts USING INDEX ix_accounts_tenant (tenant_id=?)", false),
        (.sqlite, "SCAN accounts_fts VIRTUAL TABLE INDEX 0:M1", false),
        (.postgres, "  ->  Seq Scan on accounts  (cost=0.00..1.01 rows=1 width=8)", true),
        (.postgres, "Index Scan using ix_accounts_name on accounts", false),
        (.postgres, "Bitmap Heap Scan on accounts", false),
    ])
    func planReader(dialect: Dialect, line: String, isFullScan: Bool) {
        #expect(PlanReader.fullScans(in: [line], dialect: dialect) == (isFullScan ? [line] : []))
    }
}

/// The product filter adds an EXISTS over a deal's quotes and their lines (deal reports, the won
/// deals of plan vs actual, the moved deals of the activity report) or over an invoice's lines
/// (aging); each must probe an index per row, never read a whole table nor walk every line of
/// the tenant. Scans of the reports' own derived tables (materialised or
/// co-routine subqueries on SQLite) are not table scans.
extension QueryPlanTests {
    enum ProductReport: String, CaseIterable, Sendable { case forecast, winLoss, funnel, aging, planVersusActual, activity }

    @Test("Every report with a product filter reads indexes, for every role",
          arguments: Role.allCases, ProductReport.allCases)
    func productFilterUsesIndexes(role: Role, report: ProductReport) async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let principal = role.principal(in: fixture)
        let product = UUID()
        let (from, to) = (Date(timeIntervalSince1970: 1_767_225_600), Date(timeIntervalSince1970: 1_775_001_600))
        let database = fixture.database
        // MUT
        let plan: [String] = switch report {
        case .forecast:
            try await ForecastReport(database: database).plan(principal: principal, filter: .init(
                from: LocalDate(iso: "2026-01-01")!, to: LocalDate(iso: "2026-03-31")!, productId: product))
        case .winLoss:
            try await WinLossReport(database: database).plan(principal: principal, dimension: .owner, filter: .init(from: from, to: to, productId: product))
                + WinLossReport(database: database).plan(principal: principal, dimension: .product, filter: .init(from: from, to: to, productId: product))
        case .funnel:
            try await FunnelReport(database: database).plans(principal: principal, filter: .init(
                pipelineId: try #require(try await PipelineStore(database: database).pipelines(tenantId: fixture.tenant.id).first?.id),
                from: from, to: to, productId: product))
        case .aging:
            try await AgingReport(database: database).plan(principal: principal, filter: .init(
                asOf: LocalDate(iso: "2030-06-30")!, groupBy: .owner, productId: product))
        case .planVersusActual:
            try await PlanVersusActualReport(database: database).plans(
                principal: principal, from: LocalDate(iso: "2026-01-01")!, to: LocalDate(iso: "2026-03-31")!, productId: product)
        case .activity:
            try await ActivityReport(database: database).plans(principal: principal, filter: .init(
                from: LocalDate(iso: "2026-01-01")!, to: LocalDate(iso: "2026-03-31")!, bucket: .week, ownerId: fixture.rep.userId,
                teamIds: [fixture.teams.north], productId: product))
        }
        // validate
        let text = "\(report) by product as \(role) on \(database.dialect):\n\(plan.joined(separator: "\n"))"
        #expect(plan.contains { $0.contains("document_lines") }, "the product filter is in the plan: \(text)")
        let derived = Set(plan.compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            for prefix in ["MATERIALIZE ", "CO-ROUTINE "] where trimmed.hasPrefix(prefix) { return String(trimmed.dropFirst(prefix.count)) }
            return nil
        })
        let scans = PlanReader.fullScans(in: plan, dialect: database.dialect).filter { line in
            !derived.contains { line.trimmingCharacters(in: .whitespaces).hasPrefix("SCAN \($0)") }
        }
        #expect(scans.isEmpty, "\(text)")
        if database.dialect == .sqlite {
            // Lines are found by their document, not by walking the tenant's lines.
            #expect(plan.contains { $0.contains("SEARCH document_lines") && $0.contains("document_id=?") }, "\(text)")
            #expect(!plan.contains { $0.contains("document_lines") && $0.hasSuffix("(tenant_id=?)") }, "\(text)")
        }
    }

    @Test("A scan of a query's own intermediate result is not a full scan; a scan of a table is")
    func intermediateScans() {
        let plan = ["CO-ROUTINE grouped", "SEARCH invoices USING INDEX rx_invoices (tenant_id=?)", "SCAN grouped", "SCAN (subquery-3)",
                    "USE TEMP B-TREE FOR ORDER BY", "SCAN accounts"]
        #expect(PlanReader.fullScans(in: plan, dialect: .sqlite) == ["SCAN accounts"])
    }
}

/// The funnel reads the deals' kept funnel values (`FunnelHistory`) from its covering indexes,
/// and the history only of deals that left a stay: no sort of every move per deal.
extension QueryPlanTests {
    @Test("The funnel report reads its indexes, for every role", arguments: Role.allCases)
    func funnelUsesKeptValues(role: Role) async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let principal = role.principal(in: fixture)
        let database = fixture.database
        let pipeline = try #require(try await PipelineStore(database: database).pipelines(tenantId: fixture.tenant.id).first?.id)
        // MUT
        let plan = try await FunnelReport(database: database).plans(principal: principal, filter: .init(
            pipelineId: pipeline, from: Date(timeIntervalSince1970: 1_767_225_600), to: Date(timeIntervalSince1970: 1_775_001_600)))
        // validate
        let text = "funnel as \(role) on \(database.dialect):\n\(plan.joined(separator: "\n"))"
        #expect(PlanReader.fullScans(in: plan, dialect: database.dialect).isEmpty, "\(text)")
        #expect(!plan.contains { $0.contains("WINDOW") || $0.contains("Window") }, "\(text)")
        if database.dialect == .sqlite && role == .admin {
            // One range per kept stage, in stage order: no sort of the period's deals.
            #expect(plan.contains { $0.contains("COVERING INDEX rx_opportunities_funnel_depth (tenant_id=? AND pipeline_id=? AND funnel_deepest_stage_id=?") },
                    "\(text)")
            #expect(plan.contains { $0.contains("rx_opportunities_funnel_stays") }, "\(text)")
            #expect(plan.contains { $0.contains("COVERING INDEX ix_stage_history_funnel") }, "\(text)")
        }
    }
}

/// Home's team section reads each of a manager's teams along its own index and stops after a few
/// rows: no whole table, and no sort of every overdue task or waiting lead of a branch.
extension QueryPlanTests {
    @Test("A manager's team tasks and leads on Home walk each team's index in order")
    func teamAgendaWalksIndexes() async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let activity = try #require(try await fixture.store.entity(named: "activity", tenantId: fixture.tenant.id))
        let lead = try #require(try await fixture.store.entity(named: "lead", tenantId: fixture.tenant.id))
        let agenda = TeamAgenda(database: fixture.database)
        let dialect = fixture.database.dialect
        // MUT
        let plan = try await agenda.plans(activity: activity, lead: lead, at: Date(), limit: 10, principal: fixture.manager)
        let repPlan = try await agenda.plans(activity: activity, lead: lead, at: Date(), limit: 10, principal: fixture.rep)
        // validate
        let text = "team agenda on \(dialect):\n\(plan.joined(separator: "\n"))"
        #expect(!plan.isEmpty)
        #expect(repPlan.isEmpty, "a rep has no team section, so nothing runs")
        #expect(PlanReader.fullScans(in: plan, dialect: dialect).isEmpty, "\(text)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") || $0.contains("Sort") }, "rows come in index order: \(text)")
        let scans = plan.filter { $0.contains("SEARCH") || $0.contains("Index Scan") }
        #expect(scans.count == 12, "3 teams, each: overdue tasks, today's tasks, new and working leads: \(text)")
        if dialect == .sqlite {
            // PostgreSQL picks among the ordered indexes by the statistics of tiny test tables; SQLite by their shape.
            let teamIndexes = ["ix_activities_team_id_done_due_at", "ix_leads_team_id_status_response_due_at"]
            #expect(scans.allSatisfy { line in teamIndexes.contains { line.contains($0) } }, "\(text)")
        }
    }
}

/// A bulk write checks each reference with one id lookup. Without statistics (a new data file,
/// or a table that grew after the last ANALYZE) SQLite guessed the tenant index cheaper than
/// thousands of id lookups and read all 200,000 accounts of the tenant per 5,000 contacts.
extension QueryPlanTests {
    @Test("Checking thousands of references looks up each id, without statistics too")
    func referenceCheckLooksUpIds() async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let dialect = fixture.database.dialect
        // MUT
        let plan = try await fixture.store.explainReferenceCheck(into: .account, count: 3_000, tenantId: fixture.tenant.id)
        // validate
        Self.expectIdLookups(plan, table: "accounts", what: "reference check", dialect: dialect)
    }

    /// No full scan; on SQLite each row of `table` is found by its id, not along a tenant-led
    /// index. PostgreSQL plans from the statistics it keeps (on these small tables a hash join on
    /// the tenant's few rows); SQLite guesses without them, which is what went wrong.
    static func expectIdLookups(_ plan: [String], table: String, what: String, dialect: Dialect) {
        let text = "\(what) on \(dialect):\n\(plan.joined(separator: "\n"))"
        #expect(PlanReader.fullScans(in: plan, dialect: dialect).isEmpty, "\(text)")
        if dialect == .sqlite {
            #expect(plan.contains { $0.contains("SEARCH \(table) USING INDEX") && $0.contains("(id=?)") }, "\(text)")
            #expect(!plan.contains { $0.contains("ix_\(table)_") }, "no tenant-led index: \(text)")
        }
    }
}

extension QueryPlanTests {
    @Test("Keeping the funnel values of a thousand moved deals looks up each deal, without statistics too")
    func funnelKeepLooksUpDeals() async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let dialect = fixture.database.dialect
        // MUT
        let plan = try await FunnelHistory(database: fixture.database).keepMovesPlan(count: 1_000, tenantId: fixture.tenant.id)
        // validate
        Self.expectIdLookups(plan, table: "opportunities", what: "funnel values", dialect: dialect)
    }
}

/// The aging and win/loss reports read only their report indexes, never the table rows behind
/// them (at a million order lines each row read from the table was a page), and the forecast
/// reads its kept totals.
extension QueryPlanTests {
    enum CoveredReport: String, CaseIterable, Sendable { case aging, forecast, winLossByOwner, winLossByReason }

    @Test("The aging and win/loss reports read their report index alone on SQLite, the forecast its kept totals, and indexes on both",
          arguments: CoveredReport.allCases)
    func reportsReadCoveringIndexes(report: CoveredReport) async throws {
        // setup
        let fixture = try await TenantFixture.make("plans")
        let database = fixture.database
        let (from, to) = (LocalDate(iso: "2026-01-01")!, LocalDate(iso: "2026-12-31")!)
        let period = (from: Date(timeIntervalSince1970: 1_767_225_600), to: Date(timeIntervalSince1970: 1_798_761_600))
        let aging = AgingReport(database: database)
        // MUT
        let plan: [String] = switch report {
        case .aging:
            try await aging.planOfBuckets(principal: fixture.admin, filter: .init(asOf: to, groupBy: .account))
        case .forecast:
            try await ForecastReport(database: database).plan(principal: fixture.admin, filter: .init(from: from, to: to))
        case .winLossByOwner:
            try await WinLossReport(database: database).plan(principal: fixture.admin, dimension: .owner, filter: .init(from: period.from, to: period.to))
        case .winLossByReason:
            try await WinLossReport(database: database).plan(principal: fixture.admin, dimension: .lostReason, filter: .init(from: period.from, to: period.to))
        }
        // validate
        let text = "\(report) on \(database.dialect):\n\(plan.joined(separator: "\n"))"
        #expect(PlanReader.fullScans(in: plan, dialect: database.dialect).isEmpty, "\(text)")
        if report == .forecast {
            #expect(plan.contains { $0.contains("forecast_totals") } && !plan.contains { $0.contains("opportunities") }, "\(text)")
        } else if database.dialect == .sqlite {
            let index = report == .aging ? "rc_invoices_open" : "rc_opportunities_"
            // Scans of the query's own intermediate results (its kept groups, its co-routines) read no table.
            let lines = plan.map { $0.trimmingCharacters(in: .whitespaces) }
            let intermediates = Set(lines.compactMap { line in
                ["CO-ROUTINE ", "MATERIALIZE "].first { line.hasPrefix($0) }.map { String(line.dropFirst($0.count)) }
            })
            let reads = lines.filter { $0.hasPrefix("SEARCH ") || $0.hasPrefix("SCAN ") }
                .filter { !intermediates.contains(String($0.dropFirst("SCAN ".count))) && !$0.contains("subquery") }
            #expect(!reads.isEmpty && reads.allSatisfy { $0.contains("USING COVERING INDEX \(index)") }, "\(text)")
        }
    }
}
