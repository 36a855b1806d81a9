import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// Reports pick each amount's exchange rate in SQL (`BaseCurrencySums.rateDay`): these check it
/// against the domain's own lookup where rates change often, on a rate's first day, the day
/// before it, and before any rate.
@Suite("Report exchange-rate days")
struct RateDayTests {
    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    static func deal(_ fixture: TenantFixture, stage: String, amount: String, currency: String, close: String) async throws -> Record {
        let stageId = try await fixture.stage(named: stage)
        let json = JSONObject(["name": .string("\(currency) \(amount) \(close)"), "stageId": .string(stageId.uuidString),
                               "amount": .object(JSONObject(["amount": .string(amount), "currency": .string(currency)])),
                               "expectedCloseDate": .string(close)])
        return try await fixture.create("opportunity", JSONWriter.string(.object(json)), as: fixture.rep)
    }

    @Test("The forecast converts each deal at the rate of its own close date, with a new rate every day")
    func dailyRates() async throws {
        // setup: a EUR rate for each day of February 2026, each different; deals on every third
        // day from the day before the first rate to a week after the last.
        let fixture = try await TenantFixture.make("ratedays")
        let february = LocalDate(iso: "2026-02-01")!.daysSince1970
        _ = try await ExchangeRateStore(database: fixture.database).upsert((0..<28).map { offset in
            .init(currency: "EUR", date: LocalDate(daysSince1970: february + offset).description, rate: Self.decimal("1.\(100 + offset)"))
        }, tenantId: fixture.tenant.id, by: fixture.admin.userId)
        let rates = try await ExchangeRateStore(database: fixture.database).exchangeRates(tenantId: fixture.tenant.id)
        var expected: Decimal = 0
        var missing: Decimal = 0
        for offset in stride(from: -1, through: 34, by: 3) {
            let close = LocalDate(daysSince1970: february + offset)
            let amount = "\(1000 + offset).37"
            _ = try await Self.deal(fixture, stage: "Proposal", amount: amount, currency: "EUR", close: close.description)
            if let converted = try? rates.inBaseCurrency(Money(amount: Self.decimal(amount), currency: CurrencyCode("EUR")!), on: close) {
                expected += converted.amount
            } else {
                missing += Self.decimal(amount)
            }
        }
        _ = try await Self.deal(fixture, stage: "Proposal", amount: "50", currency: "USD", close: "2026-02-10")
        // MUT
        let result = try await ForecastReport(database: fixture.database).run(
            principal: fixture.admin, filter: .init(from: LocalDate(iso: "2026-01-15")!, to: LocalDate(iso: "2026-03-31")!))
        // validate
        #expect(missing == Self.decimal("999.37"), "only the deal of 2026-01-31 precedes every rate")
        #expect(result.total.pipeline + result.total.bestCase + result.total.commit == expected + 50)
        #expect(result.missingRates == ["EUR": missing])
        #expect(result.total.openDeals == 12, "the deal without a rate is left out of the figures, not guessed")
    }

    @Test("Win/loss converts a won deal at the rate of the day it closed, not the day before or after")
    func closingDayRate() async throws {
        // setup
        let fixture = try await TenantFixture.make("ratedays")
        let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
        _ = try await ExchangeRateStore(database: fixture.database).upsert([
            .init(currency: "EUR", date: LocalDate(daysSince1970: today.daysSince1970 - 1).description, rate: Self.decimal("2")),
            .init(currency: "EUR", date: today.description, rate: Self.decimal("3")),
            .init(currency: "EUR", date: LocalDate(daysSince1970: today.daysSince1970 + 1).description, rate: Self.decimal("5")),
        ], tenantId: fixture.tenant.id, by: fixture.admin.userId)
        _ = try await Self.deal(fixture, stage: "Won", amount: "100.25", currency: "EUR", close: today.description)
        _ = try await Self.deal(fixture, stage: "Won", amount: "40", currency: "GBP", close: today.description)
        _ = try await Self.deal(fixture, stage: "Won", amount: "7", currency: "USD", close: today.description)
        // MUT
        let result = try await WinLossReport(database: fixture.database).run(
            principal: fixture.admin, dimension: .owner,
            filter: .init(from: Date().addingTimeInterval(-30 * 86_400), to: Date().addingTimeInterval(86_400)))
        // validate: 100.25 EUR × 3 + 7 USD; the pound has no rate and is set aside.
        #expect(result.total.won == 3)
        #expect(result.total.wonAmount == Self.decimal("307.75"))
        #expect(result.rows.map(\.wonAmount) == [Self.decimal("307.75")])
        #expect(result.missingRates == ["GBP": 40])
    }
}
