import Foundation
import RapportDomain
import SQLKit

/// A sales target of one user or one team for one month or quarter: won amount in the tenant's
/// base currency, new accounts and completed activities. A target of 0 means none was set.
public struct Quota: Sendable, Hashable {
    public enum PeriodKind: String, Sendable, CaseIterable { case month, quarter }
    public enum Target: Sendable, Hashable {
        case user(UUID)
        case team(UUID)
    }

    public let id: UUID
    public let target: Target
    public let periodKind: PeriodKind
    public let periodStart: LocalDate
    public let wonAmount: Decimal
    public let newAccounts: Int
    public let completedActivities: Int

    /// The first day after the period.
    public var periodEnd: LocalDate {
        let months = periodKind == .month ? 1 : 3
        let index = periodStart.year * 12 + periodStart.month - 1 + months
        return LocalDate(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    public var userId: UUID? { if case .user(let id) = target { id } else { nil } }
    public var teamId: UUID? { if case .team(let id) = target { id } else { nil } }

    /// Whether `start` begins a period of `kind`: the first of a month, or of January, April, July or October.
    public static func isPeriodStart(_ start: LocalDate, _ kind: PeriodKind) -> Bool {
        start.day == 1 && (kind == .month || (start.month - 1) % 3 == 0)
    }
}

/// Reads and writes quotas (table `quotas`). Who sees which: admins and read-only users all of
/// the tenant's, a manager those of the teams in their subtree and of the users in those teams
/// (themselves included), a rep their own, a partner none. Admins set any quota, managers those of
/// the teams in their subtree and of those teams' users; every change is audited (entity `quota`).
public struct QuotaStore: Sendable {
    /// A quota as a client sends it; checked by `set`.
    public struct Input: Sendable, Equatable {
        public var userId: UUID?
        public var teamId: UUID?
        public var periodKind: String
        public var periodStart: String
        public var wonAmount: Decimal
        public var newAccounts: Int
        public var completedActivities: Int

        public init(userId: UUID?, teamId: UUID?, periodKind: String, periodStart: String, wonAmount: Decimal, newAccounts: Int, completedActivities: Int) {
            self.userId = userId
            self.teamId = teamId
            self.periodKind = periodKind
            self.periodStart = periodStart
            self.wonAmount = wonAmount
            self.newAccounts = newAccounts
            self.completedActivities = completedActivities
        }
    }

    public typealias Filter = ReportPeriod

    public static let maximumBatch = 500
    public static let maximumCount = 1_000_000
    /// Like document amounts, so that sums stay exact.
    public static let amountBound: Decimal = 100_000_000_000_000

    public let database: Database
    var dialect: Dialect { database.dialect }

    public init(database: Database) { self.database = database }

    public func list(principal: Principal, filter: Filter) async throws -> [Quota] {
        try await database.withConnection { [dialect] db in try await Self.list(principal: principal, filter: filter, dialect: dialect, on: db) }
    }

    static func list(principal: Principal, filter: Filter, dialect d: Dialect, on db: any SQLDatabase) async throws -> [Quota] {
        if principal.role == .partner { return [] }
        let tenant = d.bind(principal.tenantId)
        var sql: SQLQueryString = """
            SELECT id, user_id, team_id, period_kind, period_start, won_amount, new_accounts, completed_activities FROM quotas
            WHERE tenant_id = \(bind: tenant) AND period_start >= \(bind: filter.from.description) AND period_start <= \(bind: filter.to.description)
            """
        sql = sql + " AND " + visible(principal, d)
        if let owner = filter.ownerId { sql = sql + " AND quotas.user_id = \(bind: d.bind(owner))" }
        if let teams = filter.teamIds { sql = sql + " AND " + ofTeams(teams, tenant: tenant, d) }
        sql = sql + " ORDER BY period_start, period_kind, id"
        let codec = FieldCodec(dialect: d)
        return try await db.raw(sql).all().compactMap { row in
            let target: Quota.Target
            if let user = try codec.decodeID(row, "user_id") { target = .user(user) } else if let team = try codec.decodeID(row, "team_id") { target = .team(team) } else { return nil }
            guard let kind = Quota.PeriodKind(rawValue: try row.decode(column: "period_kind", as: String.self)),
                  let start = LocalDate(iso: try row.decode(column: "period_start", as: String.self)), let id = try codec.decodeID(row, "id") else { return nil }
            return Quota(id: id, target: target, periodKind: kind, periodStart: start,
                         wonAmount: Money.amount(storageUnits: try row.decode(column: "won_amount", as: Int64.self)),
                         newAccounts: try row.decode(column: "new_accounts", as: Int.self),
                         completedActivities: try row.decode(column: "completed_activities", as: Int.self))
        }
    }

    /// The one rule of which quotas a principal sees.
    private static func visible(_ principal: Principal, _ d: Dialect) -> SQLQueryString {
        let me = d.bind(principal.userId)
        switch principal.role {
        case .admin, .readOnly: return "1 = 1"
        case .partner: return "1 = 0"
        case .rep: return "quotas.user_id = \(bind: me)"
        case .manager:
            let teams = principal.teamSubtree
            if teams.isEmpty { return "quotas.user_id = \(bind: me)" }
            return "(quotas.user_id = \(bind: me) OR " + ofTeams(teams, tenant: d.bind(principal.tenantId), d) + ")"
        }
    }

    private static func ofTeams(_ teams: [UUID], tenant: any Encodable & Sendable, _ d: Dialect) -> SQLQueryString {
        "(quotas.team_id IN \(d.idList(teams)) OR quotas.user_id IN (SELECT id FROM users WHERE tenant_id = \(bind: tenant) AND team_id IN \(d.idList(teams))))"
    }

    /// Adds or replaces (same user or team, kind and start) each quota, all or none. Errors name
    /// their quota as `quotas[2].periodStart`, counted from 0.
    @discardableResult
    public func set(_ inputs: [Input], principal: Principal) async throws -> [Quota] {
        guard [.admin, .manager].contains(principal.role) else { throw StoreError.forbidden("Only administrators and managers set quotas.") }
        return try await database.transaction { [dialect] db in
            let d = dialect, tenant = d.bind(principal.tenantId), codec = FieldCodec(dialect: d)
            let base = try await ExchangeRateStore.baseCurrency(tenantId: principal.tenantId, dialect: d, on: db)
            var userTeams: [UUID: UUID?] = [:]
            for row in try await db.raw("SELECT id, team_id FROM users WHERE tenant_id = \(bind: tenant)").all() {
                if let id = try codec.decodeID(row, "id") { userTeams[id] = try codec.decodeID(row, "team_id") }
            }
            var teams = Set<UUID>()
            for row in try await db.raw("SELECT id FROM teams WHERE tenant_id = \(bind: tenant)").all() {
                if let id = try codec.decodeID(row, "id") { teams.insert(id) }
            }
            let quotas = try Self.validated(inputs, principal: principal, base: base, userTeams: userTeams, teams: teams)
            var saved: [Quota] = []
            for quota in quotas {
                saved.append(try await Self.upsert(quota, principal: principal, dialect: d, on: db))
            }
            return saved
        }
    }

    private static func validated(_ inputs: [Input], principal: Principal, base: CurrencyCode, userTeams: [UUID: UUID?], teams: Set<UUID>) throws -> [Quota] {
        var errors: [FieldError] = []
        var quotas: [Quota] = []
        var seen = Set<String>()
        if inputs.count > maximumBatch {
            throw StoreError.validation([FieldError(field: "quotas", code: .tooMany, message: "Send at most \(maximumBatch) quotas at once.",
                                                    limits: ["max": String(maximumBatch)])])
        }
        for (index, input) in inputs.enumerated() {
            let path = "quotas[\(index)]"
            let before = errors.count
            func fail(_ field: String, _ code: ValidationCode, _ message: String, _ limits: [String: String] = [:]) {
                errors.append(FieldError(field: "\(path).\(field)", code: code, message: message, limits: limits))
            }
            var target: Quota.Target?
            switch (input.userId, input.teamId) {
            case (let user?, nil):
                if let team = userTeams[user] {
                    target = .user(user)
                    if principal.role == .manager && !(team.map(principal.teamSubtree.contains) ?? false) {
                        fail("userId", .forbidden, "A manager sets quotas only for the users of their teams.")
                    }
                } else {
                    fail("userId", .notFound, "No user with this id in this tenant.")
                }
            case (nil, let team?):
                if teams.contains(team) {
                    target = .team(team)
                    if principal.role == .manager && !principal.teamSubtree.contains(team) {
                        fail("teamId", .forbidden, "A manager sets quotas only for their own teams and those below.")
                    }
                } else {
                    fail("teamId", .notFound, "No team with this id in this tenant.")
                }
            default:
                fail("userId", .required, "A quota is for either a user (userId) or a team (teamId).")
            }
            let kind = Quota.PeriodKind(rawValue: input.periodKind)
            if kind == nil { fail("periodKind", .invalidChoice, "periodKind must be month or quarter.") }
            let start = LocalDate(iso: input.periodStart)
            if start == nil {
                fail("periodStart", .invalidDate, "periodStart must be a date such as 2026-04-01.")
            } else if let kind, let start, !Quota.isPeriodStart(start, kind) {
                fail("periodStart", .invalidDate, kind == .month ? "A month starts on its first day." : "A quarter starts on 1 January, April, July or October.")
            } else if let start, start.year >= 9999 {
                // Its period would end in the year 10000, past the last date the server writes.
                fail("periodStart", .outOfRange, "periodStart must be before 9999-01-01.", ["max": "9998-12-01"])
            }
            if input.wonAmount < 0 || input.wonAmount >= amountBound {
                fail("wonAmount", .outOfRange, "wonAmount must be from 0 to below 10^14.", ["min": "0"])
            } else if input.wonAmount.roundedHalfAwayFromZero(toPlaces: base.minorDigits) != input.wonAmount {
                fail("wonAmount", .invalidMoney, "wonAmount has more decimals than \(base.code) has.", ["max": String(base.minorDigits)])
            }
            for (field, value) in [("newAccounts", input.newAccounts), ("completedActivities", input.completedActivities)] where !(0...maximumCount).contains(value) {
                fail(field, .outOfRange, "\(field) must be a whole number from 0 to \(maximumCount).", ["min": "0", "max": String(maximumCount)])
            }
            guard errors.count == before, let target, let kind, let start else { continue }
            let key = "\(target)|\(kind.rawValue)|\(start)"
            if !seen.insert(key).inserted {
                fail("periodStart", .duplicateInRequest, "The request sets this quota twice.")
                continue
            }
            quotas.append(Quota(id: UUID.timeOrdered(), target: target, periodKind: kind, periodStart: start,
                                wonAmount: input.wonAmount, newAccounts: input.newAccounts, completedActivities: input.completedActivities))
        }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        return quotas
    }

    private static func upsert(_ quota: Quota, principal: Principal, dialect d: Dialect, on db: any SQLDatabase) async throws -> Quota {
        let tenant = d.bind(principal.tenantId), codec = FieldCodec(dialect: d)
        let who: SQLQueryString = switch quota.target {
        case .user(let id): "user_id = \(bind: d.bind(id))"
        case .team(let id): "team_id = \(bind: d.bind(id))"
        }
        let existing = try await db.raw("""
            SELECT id, won_amount, new_accounts, completed_activities FROM quotas WHERE tenant_id = \(bind: tenant) AND
            """ + " " + who + " AND period_kind = \(bind: quota.periodKind.rawValue) AND period_start = \(bind: quota.periodStart.description)").first()
        let units = Money.storageUnits(of: quota.wonAmount), now = Timestamp.milliseconds(Date())
        let writer = AuditEntryWriter(dialect: d, tenantId: principal.tenantId, actorId: principal.userId)
        guard let existing, let id = try codec.decodeID(existing, "id") else {
            try await db.raw("""
                INSERT INTO quotas (id, tenant_id, user_id, team_id, period_kind, period_start, won_amount, new_accounts, completed_activities, updated_at)
                VALUES (\(bind: d.bind(quota.id)), \(bind: tenant), \(Directory.optionalID(quota.userId, d)), \(Directory.optionalID(quota.teamId, d)),
                \(bind: quota.periodKind.rawValue), \(bind: quota.periodStart.description), \(bind: units), \(bind: quota.newAccounts),
                \(bind: quota.completedActivities), \(bind: now))
                """).run()
            try await writer.append(entity: "quota", recordId: quota.id, action: "create", changes: auditValues(quota), on: db)
            return quota
        }
        let stored = Quota(id: id, target: quota.target, periodKind: quota.periodKind, periodStart: quota.periodStart,
                           wonAmount: Money.amount(storageUnits: try existing.decode(column: "won_amount", as: Int64.self)),
                           newAccounts: try existing.decode(column: "new_accounts", as: Int.self),
                           completedActivities: try existing.decode(column: "completed_activities", as: Int.self))
        let updated = Quota(id: id, target: quota.target, periodKind: quota.periodKind, periodStart: quota.periodStart,
                            wonAmount: quota.wonAmount, newAccounts: quota.newAccounts, completedActivities: quota.completedActivities)
        var changes = JSONObject()
        if stored.wonAmount != updated.wonAmount { changes.append("wonAmount", AuditEntryWriter.change(.decimal(stored.wonAmount), .decimal(updated.wonAmount))) }
        if stored.newAccounts != updated.newAccounts { changes.append("newAccounts", AuditEntryWriter.change(.int(stored.newAccounts), .int(updated.newAccounts))) }
        if stored.completedActivities != updated.completedActivities {
            changes.append("completedActivities", AuditEntryWriter.change(.int(stored.completedActivities), .int(updated.completedActivities)))
        }
        guard !changes.isEmpty else { return stored }
        try await db.raw("""
            UPDATE quotas SET won_amount = \(bind: units), new_accounts = \(bind: quota.newAccounts),
            completed_activities = \(bind: quota.completedActivities), updated_at = \(bind: now)
            WHERE id = \(bind: d.bind(id)) AND tenant_id = \(bind: tenant)
            """).run()
        try await writer.append(entity: "quota", recordId: id, action: "update", changes: changes, on: db)
        return updated
    }

    private static func auditValues(_ quota: Quota) -> JSONObject {
        JSONObject([
            "userId": quota.userId.map { .string($0.lowercaseString) } ?? .null, "teamId": quota.teamId.map { .string($0.lowercaseString) } ?? .null,
            "periodKind": .string(quota.periodKind.rawValue), "periodStart": .string(quota.periodStart.description),
            "wonAmount": .decimal(quota.wonAmount), "newAccounts": .int(quota.newAccounts), "completedActivities": .int(quota.completedActivities),
        ])
    }
}
