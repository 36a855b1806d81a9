import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Order API")
struct OrderAPITests {
    /// The rep's EUR deal, a laptop at 899 EUR in a direct price book, and a quote for two laptops
    /// that the customer accepted.
    struct Setup {
        let account: UUID
        let laptop: UUID
        let quote: Record
    }

    /// An order of dealer A's organisation (partner A), entered by the admin.
    static func dealerOrder(_ api: APITestContext, _ setup: Setup) async throws -> Record {
        try await api.fixture.create("order", """
            {"name": "Dealer A order", "accountId": "\(setup.account)", "partnerId": "\(api.fixture.partnerA)"}
            """, as: api.fixture.admin)
    }

    static func setup(_ api: APITestContext) async throws -> Setup {
        let fixture = api.fixture
        let stage = try await fixture.stage()
        let account = try await fixture.create("account", #"{"name": "Harbour Logistics"}"#, as: fixture.rep)
        let deal = try await fixture.create("opportunity", """
            {"name": "Fleet laptops", "stageId": "\(stage)", "accountId": "\(account.id)", "amount": {"amount": "12000", "currency": "EUR"}}
            """, as: fixture.rep)
        let laptop = try await fixture.create("product", """
            {"sku": "LT-14", "name": "Laptop 14", "taxCategory": "standard", "unitCost": {"amount": "610", "currency": "EUR"}}
            """, as: fixture.admin).id
        let book = try await fixture.create("pricebook", #"{"name": "Direct EUR", "currency": "EUR"}"#, as: fixture.admin).id
        _ = try await fixture.store.replacePriceBookEntries(pricebookId: book, with: [PriceBookEntry(productId: laptop, minQuantity: 1, unitPrice: 899)],
                                                           principal: fixture.admin)
        let quote = try await fixture.create("quote", #"{"name": "Laptops for Harbour", "opportunityId": "\#(deal.id)"}"#, as: fixture.rep)
        _ = try await fixture.store.setQuoteLines(quoteId: quote.id, lines: [QuoteLineInput(productId: laptop, quantity: 2)], sent: SentTotals(),
                                                  expectedVersion: nil, principal: fixture.rep)
        for action in [QuoteAction.submit, .send, .accept] {
            _ = try await fixture.store.transitionQuote(id: quote.id, action, comment: nil, expectedVersion: nil, principal: fixture.rep)
        }
        return Setup(account: account.id, laptop: laptop, quote: try await fixture.store.get(.quote, id: quote.id, principal: fixture.rep))
    }

    @Test("POST /quotes/{id}/order makes the order (201); a second one is a 409; a draft quote is a 409; another rep or tenant gets 404")
    func createFromQuote() async throws {
        try await APITestContext.with { api in
            // setup
            let setup = try await Self.setup(api)
            let draft = try await api.fixture.create("quote", #"{"name": "Draft", "opportunityId": "\#(setup.quote["opportunityId"].idValue!)"}"#,
                                                     as: api.fixture.rep)
            let path = "/api/v1/quotes/\(setup.quote.id.lowercaseString)/order"
            // MUT
            let created = try await api.send(.POST, path, as: "rep")
            let again = try await api.send(.POST, path, as: "rep")
            let fromDraft = try await api.send(.POST, "/api/v1/quotes/\(draft.id.lowercaseString)/order", as: "rep")
            let byRep2 = try await api.send(.POST, path, as: "rep2")
            // validate
            #expect(created.status == .created)
            let id = try #require(created["id"]?.stringValue)
            #expect(created.headers.first(name: .location) == "/api/v1/orders/\(id)")
            #expect(created["number"] == .string("SO-000001"))
            #expect(created["status"] == .string("draft"))
            #expect(created["total"]?["amount"] == .string("2157.60"))
            #expect(again.status == .conflict)
            #expect(again.headers.contentType?.subType == "problem+json")
            #expect(again["code"] == .string("already_ordered"))
            #expect(fromDraft.status == .conflict)
            #expect(fromDraft["code"] == .string("invalid_transition"))
            #expect(byRep2.status == .notFound)
            let lines = try await api.send(.GET, "/api/v1/orders/\(id)/lines", as: "rep")
            #expect(lines.status == .ok)
            #expect(lines["lines"]?.arrayValue?.count == 1)
            #expect(lines["lines"]?.arrayValue?.first?["sourceLineId"]?.stringValue != nil)
            try await APITestContext.with { (other: APITestContext) async throws in
                #expect(try await other.send(.POST, path, as: "admin").status == .notFound)
                #expect(try await other.send(.GET, "/api/v1/orders/\(id)/lines", as: "admin").status == .notFound)
            }
        }
    }

    @Test("PUT /orders/{id}/lines prices a draft's lines (200), refuses a wrong total (422) and a confirmed order's lines (409)")
    func lines() async throws {
        try await APITestContext.with { api in
            // setup
            let setup = try await Self.setup(api)
            let order = try await api.send(.POST, "/api/v1/orders", as: "rep", json: #"{"name": "Direct", "accountId": "\#(setup.account)"}"#)
            let id = try #require(order["id"]?.stringValue)
            let body = #"{"lines": [{"productId": "\#(setup.laptop)", "quantity": 3}], "total": "3236.40"}"#
            // MUT
            let wrong = try await api.send(.PUT, "/api/v1/orders/\(id)/lines", as: "rep",
                                           json: #"{"lines": [{"productId": "\#(setup.laptop)", "quantity": 3}], "total": "1"}"#)
            let priced = try await api.send(.PUT, "/api/v1/orders/\(id)/lines", as: "rep", json: body)
            let confirmed = try await api.send(.POST, "/api/v1/orders/\(id)/confirm", as: "rep")
            let locked = try await api.send(.PUT, "/api/v1/orders/\(id)/lines", as: "rep", json: body)
            // validate
            #expect(order["currency"] == .string("EUR"))
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.errorCodes == ["total_mismatch"])
            #expect(priced.status == .ok)
            #expect(priced["order"]?["total"]?["amount"] == .string("3236.40"))
            #expect(priced.headers.first(name: .eTag) == "\"2\"")
            #expect(confirmed.status == .ok)
            #expect(confirmed["status"] == .string("confirmed"))
            #expect(locked.status == .conflict)
            #expect(locked["code"] == .string("order_locked"))
        }
    }

    @Test("The moves answer the order; a move out of turn is a 409, a cancellation without a reason a 422; the history lists each move")
    func movesAndHistory() async throws {
        try await APITestContext.with { api in
            // setup
            let setup = try await Self.setup(api)
            let id = try #require(try await api.send(.POST, "/api/v1/quotes/\(setup.quote.id.lowercaseString)/order", as: "rep")["id"]?.stringValue)
            let order = "/api/v1/orders/\(id)"
            // MUT
            let outOfTurn = try await api.send(.POST, "\(order)/deliver", as: "rep")
            let confirmed = try await api.send(.POST, "\(order)/confirm", as: "rep", json: #"{"comment": "PO 4471 received"}"#)
            let stale = try await api.send(.POST, "\(order)/startProduction", as: "rep", headers: ["If-Match": "\"1\""])
            let producing = try await api.send(.POST, "\(order)/startProduction", as: "manager")
            let unknown = try await api.send(.POST, "\(order)/cancel", as: "rep", json: #"{"reason": "x"}"#)
            let silent = try await api.send(.POST, "\(order)/cancel", as: "rep")
            let cancelled = try await api.send(.POST, "\(order)/cancel", as: "rep", json: #"{"comment": "Budget withdrawn"}"#)
            let history = try await api.send(.GET, "\(order)/status-history", as: "rep")
            // validate
            #expect(outOfTurn.status == .conflict)
            #expect(outOfTurn["code"] == .string("invalid_transition"))
            #expect(confirmed.status == .ok)
            #expect(stale.status == .preconditionFailed)
            #expect(producing["status"] == .string("inProduction"))
            #expect(unknown.status == .unprocessableEntity)
            #expect(silent.status == .unprocessableEntity)
            #expect(silent.errorFields == ["comment"])
            #expect(cancelled["status"] == .string("cancelled"))
            let moves = try #require(history["data"]?.arrayValue)
            #expect(moves.compactMap { $0["toStatus"]?.stringValue } == ["confirmed", "inProduction", "cancelled"])
            #expect(moves.compactMap { $0["fromStatus"]?.stringValue } == ["draft", "confirmed", "inProduction"])
            #expect(moves.compactMap { $0["changedBy"]?.stringValue } == [api.fixture.rep.userId, api.fixture.manager.userId, api.fixture.rep.userId]
                .map(\.lowercaseString))
            #expect(moves.map { $0["comment"] } == [.string("PO 4471 received"), .null, .string("Budget withdrawn")])
            #expect(moves.allSatisfy { $0["changedAt"]?.stringValue.flatMap(Timestamp.parse) != nil })
        }
    }

    @Test("A dealer follows their own organisation's order; another rep, another dealer's order and another tenant answer 404")
    func dealerTracking() async throws {
        try await APITestContext.with { api in
            // setup
            let setup = try await Self.setup(api)
            let fixture = api.fixture
            let ours = try await api.send(.POST, "/api/v1/orders", as: "admin", json: """
                {"name": "Dealer A order", "accountId": "\(setup.account)", "partnerId": "\(fixture.partnerA)"}
                """)
            let theirs = try await api.send(.POST, "/api/v1/orders", as: "admin", json: """
                {"name": "Dealer B order", "accountId": "\(setup.account)", "partnerId": "\(fixture.partnerB)"}
                """)
            let ourId = try #require(ours["id"]?.stringValue), theirId = try #require(theirs["id"]?.stringValue)
            _ = try await api.send(.PUT, "/api/v1/orders/\(ourId)/lines", as: "admin", json: #"{"lines": [{"productId": "\#(setup.laptop)", "quantity": 1}]}"#)
            _ = try await api.send(.POST, "/api/v1/orders/\(ourId)/confirm", as: "admin")
            // MUT
            let tracked = try await api.send(.GET, "/api/v1/orders/\(ourId)/status-history", as: "partner")
            let record = try await api.send(.GET, "/api/v1/orders/\(ourId)", as: "partner")
            let list = try await api.send(.GET, "/api/v1/orders", as: "partner")
            // validate
            #expect(tracked.status == .ok)
            #expect(tracked["data"]?.arrayValue?.compactMap { $0["toStatus"]?.stringValue } == ["confirmed"])
            #expect(record["status"] == .string("confirmed"))
            #expect(list["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ourId])
            #expect(try await api.send(.GET, "/api/v1/orders/\(theirId)/status-history", as: "partner").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/orders/\(theirId)/lines", as: "partner").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/orders/\(ourId)/status-history", as: "rep2").status == .notFound)
            try await APITestContext.with { (other: APITestContext) async throws in
                #expect(try await other.send(.GET, "/api/v1/orders/\(ourId)/status-history", as: "admin").status == .notFound)
                #expect(try await other.send(.POST, "/api/v1/orders/\(ourId)/ship", as: "admin").status == .notFound)
            }
        }
    }

    @Test("A dealer's PATCH, DELETE, line change, moves and invoicing of their own organisation's order answer 403 and leave it as it was")
    func dealerCannotChangeOrder() async throws {
        try await APITestContext.with { api in
            // setup
            let setup = try await Self.setup(api)
            let order = "/api/v1/orders/\(try await Self.dealerOrder(api, setup).id.lowercaseString)"
            _ = try await api.send(.PUT, "\(order)/lines", as: "admin", json: #"{"lines": [{"productId": "\#(setup.laptop)", "quantity": 1}]}"#)
            let confirmed = try await api.send(.POST, "\(order)/confirm", as: "admin")
            // MUT
            let refusals = [
                try await api.send(.PATCH, order, as: "partner", json: #"{"name": "Renamed by dealer"}"#),
                try await api.send(.DELETE, order, as: "partner"),
                try await api.send(.PUT, "\(order)/lines", as: "partner", json: #"{"lines": [{"productId": "\#(setup.laptop)", "quantity": 9}]}"#),
                try await api.send(.POST, "\(order)/ship", as: "partner"),
                try await api.send(.POST, "\(order)/cancel", as: "partner", json: #"{"comment": "Dealer cancels"}"#),
                try await api.send(.POST, "\(order)/invoice", as: "partner"),
            ]
            let direct = try await api.send(.POST, "/api/v1/orders", as: "partner", json: #"{"name": "Dealer's own", "accountId": "\#(setup.account)"}"#)
            // validate
            #expect(confirmed["status"] == .string("confirmed"))
            #expect(refusals.map(\.status) == Array(repeating: .forbidden, count: 6))
            #expect(refusals.allSatisfy { $0.headers.contentType?.subType == "problem+json" && $0["code"] == .string("partner_tracks_only") })
            #expect(direct.status == .forbidden && direct["code"] == .string("partner_tracks_only"))
            let tracked = try await api.send(.GET, order, as: "partner")
            #expect(tracked.status == .ok)
            #expect(tracked["name"] == .string("Dealer A order"))
            #expect(tracked["status"] == .string("confirmed"))
            #expect(tracked["version"] == confirmed["version"])
            let lines = try await api.send(.GET, "\(order)/lines", as: "partner")
            #expect(lines["lines"]?.arrayValue?.compactMap { $0["quantity"]?.stringValue } == ["1"])
            let history = try await api.send(.GET, "\(order)/status-history", as: "partner")
            #expect(history["data"]?.arrayValue?.compactMap { $0["toStatus"]?.stringValue } == ["confirmed"])
            let invoices = try await api.send(.GET, "/api/v1/invoices", as: "admin")
            #expect(invoices["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("A dealer's PATCH of an order is refused with the stable code partner_tracks_only and English words; a read-only user's PATCH with read_only_role")
    func refusalCodes() async throws {
        try await APITestContext.with { api in
            // setup
            let setup = try await Self.setup(api)
            let order = "/api/v1/orders/\(try await Self.dealerOrder(api, setup).id.lowercaseString)"
            // MUT
            let dealer = try await api.send(.PATCH, order, as: "partner", json: #"{"name": "Renamed by dealer"}"#)
            let viewer = try await api.send(.PATCH, order, as: "readOnly", json: #"{"name": "Renamed by viewer"}"#)
            // validate
            #expect(dealer.status == .forbidden && dealer.headers.contentType?.subType == "problem+json")
            #expect(dealer["code"] == .string("partner_tracks_only"))
            #expect(dealer["type"] == .string("https://rapport.invalid/problems/partner_tracks_only"))
            #expect(dealer["detail"] == .string("Partner users follow orders but do not change them."))
            #expect(viewer.status == .forbidden && viewer["code"] == .string("read_only_role"))
            #expect(viewer["detail"] == .string("Your role is read-only."))
            #expect(try await api.send(.GET, order, as: "admin")["name"] == .string("Dealer A order"))
        }
    }
}
