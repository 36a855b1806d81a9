import Foundation
import RapportDomain
import Testing
import Vapor

@Suite("Bulk upsert API")
struct BulkAPITests {
    @Test("Good rows are created and bad rows report field errors, without blocking each other")
    func mixedRows() async throws {
        try await APITestContext.with { api in
            // setup
            let body = """
                {"upsertOn": "externalId", "records": [
                  {"externalId": "c-1", "name": "Good One"},
                  {"externalId": "c-2", "name": 42},
                  {"externalId": "c-3", "name": "Good Two", "influence": 9},
                  {"externalId": "c-4", "title": "No name"},
                  {"externalId": "c-1", "name": "Duplicate in request"},
                  {"externalId": "c-5", "name": "Good Three", "emails": ["g3@example.com"]}
                ]}
                """
            // MUT
            let reply = try await api.send(.POST, "/api/v1/contacts/bulk", as: "rep", json: body)
            // validate
            #expect(reply.status == .ok)
            let statuses = reply["data"]?.arrayValue?.compactMap { $0["status"]?.stringValue }
            #expect(statuses == ["created", "error", "error", "error", "error", "created"])
            #expect(reply["meta"]?["created"] == .number("2"))
            let errors = reply["data"]?.arrayValue?[2]["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }
            #expect(errors == ["influence"])
            let list = try await api.send(.GET, "/api/v1/contacts?count=true&sort=name", as: "rep")
            #expect(list["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Good One", "Good Three"])
        }
    }

    @Test("Each row created in bulk is found by a search for its own words, and by no other row's")
    func createdRowsAreSearchable() async throws {
        try await APITestContext.with { api in
            // setup: a clash with a stored externalId sends the request down the row-by-row retry too
            _ = try await api.send(.POST, "/api/v1/contacts/bulk", as: "rep", json: #"{"records": [{"externalId": "s-0", "name": "Stored Zero"}]}"#)
            let names = ["Ardent Quokka", "Брусничный Ёж", "上海 熊猫", "Velvet Marmot"]
            let rows = names.enumerated().map { #"{"externalId": "s-\#($0.offset + 1)", "name": "\#($0.element)"}"# }
            let clash = #"{"externalId": "s-0", "name": "Clash"}"#

            // MUT
            let plain = try await api.send(.POST, "/api/v1/contacts/bulk", as: "rep", json: #"{"records": [\#(rows[0]), \#(rows[1])]}"#)
            let retried = try await api.send(.POST, "/api/v1/contacts/bulk", as: "rep", json: #"{"records": [\#(rows[2]), \#(clash), \#(rows[3])]}"#)

            // validate
            #expect(plain["meta"]?["created"] == .number("2"))
            #expect(retried["data"]?.arrayValue?.compactMap { $0["status"]?.stringValue } == ["created", "error", "created"])
            for (word, name) in [("Quokka", names[0]), ("Ёж", names[1]), ("熊猫", names[2]), ("Marmot", names[3])] {
                let query = word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let found = try await api.send(.GET, "/api/v1/contacts?q=\(query)", as: "rep")
                #expect(found["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == [name], "search for \(word)")
            }
        }
    }

    @Test("Upserting on externalId updates the stored record and bumps its version")
    func upsertUpdates() async throws {
        try await APITestContext.with { api in
            let first = #"{"upsertOn": "externalId", "records": [{"externalId": "acct-7", "name": "Old Name", "tier": "small"}]}"#
            let second = #"{"upsertOn": "externalId", "records": [{"externalId": "acct-7", "name": "New Name"}]}"#
            let created = try await api.send(.POST, "/api/v1/accounts/bulk", json: first)
            let updated = try await api.send(.POST, "/api/v1/accounts/bulk", json: second)
            #expect(created["data"]?.arrayValue?.first?["status"] == .string("created"))
            #expect(updated["data"]?.arrayValue?.first?["status"] == .string("updated"))
            #expect(updated["data"]?.arrayValue?.first?["version"] == .number("2"))
            let id = try #require(updated["data"]?.arrayValue?.first?["id"]?.stringValue)
            let record = try await api.send(.GET, "/api/v1/accounts/\(id)")
            #expect(record["name"] == .string("New Name"))
            #expect(record["tier"] == .string("small"))
        }
    }

    @Test("A rep cannot upsert over another rep's record through its externalId")
    func upsertRespectsScope() async throws {
        try await APITestContext.with { api in
            _ = try await api.send(.POST, "/api/v1/leads/bulk", as: "rep", json: #"{"records": [{"externalId": "L-1", "name": "Mine"}]}"#)
            _ = try await api.send(.POST, "/api/v1/leads/bulk", as: "rep2", json: #"{"records": [{"externalId": "L-2", "name": "Theirs"}]}"#)
            let reply = try await api.send(.POST, "/api/v1/leads/bulk", as: "rep2", json: """
                {"upsertOn": "externalId", "records": [{"externalId": "L-2", "name": "Theirs, renamed"}, {"externalId": "L-1", "name": "Stolen"}]}
                """)
            #expect(reply["data"]?.arrayValue?.map { $0["status"] } == [.string("updated"), .string("error")])
            #expect(reply["data"]?.arrayValue?.last?["errors"]?.arrayValue?.first?["code"] == .string("forbidden"))
            let mine = try await api.send(.GET, "/api/v1/leads?filter%5BexternalId%5D=L-1", as: "rep")
            #expect(mine["data"]?.arrayValue?.first?["name"] == .string("Mine"))
        }
    }

    @Test("More than 10,000 rows, or a read-only user, are refused whole")
    func limits() async throws {
        try await APITestContext.with { api in
            let rows = Array(repeating: #"{"name": "x"}"#, count: 10_001).joined(separator: ",")
            let tooMany = try await api.send(.POST, "/api/v1/contacts/bulk", json: #"{"records": [\#(rows)]}"#)
            #expect(tooMany.status == .unprocessableEntity)
            let readOnly = try await api.send(.POST, "/api/v1/contacts/bulk", as: "readOnly", json: #"{"records": [{"name": "x"}]}"#)
            #expect(readOnly.status == .forbidden)
        }
    }
}

@Suite("Lead conversion API")
struct LeadConversionAPITests {
    @Test("Converting creates an account, a contact and an opportunity, and marks the lead converted")
    func createsRecords() async throws {
        try await APITestContext.with { api in
            let lead = try await api.send(.POST, "/api/v1/leads", as: "rep", json:
                #"{"name": "王芳", "company": "上海汽车销售有限公司", "email": "wang.fang@example.cn", "grade": "A"}"#)
            let id = try #require(lead["id"]?.stringValue)
            let reply = try await api.send(.POST, "/api/v1/leads/\(id)/convert", as: "rep")
            #expect(reply.status == .ok)
            #expect(reply["account"]?["name"] == .string("上海汽车销售有限公司"))
            #expect(reply["contact"]?["emails"] == .array([.string("wang.fang@example.cn")]))
            #expect(reply["contact"]?["accountId"] == reply["account"]?["id"])
            #expect(reply["opportunity"]?["accountId"] == reply["account"]?["id"])
            #expect(reply["lead"]?["status"] == .string("converted"))
            #expect(reply["lead"]?["convertedOpportunityId"] == reply["opportunity"]?["id"])
            #expect(reply["matched"] == .object(JSONObject(["account": .bool(false), "contact": .bool(false)])))
            let again = try await api.send(.POST, "/api/v1/leads/\(id)/convert", as: "rep")
            #expect(again.status == .conflict)
        }
    }

    @Test("Converting matches an existing account by name and contact by e-mail instead of duplicating")
    func matchesExisting() async throws {
        try await APITestContext.with { api in
            let account = try await api.send(.POST, "/api/v1/accounts", as: "rep", json: #"{"name": "ООО Северный Ветер"}"#)
            let contact = try await api.send(.POST, "/api/v1/contacts", as: "rep", json: #"{"name": "Иван Петров", "emails": ["I.Petrov@veter.ru"]}"#)
            let lead = try await api.send(.POST, "/api/v1/leads", as: "rep", json:
                #"{"name": "Иван Петров", "company": "ооо северный ветер", "email": "i.petrov@veter.ru"}"#)
            let id = try #require(lead["id"]?.stringValue)
            let reply = try await api.send(.POST, "/api/v1/leads/\(id)/convert", as: "rep", json: #"{"createOpportunity": false}"#)
            #expect(reply["account"]?["id"] == account["id"])
            #expect(reply["contact"]?["id"] == contact["id"])
            #expect(reply["opportunity"] == .null)
            let accounts = try await api.send(.GET, "/api/v1/accounts?count=true", as: "rep")
            #expect(accounts["meta"]?["total"] == .number("1"))
        }
    }

    @Test("A failing step leaves nothing behind")
    func atomic() async throws {
        try await APITestContext.with { api in
            let lead = try await api.send(.POST, "/api/v1/leads", as: "rep", json: #"{"name": "Li Lei", "company": "Li Lei Trading"}"#)
            let id = try #require(lead["id"]?.stringValue)
            let reply = try await api.send(.POST, "/api/v1/leads/\(id)/convert", as: "rep",
                                           json: #"{"stageId": "00000000-0000-0000-0000-000000000000"}"#)
            #expect(reply.status == .unprocessableEntity)
            let accounts = try await api.send(.GET, "/api/v1/accounts?count=true", as: "rep")
            #expect(accounts["meta"]?["total"] == .number("0"))
            let after = try await api.send(.GET, "/api/v1/leads/\(id)", as: "rep")
            #expect(after["status"] == .string("new"))
        }
    }
}
