import Foundation
import RapportDomain
import SQLKit

/// A tenant's dated exchange rates into its base currency (table `exchange_rates`): listed for
/// the settings, changed by administrators with an audit entry, and read whole for reports.
public struct ExchangeRateStore: Sendable {
    public let database: Database
    var dialect: Dialect { database.dialect }

    /// A rate as a client sends it, before it is checked.
    public struct Input: Sendable, Equatable {
        public let currency: String
        public let date: String
        public let rate: Decimal

        public init(currency: String, date: String, rate: Decimal) {
            self.currency = currency
            self.date = date
            self.rate = rate
        }
    }

    /// An amount in the base currency, and the rate it was converted at (none for the base currency itself).
    public struct Conversion: Sendable, Equatable {
        public let amount: Money
        public let rate: ExchangeRate?
    }

    public static let maximumListed = 500
    public static let maximumBatch = 1_000
    public static let maximumDecimals = 8
    /// Keeps amount × rate far inside `Decimal`'s 38 digits (amounts stay below 10^14).
    public static let maximumRate: Decimal = 1_000_000_000
    static let smallestRate = Decimal(sign: .plus, exponent: -maximumDecimals, significand: 1)

    public init(database: Database) { self.database = database }

    /// Rates newest first (then by currency), of one currency or all, at most `limit` of them.
    public func rates(tenantId: UUID, currency: CurrencyCode? = nil, limit: Int = 100) async throws -> [ExchangeRate] {
        let limit = min(max(limit, 1), Self.maximumListed)
        return try await database.withConnection { [dialect] db in
            var sql: SQLQueryString = "SELECT currency, rate_date, rate FROM exchange_rates WHERE tenant_id = \(bind: dialect.bind(tenantId))"
            if let currency { sql = sql + " AND currency = \(bind: currency.code)" }
            sql = sql + " ORDER BY rate_date DESC, currency ASC LIMIT \(bind: limit)"
            return try await db.raw(sql).all().compactMap(Self.rate)
        }
    }

    /// Stores each rate, replacing one of the same currency and date, all or none; audited as one
    /// change of the tenant (entity `exchangeRate`) when any value changed. Errors name their rate
    /// as `rates[3].rate`, counted from 0.
    @discardableResult
    public func upsert(_ inputs: [Input], tenantId: UUID, by userId: UUID) async throws -> [ExchangeRate] {
        try await database.transaction { [dialect] db in
            let base = try await Self.baseCurrency(tenantId: tenantId, dialect: dialect, on: db)
            let rates = try Self.validated(inputs, base: base)
            let tenant = dialect.bind(tenantId)
            var changes = JSONObject()
            for rate in rates {
                let stored = try await db.raw("""
                    SELECT rate FROM exchange_rates
                    WHERE tenant_id = \(bind: tenant) AND currency = \(bind: rate.currency.code) AND rate_date = \(bind: rate.date.description)
                    """).first()?.decode(column: "rate", as: String.self)
                let old = stored.flatMap(Decimal.exact)
                guard old != rate.rate else { continue }
                try await db.raw("""
                    INSERT INTO exchange_rates (tenant_id, currency, rate_date, rate)
                    VALUES (\(bind: tenant), \(bind: rate.currency.code), \(bind: rate.date.description), \(bind: rate.rate.plainString))
                    ON CONFLICT (tenant_id, currency, rate_date) DO UPDATE SET rate = excluded.rate
                    """).run()
                changes.append(Self.auditKey(rate.currency, rate.date),
                               AuditEntryWriter.change(old.map(JSONValue.decimal) ?? .null, .decimal(rate.rate)))
            }
            if !changes.isEmpty {
                try await AuditEntryWriter(dialect: dialect, tenantId: tenantId, actorId: userId)
                    .append(entity: "exchangeRate", recordId: tenantId, action: "update", changes: changes, on: db)
            }
            return rates
        }
    }

    /// Removes the rate of a currency on a date; `StoreError.notFound` when there is none.
    public func delete(currency: String, date: String, tenantId: UUID, by userId: UUID) async throws {
        // Text that is no currency code or date names no rate (and PostgreSQL refuses NUL in a bind).
        guard let currency = CurrencyCode(currency), let date = LocalDate(iso: date) else { throw StoreError.notFound(entity: "exchange rate") }
        try await database.transaction { [dialect] db in
            let tenant = dialect.bind(tenantId)
            guard let old = try await db.raw("""
                SELECT rate FROM exchange_rates
                WHERE tenant_id = \(bind: tenant) AND currency = \(bind: currency.code) AND rate_date = \(bind: date.description)
                """).first()?.decode(column: "rate", as: String.self) else { throw StoreError.notFound(entity: "exchange rate") }
            try await db.raw("""
                DELETE FROM exchange_rates WHERE tenant_id = \(bind: tenant) AND currency = \(bind: currency.code) AND rate_date = \(bind: date.description)
                """).run()
            let key = Self.auditKey(currency, date)
            try await AuditEntryWriter(dialect: dialect, tenantId: tenantId, actorId: userId).append(
                entity: "exchangeRate", recordId: tenantId, action: "delete",
                changes: JSONObject([key: AuditEntryWriter.change(Decimal.exact(old).map(JSONValue.decimal) ?? .string(old), .null)]), on: db)
        }
    }

