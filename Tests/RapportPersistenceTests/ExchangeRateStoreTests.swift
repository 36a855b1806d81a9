import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// A tenant's exchange rates into its base currency (USD for the fixture): stored all or none,
/// audited, listed newest first, and used at the rate of each amount's own date.
@Suite("Exchange rates")
struct ExchangeRateStoreTests {
    static func input(_ currency: String, _ date: String, _ rate: String) -> ExchangeRateStore.Input {
        ExchangeRateStore.Input(currency: currency, date: date, rate: Decimal.exact(rate)!)
    }

    static func money(_ amount: String, _ currency: String) -> Money {
        Money(amount: Decimal.exact(amount)!, currency: CurrencyCode(currency)!)
    }

    @Test("An upsert stores new rates, replaces one of the same currency and date, and audits only what changed")
    func upsert() async throws {
        // setup
        let fixture = try await TenantFixture.make("rates")
        let store = ExchangeRateStore(database: fixture.database)
        let tenant = fixture.tenant.id, admin = fixture.admin.userId
        try await store.upsert([Self.input("EUR", "2024-01-01", "1.10"), Self.input("JPY", "2024-01-01", "0.0068")], tenantId: tenant, by: admin)
        // MUT
        try await store.upsert([Self.input("EUR", "2024-01-01", "1.09"), Self.input("EUR", "2024-02-01", "1.08"),
                                Self.input("JPY", "2024-01-01", "0.0068")], tenantId: tenant, by: admin)
        // validate
        let rates = try await store.rates(tenantId: tenant)
        #expect(rates.map { "\($0.currency) \($0.date) \($0.rate.plainString)" } == ["EUR 2024-02-01 1.08", "EUR 2024-01-01 1.09", "JPY 2024-01-01 0.0068"])
        #expect(try await store.rates(tenantId: tenant, currency: CurrencyCode("JPY")).count == 1)
        #expect(try await store.rates(tenantId: tenant, limit: 1).count == 1)
        let audit = try await AuditLog(database: fixture.database).entries(recordId: tenant, tenantId: tenant)
        #expect(audit.count == 2)
        #expect(audit.allSatisfy { $0.entity == "exchangeRate" && $0.action == "update" && $0.actorId == admin })
        let latest = try #require(audit.first?.changes.objectValue)
        #expect(latest.keys.sorted() == ["EUR 2024-01-01", "EUR 2024-02-01"])
        #expect(latest["EUR 2024-01-01"]?["old"] == .decimal(Decimal.exact("1.1")!))
        #expect(latest["EUR 2024-02-01"]?["old"] == .null)
    }

