import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Home: what needs doing today, leads to answer, and the open pipeline.
enum HomeController {
    struct Model: Sendable {
        var overdue: [Record] = []
        var dueToday: [Record] = []
        var reminders: [Record] = []
        var leadsDue: [Record] = []
        var recent: [Record] = []
        var myPipeline: [PipelineTotal] = []
        var teamPipeline: [PipelineTotal]?
        /// A manager's team (their subtree): its most urgent open tasks and leads, nil for other roles.
        var team: TeamAgendaLists?
        var names = ReferenceNames()
        /// Won amounts of the last twelve months in one currency, oldest first.
        var wonByMonth: [(year: Int, month: Int, amount: Decimal)] = []
        var wonCurrency: String?
    }

    struct TeamAgendaLists: Sendable {
        var overdue: [Record] = []
        var dueToday: [Record] = []
        var leadsDue: [Record] = []
    }

    /// Rows per list of the team section: the most urgent, not the whole branch.
    static let teamListLimit = 10

    /// Open deals of one currency, with the total weighted by each stage's probability.
    struct PipelineTotal: Sendable {
        let currency: String
        var count = 0
        var total: Decimal = 0
        var weighted: Decimal = 0
    }

    static func show(_ request: Request) async throws -> Response {
        let context = try request.page
        let model = try await load(request, context)
        return Layout.response(HomeView(context: context, model: model).render())
    }

    static func load(_ request: Request, _ context: PageContext) async throws -> Model {
        let services = request.rapport
        let tenantId = context.user.tenantId
        let activity = try await request.entity(named: "activity", context)
        let lead = try await request.entity(named: "lead", context)
        let me = FieldValue.id(context.user.id)
        let now = Date()
        let today = context.format.day(of: now)
        let startOfToday = context.format.startOfDay(today)
        let endOfToday = context.format.startOfDay(LocalDate(daysSince1970: today.daysSince1970 + 1))
        func list(_ entity: EntityDefinition, _ filters: [(field: String, op: FilterOperator, values: [FieldValue])], sort: SortKey, limit: Int) async throws -> [Record] {
            try await services.store.list(entity, request: ListRequest(entity, where: filters, sort: [sort], limit: limit),
                                          principal: context.principal).records
        }
        var model = Model()
        let tasks = try await list(activity, [("ownerId", .eq, [me]), ("done", .eq, [.bool(false)]), ("dueAt", .lt, [.timestamp(endOfToday)])],
                                   sort: SortKey("dueAt"), limit: 100)
        model.overdue = tasks.filter { ($0["dueAt"].timestampValue ?? now) < startOfToday }
        model.dueToday = tasks.filter { ($0["dueAt"].timestampValue ?? now) >= startOfToday }
        model.reminders = try await list(activity, [("ownerId", .eq, [me]), ("done", .eq, [.bool(false)]),
                                                     ("reminderAt", .lte, [.timestamp(now.addingTimeInterval(86_400))])],
                                         sort: SortKey("reminderAt"), limit: 20)
        model.leadsDue = try await list(lead, [("ownerId", .eq, [me]), ("status", .in, LeadsController.openStatuses),
                                               ("responseDueAt", .lte, [.timestamp(now.addingTimeInterval(86_400))])],
                                        sort: SortKey("responseDueAt"), limit: 20)
        model.recent = try await list(activity, [("ownerId", .eq, [me])], sort: SortKey("updatedAt", descending: true), limit: 10)
        let stages = try await services.pipelines.stages(tenantId: tenantId)
        let probability = Dictionary(uniqueKeysWithValues: stages.map { ($0.id, Decimal($0.probability) / 100) })
        let report = PipelineReport(database: services.database)
        model.myPipeline = totals(try await report.run(principal: context.principal, ownerId: context.user.id), probability: probability)
        if context.principal.role == .manager || context.principal.role == .admin {
            model.teamPipeline = totals(try await report.run(principal: context.principal), probability: probability)
        }
        if context.principal.role == .manager && !context.principal.teamSubtree.isEmpty {
            let agenda = TeamAgenda(database: services.database)
            let limit = teamListLimit
            model.team = TeamAgendaLists(
                overdue: try await agenda.activitiesDue(activity, before: startOfToday, limit: limit, principal: context.principal),
                dueToday: try await agenda.activitiesDue(activity, from: startOfToday, before: endOfToday, limit: limit, principal: context.principal),
                leadsDue: try await agenda.leadsDue(lead, by: now.addingTimeInterval(86_400), limit: limit, principal: context.principal))
        }
        try await loadWonByMonth(&model, services: services, context: context, today: today)
        let teamRecords = model.team.map { $0.overdue + $0.dueToday + $0.leadsDue } ?? []
        model.names = try await ReferenceNames.load(for: model.overdue + model.dueToday + model.reminders + model.leadsDue + model.recent + teamRecords,
                                                    request: request, context: context)
        return model
    }

    /// The chart shows the tenant's base currency, or the currency with the most won value if none was won in it.
    static func loadWonByMonth(_ model: inout Model, services: RapportServices, context: PageContext, today: LocalDate) async throws {
        let firstMonth = (today.year * 12 + today.month - 1) - 11
        let start = LocalDate(year: firstMonth / 12, month: firstMonth % 12 + 1, day: 1)!
        // Reps see their own wins; managers and admins their team's (their scope).
        let mine = context.principal.role == .manager || context.principal.role == .admin ? nil : context.user.id
        let rows = try await WonByMonthReport(database: services.database).run(principal: context.principal, from: start, ownerId: mine)
        let base = try await services.directory.tenant(id: context.user.tenantId)?.baseCurrency
        var byCurrency: [String: Decimal] = [:]
        for row in rows { byCurrency[row.currency ?? "", default: 0] += row.amount }
        let currency = byCurrency[base ?? ""] != nil ? base : byCurrency.max { $0.value < $1.value }?.key
        model.wonCurrency = currency ?? base
        model.wonByMonth = (0..<12).map { offset in
            let index = firstMonth + offset
            let (year, month) = (index / 12, index % 12 + 1)
            let key = String(format: "%04d-%02d", year, month)
            let amount = rows.filter { $0.month == key && $0.currency == currency }.reduce(Decimal(0)) { $0 + $1.amount }
            return (year, month, amount)
        }
    }

    static func totals(_ rows: [PipelineReport.Row], probability: [UUID: Decimal]) -> [PipelineTotal] {
        var byCurrency: [String: PipelineTotal] = [:]
        for row in rows {
            let currency = row.currency ?? ""
            var total = byCurrency[currency] ?? PipelineTotal(currency: currency)
            total.count += row.count
            total.total += row.amount
            total.weighted += row.amount * (probability[row.stageId] ?? 0)
            byCurrency[currency] = total
        }
        return byCurrency.values.sorted { $0.currency < $1.currency }
    }
}
