import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Expense API")
struct ExpenseAPITests {
    @Test("POST /expenses makes a submitted expense; the owner gets 403 on approve, the manager 422 on a reject without comment, then 200")
    func decide() async throws {
        try await APITestContext.with { api in
            // setup
            let account = try await api.fixture.create("account", #"{"name": "Acme"}"#, as: api.fixture.rep)
            let created = try await api.send(.POST, "/api/v1/expenses", as: "rep", json: """
                {"name": "Train", "category": "travel", "amount": {"amount": "84.20", "currency": "USD"}, "spentOn": "2026-02-03", "accountId": "\(account.id)"}
                """)
            let id = try #require(created["id"]?.stringValue)
            // MUT
            let byOwner = try await api.send(.POST, "/api/v1/expenses/\(id)/approve", as: "rep")
            let byStranger = try await api.send(.POST, "/api/v1/expenses/\(id)/approve", as: "rep2")
            let bare = try await api.send(.POST, "/api/v1/expenses/\(id)/reject", as: "manager", json: "{}")
            let unknown = try await api.send(.POST, "/api/v1/expenses/\(id)/reject", as: "manager", json: #"{"why": "x"}"#)
            let approved = try await api.send(.POST, "/api/v1/expenses/\(id)/approve", as: "manager", json: #"{"comment": "OK"}"#)
            let changed = try await api.send(.PATCH, "/api/v1/expenses/\(id)", as: "rep", json: #"{"note": "late"}"#)
            // validate
            #expect(created.status == .created && created["status"] == .string("submitted"))
            #expect(byOwner.status == .forbidden)
            #expect(byStranger.status == .notFound)
            #expect(bare.status == .unprocessableEntity && bare.errorCodes == ["required"])
            #expect(unknown.status == .unprocessableEntity && unknown.errorCodes == ["unknown_field"])
            #expect(approved.status == .ok && approved["status"] == .string("approved") && approved["decisionComment"] == .string("OK"))
            #expect(changed.status == .unprocessableEntity && changed.errorCodes == ["expense_locked"])
        }
    }

    @Test("GET /opportunities/{id}/cost-of-sale sums the approved expenses in the base currency; 404 for who cannot see the deal")
    func costOfSale() async throws {
        try await APITestContext.with { api in
            // setup
            let fixture = api.fixture
            let deal = try await fixture.create("opportunity", """
                {"name": "Won deal", "stageId": "\(try await fixture.stage(named: "Won"))", "amount": {"amount": "1000", "currency": "USD"}}
                """, as: fixture.rep)
            for amount in ["10.10", "20.20"] {
                let expense = try await fixture.create("expense", """
                    {"name": "Lunch", "amount": {"amount": "\(amount)", "currency": "USD"}, "spentOn": "2026-02-03", "opportunityId": "\(deal.id)"}
                    """, as: fixture.rep)
                _ = try await fixture.store.decideExpense(id: expense.id, .approve, comment: nil, expectedVersion: nil, principal: fixture.manager)
            }
            let path = "/api/v1/opportunities/\(deal.id.lowercaseString)/cost-of-sale"
            // MUT
            let reply = try await api.send(.GET, path, as: "rep")
            let hidden = try await api.send(.GET, path, as: "rep2")
            let page = try await api.page("/opportunities/\(deal.id.lowercaseString)", as: "rep")
            // validate
            #expect(reply.status == .ok)
            #expect(reply["costOfSale"]?["amount"] == .string("30.30") && reply["baseCurrency"] == .string("USD"))
            #expect(reply["marginAfterCostOfSale"]?["amount"] == .string("969.70") && reply["expenseCount"] == .int(2))
            #expect(hidden.status == .notFound)
            #expect(page.status == .ok && page.text.contains("cost-of-sale-title") && page.text.contains("969.70"))
        }
    }

    @Test("The expense page shows the decision form to the manager, not to the owner, and the form decides")
    func page() async throws {
        try await APITestContext.with { api in
            // setup
            let fixture = api.fixture
            let account = try await fixture.create("account", #"{"name": "Acme"}"#, as: fixture.rep)
            let expense = try await fixture.create("expense", """
                {"name": "Samples <b>", "category": "samples", "amount": {"amount": "5", "currency": "USD"}, "spentOn": "2026-02-03", "accountId": "\(account.id)"}
                """, as: fixture.rep)
            let path = "/expenses/\(expense.id.lowercaseString)"
            // MUT
            let asOwner = try await api.page(path, as: "rep")
            let asManager = try await api.page(path, as: "manager", language: "ru")
            let token = try #require(asManager.csrf)
            let refused = try await api.post(path + "/decide", form: [("_csrf", token), ("decision", "reject"), ("comment", "")], as: "manager")
            let decided = try await api.post(path + "/decide", form: [("_csrf", token), ("decision", "reject"), ("comment", "No receipt")], as: "manager")
            // validate
            #expect(asOwner.status == .ok && !asOwner.text.contains("/decide"))
            #expect(asManager.status == .ok && asManager.text.contains("/decide") && asManager.text.contains("Отклонить"))
            #expect(!asManager.text.contains("[["))
            #expect(refused.status == .unprocessableEntity)
            #expect(decided.status == .seeOther || decided.status == .found)
            let stored = try await fixture.store.get(.expense, id: expense.id, principal: fixture.admin)
            #expect(stored["status"] == .text("rejected"))
        }
    }
}