    @Test("Every bad rate of a batch is named by its index, and nothing of the batch is stored")
    func validation() async throws {
        // setup
        let fixture = try await TenantFixture.make("rates")
        let store = ExchangeRateStore(database: fixture.database)
        // MUT
        let batch = [
            Self.input("EUR", "2024-01-01", "1.1"), Self.input("XXX", "2024-01-01", "1"), Self.input("USD", "2024-01-01", "1"),
            Self.input("GBP", "2024-02-30", "1.3"), Self.input("GBP", "2024-03-01", "0"), Self.input("GBP", "2024-03-02", "1.123456789"),
            Self.input("GBP", "2024-03-03", "2000000000"), Self.input("EUR", "2024-01-01", "1.2"),
        ]
        let error = await #expect(throws: StoreError.self) {
            try await store.upsert(batch, tenantId: fixture.tenant.id, by: fixture.admin.userId)
        }
        // validate
        guard case .validation(let errors) = error else { Issue.record("expected field errors, got \(String(describing: error))"); return }
        #expect(errors.map { "\($0.field) \($0.code)" } == [
            "rates[1].currency invalid_currency", "rates[2].currency invalid_currency", "rates[3].date invalid_date",
            "rates[4].rate out_of_range", "rates[5].rate too_many_decimals", "rates[6].rate out_of_range", "rates[7] duplicate_in_request",
        ])
        #expect(try await store.rates(tenantId: fixture.tenant.id).isEmpty)
        #expect(try await AuditLog(database: fixture.database).entries(recordId: fixture.tenant.id, tenantId: fixture.tenant.id).isEmpty)
    }

    @Test("An amount converts at the latest rate dated on or before its date, rounded to the base currency's cents")
    func conversion() async throws {
        // setup
        let fixture = try await TenantFixture.make("rates")
        let store = ExchangeRateStore(database: fixture.database)
        let tenant = fixture.tenant.id
        try await store.upsert([Self.input("EUR", "2024-01-01", "1.10"), Self.input("EUR", "2024-02-01", "1.08"),
                                Self.input("JPY", "2024-01-01", "0.0062")], tenantId: tenant, by: fixture.admin.userId)
        func converted(_ amount: String, _ currency: String, on date: String) async throws -> String {
            try await store.convert(Self.money(amount, currency), on: LocalDate(iso: date)!, tenantId: tenant).amount.amountText
        }
        // MUT / validate
        #expect(try await converted("100", "EUR", on: "2024-02-01") == "108.00")
        #expect(try await converted("100", "EUR", on: "2024-02-15") == "108.00")
        #expect(try await converted("100", "EUR", on: "2024-01-31") == "110.00")
        #expect(try await converted("12345", "JPY", on: "2024-06-01") == "76.54")
        let same = try await store.convert(Self.money("42.5", "USD"), on: LocalDate(iso: "2020-01-01")!, tenantId: tenant)
        #expect(same.amount == Self.money("42.5", "USD") && same.rate == nil)
        await #expect(throws: MissingExchangeRate.self) { try await converted("100", "EUR", on: "2023-12-31") }
        let all = try await store.exchangeRates(tenantId: tenant)
        #expect(all.base.code == "USD")
        #expect(all.rate(for: CurrencyCode("EUR")!, on: LocalDate(iso: "2024-03-01")!) == Decimal.exact("1.08"))
    }

    @Test("A deleted rate is gone and audited; deleting one that is not there is not found")
    func delete() async throws {
        // setup
        let fixture = try await TenantFixture.make("rates")
        let store = ExchangeRateStore(database: fixture.database)
        let tenant = fixture.tenant.id
        try await store.upsert([Self.input("EUR", "2024-01-01", "1.10")], tenantId: tenant, by: fixture.admin.userId)
        // MUT
        try await store.delete(currency: "EUR", date: "2024-01-01", tenantId: tenant, by: fixture.admin.userId)
        // validate
        #expect(try await store.rates(tenantId: tenant).isEmpty)
        let audit = try await AuditLog(database: fixture.database).entries(recordId: tenant, tenantId: tenant)
        #expect(audit.first?.action == "delete")
        await #expect(throws: StoreError.self) { try await store.delete(currency: "EUR", date: "2024-01-01", tenantId: tenant, by: fixture.admin.userId) }
    }

    @Test("One tenant's rates are not another's")
    func isolation() async throws {
        // setup
        let first = try await TenantFixture.make("rates")
        let second = try await TenantFixture.make("rates", database: first.database)
        let store = ExchangeRateStore(database: first.database)
        try await store.upsert([Self.input("EUR", "2024-01-01", "1.10")], tenantId: first.tenant.id, by: first.admin.userId)
        // MUT / validate
        #expect(try await store.rates(tenantId: second.tenant.id).isEmpty)
        await #expect(throws: MissingExchangeRate.self) {
            try await store.convert(Self.money("1", "EUR"), on: LocalDate(iso: "2024-06-01")!, tenantId: second.tenant.id)
        }
        await #expect(throws: StoreError.self) {
            try await store.delete(currency: "EUR", date: "2024-01-01", tenantId: second.tenant.id, by: second.admin.userId)
        }
        #expect(try await store.rates(tenantId: first.tenant.id).count == 1)
    }
}
