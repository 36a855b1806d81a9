import Foundation
import RapportDomain
import SQLKit

/// Receivables aging: what open invoices still owe, by how long past due, through the access scope.
///
/// An invoice is open when it is issued (or partly paid), was issued on or before the as-of date
/// and has a balance. Its days past due are as-of date − due date; the buckets are current
/// (0 or fewer), 1–30, 31–60, 61–90 and over 90. Balances are today's: a payment recorded after
/// the as-of date already counts. Sums are per currency, in SQL, from `openInvoicesIndex`.
///
/// The product filter keeps the invoices with at least one line of that product (their own
/// lines, `document_type = 'invoice'`; a product only on the quote or order behind an invoice
/// does not count); the amounts stay each invoice's whole balance, not the share of those
/// lines, since payments settle an invoice and not its lines.
public struct AgingReport: Sendable {
    public enum Grouping: String, Sendable, CaseIterable {
        case account, owner, team, partner

        var column: String {
            switch self {
            case .account: "account_id"
            case .owner: "owner_id"
            case .team: "team_id"
            case .partner: "partner_id"
            }
        }
    }

    public enum Bucket: Int, Sendable, CaseIterable {
        case current, days1to30, days31to60, days61to90, over90

        /// The bucket of an invoice `daysPastDue` days past its due date.
        public static func of(daysPastDue days: Int) -> Bucket {
            switch days {
            case ...0: .current
            case 1...30: .days1to30
            case 31...60: .days31to60
            case 61...90: .days61to90
            default: .over90
            }
        }

        public var key: String { ["current", "1-30", "31-60", "61-90", "90+"][rawValue] }
    }

    public struct Filter: Sendable, Hashable {
        public var asOf: LocalDate
        public var groupBy: Grouping
        public var teamId: UUID?
        public var ownerId: UUID?
        public var currency: String?
        /// Only invoices with a line of this product; their whole balance counts.
        public var productId: UUID?

        public init(asOf: LocalDate, groupBy: Grouping = .account, teamId: UUID? = nil, ownerId: UUID? = nil, currency: String? = nil,
                    productId: UUID? = nil) {
            self.asOf = asOf
            self.groupBy = groupBy
            self.teamId = teamId
            self.ownerId = ownerId
            self.currency = currency
            self.productId = productId
        }
    }

    /// One group's open balance in one currency, per bucket.
    public struct Row: Sendable, Hashable {
        /// The account, owner, team or partner; nil for invoices without one.
        public let groupId: UUID?
        public let currency: String
        /// Indexed by `Bucket.rawValue`.
        public var buckets: [Decimal]
        public var count: Int

        public var total: Decimal { buckets.reduce(0, +) }

        public func json(names: [UUID: String] = [:]) -> JSONValue {
            let code = CurrencyCode(currency)
            func text(_ amount: Decimal) -> JSONValue { .string(code.map { Money(amount: amount, currency: $0).amountText } ?? amount.plainString) }
            var object = JSONObject()
            object.append("groupId", groupId.map { .string($0.lowercaseString) } ?? .null)
            object.append("name", groupId.flatMap { names[$0] }.map(JSONValue.string) ?? .null)
            object.append("currency", .string(currency))
            object.append("count", .int(count))
            for bucket in Bucket.allCases { object.append(bucket.key, text(buckets[bucket.rawValue])) }
            object.append("total", text(total))
            return .object(object)
        }
    }

    /// An invoice past its due date, with how long.
    public struct OverdueInvoice: Sendable {
        public let invoice: Record
        public let daysOverdue: Int
    }

    let database: Database
    public init(database: Database) { self.database = database }

    /// Open invoices, in the terms of `openInvoicesIndex` (which a query must repeat to use it).
    /// The balance and date tests stay out of index choice: SQLite without statistics took each
    /// for the narrow one and read every invoice of the tenant through its own index.
    var open: String { "invoices.status IN ('issued', 'partiallyPaid') AND \(unindexed("invoices.balance")) > 0" }

    private func unindexed(_ column: String) -> String { database.dialect.unindexed(column) }

    /// The invoices issued or partly paid alone (a tenth of all at the demo's 228,537), with every
    /// column the report and the overdue list read. Statistics count rows per status on average,
    /// so an index of all invoices by status looked like half the table to SQLite, which walked
    /// every invoice by account instead (130–400 ms). The id serves a rep's shared rows.
    static let openInvoicesIndex = """
        CREATE INDEX IF NOT EXISTS rc_invoices_open ON invoices (tenant_id, status, due_date, issue_date, account_id, owner_id, team_id,
          partner_id, balance_currency, balance, id, deleted_at) WHERE status IN ('issued', 'partiallyPaid') AND deleted_at IS NULL
        """

    /// The largest groups and the totals of everything in scope.
    public struct Result: Sendable {
        /// By currency, then by total descending; at most the limit asked for.
        public let rows: [Row]
        /// Per currency, the sum of every open invoice in scope (not only of `rows`).
        public let totals: [Row]
        /// How many groups there are in all.
        public let groupCount: Int
    }

