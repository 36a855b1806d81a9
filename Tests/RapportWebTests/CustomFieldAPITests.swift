import Foundation
import RapportDomain
import Testing
import Vapor

@Suite("Custom fields API")
struct CustomFieldAPITests {
    @Test("A new field is validated, stored, filtered, sorted, searched and documented at once")
    func everywhereAtOnce() async throws {
        try await APITestContext.with { api in
            // setup
            let region = try await api.send(.POST, "/api/v1/custom-fields", json:
                #"{"entity": "account", "key": "region", "label": "Region", "type": "choice", "choices": ["EMEA", "APAC", "Americas"]}"#)
            let revenue = try await api.send(.POST, "/api/v1/custom-fields", json:
                #"{"entity": "account", "key": "revenue", "label": "Annual revenue", "type": "money"}"#)
            let nickname = try await api.send(.POST, "/api/v1/custom-fields", json:
                #"{"entity": "account", "key": "nickname", "label": "Nickname", "type": "text"}"#)
            #expect([region.status, revenue.status, nickname.status] == [.created, .created, .created])
            // MUT
            for (name, place, amount, nick) in [("A", "EMEA", "500000.00", "Alpha"), ("B", "APAC", "1500000.00", "Бета"), ("C", "EMEA", "90000.00", "Gamma")] {
                let reply = try await api.send(.POST, "/api/v1/accounts", json:
                    #"{"name": "\#(name)", "custom": {"region": "\#(place)", "revenue": {"amount": "\#(amount)", "currency": "EUR"}, "nickname": "\#(nick)"}}"#)
                #expect(reply.status == .created)
            }
            let bad = try await api.send(.POST, "/api/v1/accounts", json: #"{"name": "D", "custom": {"region": "Mars"}}"#)
            let filtered = try await api.send(.GET, "/api/v1/accounts?filter%5Bcustom.region%5D=EMEA&sort=-custom.revenue")
            let greater = try await api.send(.GET, "/api/v1/accounts?filter%5Bcustom.revenue%5D%5Bgt%5D=100000")
            let searched = try await api.send(.GET, "/api/v1/accounts?q=%D0%B1%D0%B5%D1%82%D0%B0")
            let document = try await api.send(.GET, "/api/v1/openapi.json")
            let anonymousDocument = try await api.send(.GET, "/api/v1/openapi.json", as: nil)
            // validate
            #expect(bad.errorFields == ["custom.region"])
            #expect(filtered["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["A", "C"])
            #expect(filtered["data"]?.arrayValue?.first?["custom"]?["revenue"]?["amount"] == .string("500000.00"))
            #expect(greater["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.sorted() == ["A", "B"])
            #expect(searched["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["B"])
            let accountCustom = document["components"]?["schemas"]?["AccountInput"]?["properties"]?["custom"]?["properties"]
            #expect(accountCustom?["region"]?["enum"] == .array([.string("EMEA"), .string("APAC"), .string("Americas"), .null]))
            #expect(anonymousDocument["components"]?["schemas"]?["AccountInput"]?["properties"]?["custom"]?["properties"]?["region"] == nil)
        }
    }

    @Test("Only administrators add fields; keys are unique per entity")
    func rules() async throws {
        try await APITestContext.with { api in
            let byRep = try await api.send(.POST, "/api/v1/custom-fields", as: "rep", json: #"{"entity": "lead", "key": "budget", "label": "Budget", "type": "number"}"#)
            #expect(byRep.status == .forbidden)
            let first = try await api.send(.POST, "/api/v1/custom-fields", json: #"{"entity": "lead", "key": "budget", "label": "Budget", "type": "number"}"#)
            let again = try await api.send(.POST, "/api/v1/custom-fields", json: #"{"entity": "lead", "key": "budget", "label": "Budget", "type": "number"}"#)
            let badType = try await api.send(.POST, "/api/v1/custom-fields", json: #"{"entity": "lead", "key": "x", "label": "X", "type": "blob"}"#)
            #expect(first.status == .created)
            #expect(again.status == .conflict)
            #expect(badType.errorFields == ["type"])
        }
    }
}
