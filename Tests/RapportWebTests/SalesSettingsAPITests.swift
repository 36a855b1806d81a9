import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// The sales settings and exchange rates: through the API (administrators change them, everyone
/// reads them) and on the settings page in every language.
@Suite("Sales settings and exchange rates", .serialized)
struct SalesSettingsAPITests {
    @Test("An admin's PATCH of the sales settings changes what GET answers and is audited; a rep's is refused")
    func salesSettings() async throws {
        try await APITestContext.with { context in
            // setup
            let tenant = context.fixture.tenant.id
            let approver = context.fixture.manager.userId.lowercaseString
            // MUT
            let patched = try await context.send(.PATCH, "/api/v1/settings/sales", json: """
                {"maxDiscountPercent": "12.5", "approverId": "\(approver)", "quoteValidityDays": 14, "taxRates": {"reduced": 7}}
                """)
            let byRep = try await context.send(.PATCH, "/api/v1/settings/sales", as: "rep", json: #"{"paymentTermsDays": 1}"#)
            // validate
            #expect(patched.status == .ok)
            let read = try await context.send(.GET, "/api/v1/settings/sales", as: "rep")
            #expect(read.status == .ok)
            #expect(read["maxDiscountPercent"] == .number("12.5") && read["approverId"]?.stringValue == approver)
            #expect(read["quoteValidityDays"] == .int(14) && read["paymentTermsDays"] == .int(30))
            #expect(read["taxRates"]?["reduced"] == .number("7") && read["taxRates"]?["standard"] == .number("20"))
            #expect(byRep.status == .forbidden)
            let audit = try await AuditLog(database: context.fixture.database).entries(recordId: tenant, tenantId: tenant)
            let entry = try #require(audit.first { $0.entity == "settings" })
            #expect(entry.actorId == context.fixture.admin.userId)
            #expect(entry.changes["quoteValidityDays"]?["new"] == .int(14))
            #expect(entry.changes["paymentTermsDays"] == nil)
        }
    }

    @Test("Exchange rates round trip: PUT, GET newest first, convert at the rate of the date, DELETE; only admins change them")
    func exchangeRates() async throws {
        try await APITestContext.with { context in
            // setup
            let body = """
                {"rates": [{"currency": "EUR", "date": "2024-01-01", "rate": "1.10"}, {"currency": "EUR", "date": "2024-02-01", "rate": 1.08},
                           {"currency": "JPY", "date": "2024-01-01", "rate": "0.0062"}]}
                """
            // MUT
            let put = try await context.send(.PUT, "/api/v1/exchange-rates", json: body)
            let byManager = try await context.send(.PUT, "/api/v1/exchange-rates", as: "manager", json: body)
            // validate
            #expect(put.status == .ok)
            #expect(put["baseCurrency"]?.stringValue == "USD" && put["data"]?.arrayValue?.count == 3)
            #expect(byManager.status == .forbidden)
            let list = try await context.send(.GET, "/api/v1/exchange-rates", as: "rep")
            #expect(list["data"]?.arrayValue?.map { "\($0["currency"]?.stringValue ?? "") \($0["date"]?.stringValue ?? "") \($0["rate"]?.stringValue ?? "")" }
                == ["EUR 2024-02-01 1.08", "EUR 2024-01-01 1.1", "JPY 2024-01-01 0.0062"])
            #expect(try await context.send(.GET, "/api/v1/exchange-rates?currency=JPY&limit=5", as: "rep")["data"]?.arrayValue?.count == 1)
            let converted = try await context.send(.GET, "/api/v1/exchange-rates/convert?amount=100&currency=EUR&date=2024-02-15", as: "rep")
            #expect(converted.status == .ok)
            #expect(converted["baseAmount"]?["amount"]?.stringValue == "108.00" && converted["baseAmount"]?["currency"]?.stringValue == "USD")
            #expect(converted["rate"]?["date"]?.stringValue == "2024-02-01")
            let early = try await context.send(.GET, "/api/v1/exchange-rates/convert?amount=100&currency=EUR&date=2023-12-31", as: "rep")
            #expect(early.status == .notFound && early["code"]?.stringValue == "no_exchange_rate")
            #expect(early["detail"]?.stringValue?.contains("No exchange rate from EUR to USD on or before 2023-12-31.") == true)
            #expect(try await context.send(.DELETE, "/api/v1/exchange-rates/EUR/2024-02-01", as: "rep").status == .forbidden)
            #expect(try await context.send(.DELETE, "/api/v1/exchange-rates/EUR/2024-02-01").status == .noContent)
            #expect(try await context.send(.DELETE, "/api/v1/exchange-rates/EUR/2024-02-01").status == .notFound)
            let after = try await context.send(.GET, "/api/v1/exchange-rates/convert?amount=100&currency=EUR&date=2024-02-15", as: "rep")
            #expect(after["baseAmount"]?["amount"]?.stringValue == "110.00")
        }
    }