    /// Every rate of the tenant, indexed for converting many amounts (reports).
    public func exchangeRates(tenantId: UUID) async throws -> ExchangeRates {
        try await database.withConnection { [dialect] db in try await Self.exchangeRates(tenantId: tenantId, dialect: dialect, on: db) }
    }

    static func exchangeRates(tenantId: UUID, dialect: Dialect, on db: any SQLDatabase) async throws -> ExchangeRates {
        let base = try await baseCurrency(tenantId: tenantId, dialect: dialect, on: db)
        let rows = try await db.raw("SELECT currency, rate_date, rate FROM exchange_rates WHERE tenant_id = \(bind: dialect.bind(tenantId))").all()
        return ExchangeRates(base: base, rates: try rows.compactMap(rate))
    }

    /// `money` in the base currency at the latest rate dated on or before `date`.
    /// - Throws: `MissingExchangeRate` when the currency has no rate on or before that date.
    public func convert(_ money: Money, on date: LocalDate, tenantId: UUID) async throws -> Conversion {
        try await database.withConnection { [dialect] db in
            let base = try await Self.baseCurrency(tenantId: tenantId, dialect: dialect, on: db)
            guard money.currency != base else { return Conversion(amount: money, rate: nil) }
            let row = try await db.raw("""
                SELECT currency, rate_date, rate FROM exchange_rates
                WHERE tenant_id = \(bind: dialect.bind(tenantId)) AND currency = \(bind: money.currency.code) AND rate_date <= \(bind: date.description)
                ORDER BY rate_date DESC LIMIT 1
                """).first()
            let rate = try row.flatMap(Self.rate)
            let rates = ExchangeRates(base: base, rates: rate.map { [$0] } ?? [])
            return Conversion(amount: try rates.inBaseCurrency(money, on: date), rate: rate)
        }
    }

    // MARK: Helpers

    /// The rates as stored, or every problem with them at once.
    static func validated(_ inputs: [Input], base: CurrencyCode) throws -> [ExchangeRate] {
        var errors: [FieldError] = []
        var rates: [ExchangeRate] = []
        var seen = Set<String>()
        for (index, input) in inputs.enumerated() {
            let path = "rates[\(index)]", problemsBefore = errors.count
            let currency = CurrencyCode(input.currency)
            if currency == nil {
                errors.append(FieldError(field: "\(path).currency", code: .invalidCurrency, message: "\(input.currency) is not a supported currency code."))
            } else if currency == base {
                errors.append(FieldError(field: "\(path).currency", code: .invalidCurrency,
                                         message: "\(base.code) is the base currency; its rate is always 1."))
            }
            let date = LocalDate(iso: input.date)
            if date == nil {
                errors.append(FieldError(field: "\(path).date", code: .invalidDate, message: "date must be a calendar date written YYYY-MM-DD."))
            }
            if input.rate < smallestRate || input.rate > maximumRate {
                errors.append(FieldError(field: "\(path).rate", code: .outOfRange, message: "rate must be more than 0 and at most 1000000000.",
                                         limits: ["min": smallestRate.plainString, "max": maximumRate.plainString]))
            } else if input.rate.roundedHalfAwayFromZero(toPlaces: maximumDecimals) != input.rate {
                errors.append(FieldError(field: "\(path).rate", code: .tooManyDecimals, message: "rate has more than \(maximumDecimals) decimal places.",
                                         limits: ["max": String(maximumDecimals)]))
            }
            guard let currency, let date, errors.count == problemsBefore else { continue }
            guard seen.insert(auditKey(currency, date)).inserted else {
                errors.append(FieldError(field: path, code: .duplicateInRequest,
                                         message: "This request already has a \(currency.code) rate for \(date)."))
                continue
            }
            rates.append(ExchangeRate(currency: currency, date: date, rate: input.rate))
        }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        return rates
    }

    static func baseCurrency(tenantId: UUID, dialect: Dialect, on db: any SQLDatabase) async throws -> CurrencyCode {
        let code = try await db.raw("SELECT base_currency FROM tenants WHERE id = \(bind: dialect.bind(tenantId))").first()?
            .decode(column: "base_currency", as: String.self)
        guard let base = code.flatMap(CurrencyCode.init) else { throw StoreError.notFound(entity: "tenant") }
        return base
    }

    private static func rate(_ row: any SQLRow) throws -> ExchangeRate? {
        guard let currency = CurrencyCode(try row.decode(column: "currency", as: String.self)),
              let date = LocalDate(iso: try row.decode(column: "rate_date", as: String.self)),
              let rate = Decimal.exact(try row.decode(column: "rate", as: String.self)) else { return nil }
        return ExchangeRate(currency: currency, date: date, rate: rate)
    }

    private static func auditKey(_ currency: CurrencyCode, _ date: LocalDate) -> String { "\(currency.code) \(date)" }
}
