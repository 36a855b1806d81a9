import Foundation
import RapportDomain
import SQLKit

/// A tenant's rules for selling: when a quote needs approval and by whom, how long quotes are
/// valid, payment terms, the letterhead on printed documents, and the tax rate of each category.
public struct SalesSettings: Sendable, Equatable {
    /// A line discounted by more than this needs approval; nil: no limit.
    public var maxDiscountPercent: Decimal?
    /// A quote whose expected margin is below this needs approval; nil: no limit.
    public var minMarginPercent: Decimal?
    /// Who approves; nil: the quote owner's manager.
    public var approverId: UUID?
    public var quoteValidityDays: Int
    public var paymentTermsDays: Int
    public var letterhead: String
    /// Percent by product tax category (`EntityDefinition.taxCategories`).
    public var taxRates: [String: Decimal]

    public static let defaultTaxRates: [String: Decimal] = ["standard": 20, "reduced": 10, "zero": 0, "exempt": 0]

    public static let defaults = SalesSettings(
        maxDiscountPercent: nil, minMarginPercent: nil, approverId: nil, quoteValidityDays: 30, paymentTermsDays: 30,
        letterhead: "", taxRates: defaultTaxRates)

    public func taxRate(forCategory category: String?) -> Decimal {
        category.flatMap { taxRates[$0] } ?? 0
    }

    /// Why a quote needs approval under these rules, or nothing when it does not.
    public func approvalReasons(highestDiscount: Decimal, marginPercent: Decimal?) -> [String] {
        var reasons: [String] = []
        if let limit = maxDiscountPercent, highestDiscount > limit {
            reasons.append("a discount of \(highestDiscount.plainString)% is above the \(limit.plainString)% limit")
        }
        if let floor = minMarginPercent, let margin = marginPercent, margin < floor {
            reasons.append("the expected margin of \(margin.plainString)% is below the \(floor.plainString)% floor")
        }
        return reasons
    }
}

/// Reads and writes `SalesSettings` (tables `sales_settings` and `tax_rates`).
public struct SalesSettingsStore: Sendable {
    public let database: Database
    var dialect: Dialect { database.dialect }

    public init(database: Database) { self.database = database }

    public func settings(tenantId: UUID) async throws -> SalesSettings {
        try await database.withConnection { [dialect] db in try await Self.settings(tenantId: tenantId, dialect: dialect, on: db) }
    }

    static func settings(tenantId: UUID, dialect: Dialect, on db: any SQLDatabase) async throws -> SalesSettings {
        let codec = FieldCodec(dialect: dialect)
        var settings = SalesSettings.defaults
        if let row = try await db.raw("""
            SELECT max_discount_percent, min_margin_percent, approver_id, quote_validity_days, payment_terms_days, letterhead
            FROM sales_settings WHERE tenant_id = \(bind: dialect.bind(tenantId))
            """).first() {
            settings.maxDiscountPercent = try row.decode(column: "max_discount_percent", as: String?.self).flatMap(Decimal.exact)
            settings.minMarginPercent = try row.decode(column: "min_margin_percent", as: String?.self).flatMap(Decimal.exact)
            settings.approverId = try codec.decodeID(row, "approver_id")
            settings.quoteValidityDays = try row.decode(column: "quote_validity_days", as: Int.self)
            settings.paymentTermsDays = try row.decode(column: "payment_terms_days", as: Int.self)
            settings.letterhead = try row.decode(column: "letterhead", as: String.self)
        }
        for row in try await db.raw("SELECT category, rate FROM tax_rates WHERE tenant_id = \(bind: dialect.bind(tenantId))").all() {
            let category = try row.decode(column: "category", as: String.self)
            settings.taxRates[category] = Decimal.exact(try row.decode(column: "rate", as: String.self))
        }
        return settings
    }

    /// Stores the settings and audits the change under the tenant's id (entity `settings`).
    public func save(_ settings: SalesSettings, tenantId: UUID, by userId: UUID) async throws {
        guard !FieldDecoder.containsControlCharacters(settings.letterhead) else {
            throw StoreError.validation([FieldError(field: "letterhead", code: .invalidCharacter, message: "The letterhead contains a control character.")])
        }
        try await database.transaction { db in
            let tenant = dialect.bind(tenantId)
            let before = try await Self.settings(tenantId: tenantId, dialect: dialect, on: db)
            try await db.raw("DELETE FROM sales_settings WHERE tenant_id = \(bind: tenant)").run()
            try await db.raw("""
                INSERT INTO sales_settings (tenant_id, max_discount_percent, min_margin_percent, approver_id, quote_validity_days,
                  payment_terms_days, letterhead, updated_at)
                VALUES (\(bind: tenant), \(bind: settings.maxDiscountPercent?.plainString), \(bind: settings.minMarginPercent?.plainString),
                  \(Directory.optionalID(settings.approverId, dialect)), \(bind: settings.quoteValidityDays), \(bind: settings.paymentTermsDays),
                  \(bind: settings.letterhead), \(bind: Timestamp.milliseconds(Date())))
                """).run()
            try await db.raw("DELETE FROM tax_rates WHERE tenant_id = \(bind: tenant)").run()
            for (category, rate) in settings.taxRates.sorted(by: { $0.key < $1.key }) {
                try await db.raw("INSERT INTO tax_rates (tenant_id, category, rate) VALUES (\(bind: tenant), \(bind: category), \(bind: rate.plainString))").run()
            }
            var changes = JSONObject()
            for (key, old, new) in Self.auditedFields(before, settings) where old != new {
                changes.append(key, .object(JSONObject(["old": old, "new": new])))
            }
            guard !changes.isEmpty else { return }
            try await db.raw("""
                INSERT INTO audit_log (id, tenant_id, at, actor_id, entity, record_id, action, changes)
                VALUES (\(bind: dialect.bind(UUID.timeOrdered())), \(bind: tenant), \(bind: Timestamp.milliseconds(Date())), \(bind: dialect.bind(userId)),
                'settings', \(bind: tenant), 'update', \(dialect.jsonPlaceholder(JSONWriter.string(.object(changes)))))
                """).run()
        }
    }

    private static func auditedFields(_ old: SalesSettings, _ new: SalesSettings) -> [(String, JSONValue, JSONValue)] {
        func decimal(_ value: Decimal?) -> JSONValue { value.map(JSONValue.decimal) ?? .null }
        func rates(_ settings: SalesSettings) -> JSONValue {
            var object = JSONObject()
            for (category, rate) in settings.taxRates.sorted(by: { $0.key < $1.key }) { object.append(category, .decimal(rate)) }
            return .object(object)
        }
        return [
            ("maxDiscountPercent", decimal(old.maxDiscountPercent), decimal(new.maxDiscountPercent)),
            ("minMarginPercent", decimal(old.minMarginPercent), decimal(new.minMarginPercent)),
            ("approverId", old.approverId.map { .string($0.lowercaseString) } ?? .null, new.approverId.map { .string($0.lowercaseString) } ?? .null),
            ("quoteValidityDays", .int(old.quoteValidityDays), .int(new.quoteValidityDays)),
            ("paymentTermsDays", .int(old.paymentTermsDays), .int(new.paymentTermsDays)),
            ("letterhead", .string(old.letterhead), .string(new.letterhead)),
            ("taxRates", rates(old), rates(new)),
        ]
    }
}