    @Test("Bad rates are refused with 422 and a field error for each, named by its index; nothing is stored")
    func badRates() async throws {
        try await APITestContext.with { context in
            // MUT
            let refused = try await context.send(.PUT, "/api/v1/exchange-rates", json: """
                {"rates": [{"currency": "EUR", "date": "2024-01-01", "rate": "1.1"}, {"currency": "ABC", "date": "2024-13-01", "rate": "-1"},
                           {"currency": "USD", "date": "2024-01-01", "rate": "1.123456789"}]}
                """)
            let malformed = try await context.send(.PUT, "/api/v1/exchange-rates", json: #"{"rates": [{"currency": "EUR", "when": "2024-01-01"}]}"#)
            let badQuery = try await context.send(.GET, "/api/v1/exchange-rates/convert?amount=1e3&currency=EURO&date=yesterday")
            // validate
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.errorFields == ["rates[1].currency", "rates[1].date", "rates[1].rate", "rates[2].currency", "rates[2].rate"])
            #expect(refused.errorCodes == ["invalid_currency", "invalid_date", "out_of_range", "invalid_currency", "too_many_decimals"])
            #expect(malformed.status == .unprocessableEntity)
            #expect(Set(malformed.errorFields) == ["rates[0].when", "rates[0].date", "rates[0].rate"])
            #expect(badQuery.status == .unprocessableEntity && badQuery.errorFields == ["amount", "currency", "date"])
            #expect(try await context.send(.GET, "/api/v1/exchange-rates")["data"]?.arrayValue?.isEmpty == true)
            // A path that names no currency or date is simply no rate, on either database (PostgreSQL refuses NUL in text).
            #expect(try await context.send(.DELETE, "/api/v1/exchange-rates/EUR/2024%00-01").status == .notFound)
            #expect(try await context.send(.DELETE, "/api/v1/exchange-rates/EURO/2024-01-01").status == .notFound)
        }
    }

    @Test("Another tenant's rates are neither listed, nor used, nor deleted")
    func isolation() async throws {
        try await APITestContext.with { context in
            // setup
            let other = try await TenantFixture.make("other", database: context.fixture.database)
            try await ExchangeRateStore(database: other.database).upsert(
                [ExchangeRateStore.Input(currency: "EUR", date: "2024-01-01", rate: Decimal.exact("1.1")!)], tenantId: other.tenant.id, by: other.admin.userId)
            // MUT
            let list = try await context.send(.GET, "/api/v1/exchange-rates")
            let converted = try await context.send(.GET, "/api/v1/exchange-rates/convert?amount=1&currency=EUR&date=2024-06-01")
            let deleted = try await context.send(.DELETE, "/api/v1/exchange-rates/EUR/2024-01-01")
            // validate
            #expect(list["data"]?.arrayValue?.isEmpty == true)
            #expect(converted.status == .notFound)
            #expect(deleted.status == .notFound)
            #expect(try await ExchangeRateStore(database: other.database).rates(tenantId: other.tenant.id).count == 1)
        }
    }