    /// Every group, sorted by currency, then by total descending.
    public func run(principal: Principal, filter: Filter) async throws -> [Row] {
        try await run(principal: principal, filter: filter, limit: nil).rows
    }

    /// The `limit` largest groups (all when nil), with the totals over every group. Buckets are
    /// summed in SQL, so a tenant with 100,000 debtors returns only the rows shown.
    public func run(principal: Principal, filter: Filter, limit: Int?) async throws -> Result {
        try await database.withConnection { db in
            let codec = FieldCodec(dialect: database.dialect)
            var groupCount = 0
            var rows: [Row] = []
            var totals: [Row] = []
            for row in try await db.raw(query(principal, filter, limit: limit)).all() {
                if try row.decode(column: "is_total", as: Int.self) == 1 {
                    totals.append(try Self.row(row, groupId: nil))
                } else {
                    groupCount = try row.decode(column: "groups", as: Int.self)
                    rows.append(try Self.row(row, groupId: try codec.decodeID(row, "group_id")))
                }
            }
            return Result(rows: rows, totals: totals.sorted { $0.currency < $1.currency }, groupCount: groupCount)
        }
    }

    private static func row(_ row: any SQLRow, groupId: UUID?) throws -> Row {
        Row(groupId: groupId, currency: try row.decode(column: "currency", as: String.self),
            buckets: try Bucket.allCases.map { Money.amount(storageUnits: try row.decode(column: "b\($0.rawValue)", as: Int64.self)) },
            count: try row.decode(column: "n", as: Int.self))
    }

    /// Per currency, the sum of every row's buckets.
    public static func totals(_ rows: [Row]) -> [Row] {
        var byCurrency: [String: Row] = [:]
        for row in rows {
            var total = byCurrency[row.currency] ?? Row(groupId: nil, currency: row.currency, buckets: Array(repeating: 0, count: Bucket.allCases.count), count: 0)
            for bucket in Bucket.allCases { total.buckets[bucket.rawValue] += row.buckets[bucket.rawValue] }
            total.count += row.count
            byCurrency[row.currency] = total
        }
        return byCurrency.values.sorted { $0.currency < $1.currency }
    }

    /// The plans of the report's queries, for index checks.
    public func plan(principal: Principal, filter: Filter) async throws -> [String] {
        try await planOfBuckets(principal: principal, filter: filter) + database.withConnection { db in
            try await PlanReader(dialect: database.dialect).plan(of: overdueQuery(principal, asOf: filter.asOf, teamId: filter.teamId, ownerId: filter.ownerId,
                                                                                  productId: filter.productId, limit: 50), on: db)
        }
    }

    /// The plan of the groups' and the totals' query, without the overdue list's.
    public func planOfBuckets(principal: Principal, filter: Filter) async throws -> [String] {
        try await database.withConnection { db in
            try await PlanReader(dialect: database.dialect).plan(of: query(principal, filter, limit: 100), on: db)
        }
    }

    /// The count and the balance per bucket of the open invoices in scope, to be grouped.
    private func buckets(_ principal: Principal, _ filter: Filter, groupColumn: String?) -> SQLQueryString {
        let scope = AccessScope(principal: principal, entity: .invoice, dialect: database.dialect)
        let asOf = filter.asOf.daysSince1970
        func day(_ offset: Int) -> String { LocalDate(daysSince1970: asOf - offset).description }
        func sum(_ condition: SQLQueryString) -> SQLQueryString {
            "CAST(SUM(CASE WHEN " + condition + " THEN invoices.balance ELSE 0 END) AS BIGINT)"
        }
        var sql: SQLQueryString = "SELECT "
        if let groupColumn { sql = sql + "invoices.\(unsafeRaw: groupColumn) AS group_id, " }
        sql = sql + "invoices.balance_currency AS currency, COUNT(*) AS n, "
            + sum("invoices.due_date >= \(bind: day(0))") + " AS b0, "
            + sum("invoices.due_date < \(bind: day(0)) AND invoices.due_date >= \(bind: day(30))") + " AS b1, "
            + sum("invoices.due_date < \(bind: day(30)) AND invoices.due_date >= \(bind: day(60))") + " AS b2, "
            + sum("invoices.due_date < \(bind: day(60)) AND invoices.due_date >= \(bind: day(90))") + " AS b3, "
            + sum("invoices.due_date < \(bind: day(90))") + " AS b4, CAST(SUM(invoices.balance) AS BIGINT) AS total"
        sql = sql + " FROM invoices WHERE \(unsafeRaw: open) AND \(unsafeRaw: unindexed("invoices.issue_date")) <= \(bind: filter.asOf.description) AND "
        return sql + scope.condition(.read) + narrowing(filter, tenantId: principal.tenantId)
    }

