import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Quote API", .serialized)
struct QuoteAPITests {
    @Test("PUT lines prices from the price book and answers the lines and the totals; a wrong client total is a 422 naming both")
    func lines() async throws {
        try await APITestContext.with { context in
            let setup = try await context.quoteSetup()
            let path = "/api/v1/quotes/\(setup.quote.id.lowercaseString)/lines"
            let wrong = try await context.send(.PUT, path, as: "rep", json: """
                {"lines": [{"productId": "\(setup.laptop)", "quantity": 12, "discountPercent": "5"}], "total": "11000"}
                """)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(wrong.errorFields == ["total"] && wrong.errorCodes == ["total_mismatch"])
            #expect(wrong.text.contains("11621.16"))

            let saved = try await context.send(.PUT, path, as: "rep", json: """
                {"lines": [{"productId": "\(setup.laptop)", "quantity": 12, "discountPercent": "5"}], "total": 11621.16}
                """)
            #expect(saved.status == .ok)
            #expect(saved["lines"]?.arrayValue?.first?["unitPrice"] == .string("849.5"))
            #expect(saved["lines"]?.arrayValue?.first?["net"] == .string("9684.30"))
            #expect(saved["quote"]?["total"]?["amount"] == .string("11621.16"))
            #expect(saved.headers.first(name: .eTag) == "\"2\"")

            let unknown = try await context.send(.PUT, path, as: "rep", json: #"{"lines": [{"quantity": "x", "colour": "red"}]}"#)
            #expect(unknown.status == .unprocessableEntity)
            #expect(Set(unknown.errorFields) == ["lines[0].colour", "lines[0].quantity"])
        }
    }

    @Test("The quote moves submit → approve → send → accept through the API; another tenant's admin gets 404 for each")
    func moves() async throws {
        try await APITestContext.with { context in
            let setup = try await context.quoteSetup(discountLimit: 10)
            let base = "/api/v1/quotes/\(setup.quote.id.lowercaseString)"
            _ = try await context.send(.PUT, base + "/lines", as: "rep", json: """
                {"lines": [{"productId": "\(setup.laptop)", "quantity": 1, "discountPercent": 20}]}
                """)
            let submitted = try await context.send(.POST, base + "/submit", as: "rep")
            #expect(submitted["status"] == .string("submitted"))
            #expect(submitted["approverId"] == .string(context.fixture.manager.userId.lowercaseString))
            let byRep = try await context.send(.POST, base + "/approve", as: "rep", json: #"{"comment": "mine"}"#)
            #expect(byRep.status == .forbidden)
            let early = try await context.send(.POST, base + "/accept", as: "rep")
            #expect(early.status == .conflict && early["code"] == .string("invalid_transition"))
            let approved = try await context.send(.POST, base + "/approve", as: "manager", json: #"{"comment": "Key account"}"#)
            #expect(approved["status"] == .string("approved") && approved["decisionComment"] == .string("Key account"))
            #expect(try await context.send(.POST, base + "/send", as: "rep")["status"] == .string("sent"))
            #expect(try await context.send(.POST, base + "/accept", as: "rep")["status"] == .string("accepted"))
            let revised = try await context.send(.POST, base + "/revise", as: "rep")
            #expect(revised.status == .created && revised["revision"] == .int(2) && revised["number"] == setup.quote.json["number"])

            let stranger = try await TenantFixture.make("stranger", database: context.fixture.database)
            let token = TokenAuthenticator.newToken()
            let user = try #require(try await Directory(database: context.fixture.database).user(id: stranger.admin.userId))
            _ = try await TokenStore(database: context.fixture.database).insert(
                tokenHash: token.hash, prefix: token.prefix, kind: .apiKey, name: "t", user: user, expiresAt: nil)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token.token)
            for (method, suffix) in [(HTTPMethod.GET, "/lines"), (.POST, "/revise"), (.POST, "/submit"), (.PUT, "/lines")] {
                let reply = try await context.send(method, base + suffix, as: nil, json: method == .PUT ? #"{"lines": []}"# : nil, headers: headers)
                #expect(reply.status == .notFound, "\(method) \(suffix)")
            }
        }
    }

    @Test("GET /prices answers the volume tier of the most specific book; sales settings are changed by admins only and audited")
    func pricesAndSettings() async throws {
        try await APITestContext.with { context in
            let setup = try await context.quoteSetup()
            let price = try await context.send(.GET, "/api/v1/prices?currency=EUR&productId=\(setup.laptop)&quantity=10", as: "rep")
            #expect(price["unitPrice"]?["amount"] == .string("849.5") && price["minQuantity"] == .string("10"))
            let none = try await context.send(.GET, "/api/v1/prices?currency=USD&productId=\(setup.laptop)&quantity=1", as: "rep")
            #expect(none.status == .notFound && none["code"] == .string("no_price"))

            let byRep = try await context.send(.PATCH, "/api/v1/settings/sales", as: "rep", json: #"{"maxDiscountPercent": 15}"#)
            #expect(byRep.status == .forbidden)
            let bad = try await context.send(.PATCH, "/api/v1/settings/sales", as: "admin", json: #"{"taxRates": {"standard": 120}, "x": 1}"#)
            #expect(bad.status == .unprocessableEntity && Set(bad.errorFields) == ["taxRates.standard", "x"])
            let changed = try await context.send(.PATCH, "/api/v1/settings/sales", as: "admin", json: #"{"maxDiscountPercent": 15, "taxRates": {"standard": "19"}}"#)
            #expect(changed["maxDiscountPercent"] == .number("15") && changed["taxRates"]?["standard"] == .number("19"))
            #expect(try await context.send(.GET, "/api/v1/settings/sales", as: "rep")["maxDiscountPercent"] == .number("15"))
            let audit = try await AuditLog(database: context.fixture.database).entries(recordId: context.fixture.tenant.id, tenantId: context.fixture.tenant.id)
            #expect(audit.first?.changes["taxRates"]?["new"]?["standard"] == .number("19"))
        }
    }
}

@Suite("Sales input limits", .serialized)
struct SalesInputLimitTests {
    @Test("NUL in a line description, a decision comment or the letterhead, and a price too large to store, are field errors, not 500s")
    func limits() async throws {
        try await APITestContext.with { context in
            let setup = try await context.quoteSetup(discountLimit: 1)
            let base = "/api/v1/quotes/\(setup.quote.id.lowercaseString)"
            let line = try await context.send(.PUT, base + "/lines", as: "rep", json: #"{"lines": [{"description": "a\u0000b", "quantity": 1, "unitPrice": 5}]}"#)
            #expect(line.status == .unprocessableEntity && line.errorCodes == ["invalid_character"])
            _ = try await context.send(.PUT, base + "/lines", as: "rep", json: #"{"lines": [{"productId": "\#(setup.laptop)", "quantity": 1, "discountPercent": 5}]}"#)
            #expect(try await context.send(.POST, base + "/submit", as: "rep")["status"] == .string("submitted"))
            let comment = try await context.send(.POST, base + "/reject", as: "manager", json: #"{"comment": "no\u0000"}"#)
            #expect(comment.status == .unprocessableEntity && comment.errorFields == ["comment"])
            let letterhead = try await context.send(.PATCH, "/api/v1/settings/sales", as: "admin", json: #"{"letterhead": "ACME\u0000"}"#)
            #expect(letterhead.status == .unprocessableEntity && letterhead.errorFields == ["letterhead"])
            let huge = try await context.send(.PUT, "/api/v1/pricebooks/\(setup.book.lowercaseString)/entries", as: "admin",
                                              json: #"{"entries": [{"productId": "\#(setup.laptop)", "unitPrice": "99999999999999999999999"}, {"productId": "\#(setup.laptop)", "minQuantity": "2.00001", "unitPrice": "1"}]}"#)
            #expect(huge.status == .unprocessableEntity && Set(huge.errorFields) == ["entries[0].unitPrice", "entries[1].minQuantity"])
            let entries = try await context.fixture.store.priceBookEntries(pricebookId: setup.book, principal: context.fixture.admin).entries
            #expect(entries.count == 2, "the book keeps its two tiers")
        }
    }
}