    @Test("The settings page shows the sales rules and exchange rates to an admin in each language, without raw keys",
          arguments: [("en", Language.english), ("zh-CN", Language.chinese), ("ru", Language.russian)])
    func settingsPage(locale: String, language: Language) async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            try await ExchangeRateStore(database: fixture.database).upsert(
                [ExchangeRateStore.Input(currency: "EUR", date: "2024-01-01", rate: Decimal.exact("1.1")!)], tenantId: fixture.tenant.id, by: fixture.admin.userId)
            let text = Catalogue(language)
            // MUT
            let page = try await context.page("/settings", language: locale)
            // validate
            #expect(page.status == .ok)
            for key in ["salesRules.title", "salesRules.approverId", "rates.title", "rates.save"] {
                #expect(page.text.contains(HTML.escape(text[key])), "\(key)")
            }
            #expect(page.text.contains(HTML.escape(text.format("rates.base", ["currency": "USD"]))))
            #expect(page.text.contains("action=\"/settings/exchange-rates/EUR/2024-01-01/delete\""))
            #expect(!page.text.contains("[[") && !page.text.contains("{currency}"))
        }
    }

    @Test("The settings page's forms save the sales rules and add, refuse and delete a rate")
    func settingsForms() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let token = try await context.csrf()
            var rules: [(String, String)] = [("_csrf", token), ("maxDiscountPercent", "15"), ("minMarginPercent", ""),
                                             ("approverId", fixture.manager.userId.lowercaseString), ("quoteValidityDays", "45"),
                                             ("paymentTermsDays", "14"), ("letterhead", "Acme Ltd\nHarbour Road 1")]
            rules += EntityDefinition.taxCategories.map { ("taxRate.\($0)", $0 == "standard" ? "19" : "0") }
            // MUT
            let saved = try await context.post("/settings/sales", form: rules)
            let refusedRules = try await context.post("/settings/sales", form: rules.map { $0.0 == "quoteValidityDays" ? ($0.0, "9999") : $0 })
            let added = try await context.post("/settings/exchange-rates", form: [("_csrf", token), ("currency", "EUR"), ("date", "2024-01-01"), ("rate", "1.1")])
            let refusedRate = try await context.post("/settings/exchange-rates", form: [("_csrf", token), ("currency", "USD"), ("date", "2024-01-01"), ("rate", "1")])
            let byManager = try await context.post("/settings/exchange-rates", form: [("_csrf", try await context.csrf(as: "manager")), ("currency", "EUR"),
                                                                                      ("date", "2024-03-01"), ("rate", "1")], as: "manager")
            // validate
            #expect(saved.status == .seeOther)
            let stored = try await SalesSettingsStore(database: fixture.database).settings(tenantId: fixture.tenant.id)
            #expect(stored.maxDiscountPercent == 15 && stored.minMarginPercent == nil && stored.approverId == fixture.manager.userId)
            #expect(stored.quoteValidityDays == 45 && stored.paymentTermsDays == 14 && stored.letterhead == "Acme Ltd\nHarbour Road 1")
            #expect(stored.taxRates["standard"] == 19)
            #expect(refusedRules.status == .unprocessableEntity)
            #expect(refusedRules.text.contains("value=\"9999\"") && refusedRules.text.contains("id=\"error-sales-quoteValidityDays\""))
            #expect(added.status == .seeOther)
            #expect(refusedRate.status == .unprocessableEntity && refusedRate.text.contains("id=\"error-rate-currency\""))
            #expect(byManager.status == .forbidden)
            let rates = ExchangeRateStore(database: fixture.database)
            #expect(try await rates.rates(tenantId: fixture.tenant.id).map(\.rate) == [Decimal.exact("1.1")!])
            let deleted = try await context.post("/settings/exchange-rates/EUR/2024-01-01/delete", form: [("_csrf", token)])
            #expect(deleted.status == .seeOther)
            #expect(try await rates.rates(tenantId: fixture.tenant.id).isEmpty)
        }
    }
}
