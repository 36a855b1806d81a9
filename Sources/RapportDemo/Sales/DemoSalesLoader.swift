import Foundation
import RapportDomain
import RapportPersistence

/// Adds the demo company's selling to a tenant that holds demo deals: sales settings and dated
/// exchange rates, the product catalogue, price books with volume tiers, quotes, orders with
/// their status histories, invoices, payments, expenses and quotas (see `DemoSalesPlan`).
///
/// Headers go through the store's bulk path, so numbering, validation, ownership, audit and
/// search are what the API would give; lines and order histories are written in bulk beside
/// them (`DocumentImport`). Quotes waiting for approval and decided expenses go through the
/// same transitions a person's clicks do.
public struct DemoSalesLoader: Sendable {
    let database: Database
    let batchSize: Int
    let concurrency: Int

    public init(database: Database) {
        self.database = database
        batchSize = 2_000
        concurrency = database.dialect == .postgres ? 2 : 1
    }

    /// Returns rows written per kind. `orderLines`: how many order lines to reach with repeat
    /// orders (the demo uses its scale, the number of contacts).
    public func load(
        tenantId: UUID, seed: UInt64, orderLines: Int, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> [String: Int] {
        let directory = Directory(database: database)
        let users = try await directory.users(tenantId: tenantId)
        guard let admin = users.first(where: { $0.role == .admin && $0.active }) else { throw DemoLoadError("The tenant has no administrator.") }
        let principal = try await directory.principal(for: admin)
        let store = EntityStore(database: database)
        let writer = DemoWriter(store: store, principal: principal, batchSize: batchSize, concurrency: concurrency)
        let context = DemoSalesContext(database: database, store: store, writer: writer, principal: principal, imports: DocumentImport(database: database), progress: progress)

        let stages = try await DemoLoader.defaultStages(database: database, tenantId: tenantId)
        let deals = try await DemoDeal.all(store: store, principal: principal, stages: stages)
        guard !deals.isEmpty else { throw DemoLoadError("The tenant has no demo deals to sell to.") }
        progress("sales: planning documents for \(deals.count) deals")
        let plan = DemoSalesPlan(deals: deals, stages: stages, seed: seed, orderLines: orderLines)

        let settings = try await saveSettings(tenantId: tenantId, by: admin.id)
        let rates = try await saveExchangeRates(tenantId: tenantId, by: admin.id)
        let products = try await context.products()
        let partners = try await directory.partnerNames(tenantId: tenantId).compactMap { id, name -> (id: UUID, name: String, market: DemoMarket)? in
            deals.first { $0.partnerId == id }.map { (id, name, $0.market) }
        }.sorted { $0.name < $1.name }
        let books = try await context.priceBooks(DemoPriceBooks(partners: partners), products: products)
        let pricing = DemoPricing(books: books, products: products, settings: settings)

        let quotes = try await context.quotes(plan.quotes, pricing: pricing)
        try await context.submitForApproval(plan.quotes, ids: quotes.ids, directory: directory)
        let orders = try await context.orders(plan.orders, quotes: quotes, pricing: pricing)
        let invoices = try await context.invoices(plan.invoices, orderDrafts: plan.orders, orders: orders)
        let payments = try await context.payments(plan.invoices, orderDrafts: plan.orders, invoices: invoices)
        let expenses = try await context.expenses(plan.expenses)
        let quotas = try await context.quotas(users: users, seed: seed)
        return [
            "products": products.count, "pricebooks": books.books.count, "exchangeRates": rates, "quotes": quotes.ids.count,
            "orders": orders.ids.count, "orderLines": orders.lines.reduce(0) { $0 + $1.count }, "invoices": invoices.ids.count,
            "payments": payments, "expenses": expenses, "quotas": quotas,
        ]
    }

    private func saveSettings(tenantId: UUID, by userId: UUID) async throws -> SalesSettings {
        var settings = SalesSettings.defaults
        settings.maxDiscountPercent = 10
        settings.minMarginPercent = 12
        settings.letterhead = "Rapport Demo Trucks & Forklifts · 1 Harbour Road, Dublin · +353 1 555 0100 · sales@demo.rapport.test"
        try await SalesSettingsStore(database: database).save(settings, tenantId: tenantId, by: userId)
        return settings
    }

    /// A rate on the first of each month for two years around the anchor, wandering a few
    /// percent around each market's rate to the dollar (the tenant's base currency).
    private func saveExchangeRates(tenantId: UUID, by userId: UUID) async throws -> Int {
        let anchor = DemoCalendar.date(days: DemoSalesPlan.anchor)
        var inputs: [ExchangeRateStore.Input] = []
        for (offset, market) in DemoMarket.all.enumerated() where market.currency.code != "USD" {
            guard !inputs.contains(where: { $0.currency == market.currency.code }) else { continue }
            for month in -26...2 {
                let total = anchor.year * 12 + anchor.month - 1 + month
                let first = LocalDate(year: total / 12, month: total % 12 + 1, day: 1)!
                let wander = 1 + 0.04 * sin(Double(month) * 0.7 + Double(offset))
                let rate = (Decimal(string: String(format: "%.8f", wander / market.perDollar))!).roundedHalfAwayFromZero(toPlaces: 6)
                inputs.append(.init(currency: market.currency.code, date: first.description, rate: rate))
            }
        }
        return try await ExchangeRateStore(database: database).upsert(inputs, tenantId: tenantId, by: userId).count
    }
}