    /// The largest groups and, marked `is_total`, the totals per currency over every group, from
    /// one pass over the invoices: the groups are kept once (`MATERIALIZED`) and read twice.
    func query(_ principal: Principal, _ filter: Filter, limit: Int? = nil) -> SQLQueryString {
        var grouped = buckets(principal, filter, groupColumn: filter.groupBy.column)
        grouped = grouped + " GROUP BY invoices.\(unsafeRaw: filter.groupBy.column), invoices.balance_currency"
        // The window counts the groups before LIMIT keeps the largest.
        var shown: SQLQueryString = "SELECT grouped.*, COUNT(*) OVER () AS groups, 0 AS is_total FROM grouped ORDER BY currency, total DESC, group_id"
        if let limit { shown = shown + " LIMIT \(bind: max(1, limit))" }
        let sums = (["n"] + Bucket.allCases.map { "b\($0.rawValue)" } + ["total"]).map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }
        return SQLQueryString("WITH grouped AS MATERIALIZED (") + grouped + ") SELECT * FROM (" + shown + ") AS shown UNION ALL "
            + SQLQueryString("SELECT NULL AS group_id, currency, \(sums.joined(separator: ", ")), 0 AS groups, 1 AS is_total FROM grouped GROUP BY currency")
    }

    private func narrowing(_ filter: Filter, tenantId: UUID) -> SQLQueryString {
        let dialect = database.dialect
        var sql: SQLQueryString = ""
        if let team = filter.teamId { sql = sql + " AND invoices.team_id = \(bind: dialect.bind(team))" }
        if let owner = filter.ownerId { sql = sql + " AND invoices.owner_id = \(bind: dialect.bind(owner))" }
        if let currency = filter.currency { sql = sql + " AND invoices.balance_currency = \(bind: currency)" }
        if let product = filter.productId {
            // The invoice's own lines (document_type 'invoice': its id names only them), one probe of
            // ix_document_lines_document per invoice. Naming the type would make SQLite prefer
            // ix_document_lines_product, a walk over every invoice line of the product per invoice.
            sql = sql + " AND EXISTS (SELECT 1 FROM document_lines WHERE document_lines.tenant_id = \(bind: dialect.bind(tenantId))"
                + " AND document_lines.document_id = invoices.id AND document_lines.product_id = \(bind: dialect.bind(product)))"
        }
        return sql
    }

    /// Open invoices past their due date on `asOf`, longest overdue first, at most `limit`; the
    /// team, owner and product filters as in the report.
    public func overdue(principal: Principal, asOf: LocalDate, teamId: UUID? = nil, ownerId: UUID? = nil, productId: UUID? = nil,
                        limit: Int = 50) async throws -> [OverdueInvoice] {
        let reader = RecordReader(entity: .invoice, codec: FieldCodec(dialect: database.dialect))
        return try await database.withConnection { db in
            try await db.raw(overdueQuery(principal, asOf: asOf, teamId: teamId, ownerId: ownerId, productId: productId, limit: limit)).all().map { row in
                let invoice = try reader.decode(row)
                let due = invoice["dueDate"].dateValue?.daysSince1970 ?? asOf.daysSince1970
                return OverdueInvoice(invoice: invoice, daysOverdue: asOf.daysSince1970 - due)
            }
        }
    }

    func overdueQuery(_ principal: Principal, asOf: LocalDate, teamId: UUID? = nil, ownerId: UUID? = nil, productId: UUID? = nil, limit: Int) -> SQLQueryString {
        let scope = AccessScope(principal: principal, entity: .invoice, dialect: database.dialect)
        let reader = RecordReader(entity: .invoice, codec: FieldCodec(dialect: database.dialect))
        var sql: SQLQueryString = """
            SELECT \(unsafeRaw: reader.selectList) FROM invoices WHERE \(unsafeRaw: open) AND \(unsafeRaw: unindexed("invoices.due_date")) < \(bind: asOf.description) AND 
            """
        sql = sql + scope.condition(.read) + narrowing(Filter(asOf: asOf, teamId: teamId, ownerId: ownerId, productId: productId), tenantId: principal.tenantId)
        return sql + " ORDER BY invoices.due_date, invoices.seq LIMIT \(bind: max(1, min(limit, 500)))"
    }

    /// What one account still owes, per currency, over the invoices the user can see.
    public func accountBalance(accountId: UUID, principal: Principal) async throws -> [Money] {
        let dialect = database.dialect
        let scope = AccessScope(principal: principal, entity: .invoice, dialect: dialect)
        let sql: SQLQueryString = "SELECT invoices.balance_currency AS currency, CAST(SUM(invoices.balance) AS BIGINT) AS total FROM invoices WHERE "
            + scope.condition(.read) + " AND invoices.account_id = \(bind: dialect.bind(accountId)) AND \(unsafeRaw: open)"
            + " GROUP BY invoices.balance_currency ORDER BY invoices.balance_currency"
        return try await database.withConnection { db in
            try await db.raw(sql).all().compactMap { row in
                guard let currency = CurrencyCode(try row.decode(column: "currency", as: String.self)) else { return nil }
                return Money(storageUnits: try row.decode(column: "total", as: Int64.self), currency: currency)
            }
        }
    }
}
