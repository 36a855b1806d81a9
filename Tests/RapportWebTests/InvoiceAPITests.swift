import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Invoice API")
struct InvoiceAPITests {
    /// A confirmed order for two laptops at 899 EUR (2157.60 with VAT), from the order API's setup.
    static func confirmedOrder(_ api: APITestContext) async throws -> (order: Record, line: UUID, account: UUID) {
        let setup = try await OrderAPITests.setup(api)
        let fixture = api.fixture
        let order = try await fixture.store.createOrder(fromQuote: setup.quote.id, principal: fixture.rep)
        let confirmed = try await fixture.store.transitionOrder(id: order.id, .confirm, comment: nil, expectedVersion: nil, principal: fixture.rep)
        let line = try #require(try await fixture.store.orderLines(orderId: order.id, principal: fixture.rep).lines.first?.id)
        return (confirmed, line, setup.account)
    }

    /// An issued invoice for the whole order.
    static func issued(_ api: APITestContext) async throws -> (invoice: String, account: UUID) {
        let (order, _, account) = try await confirmedOrder(api)
        let created = try await api.send(.POST, "/api/v1/orders/\(order.id.lowercaseString)/invoice", as: "rep")
        let id = try #require(created["invoice"]?["id"]?.stringValue)
        _ = try await api.send(.POST, "/api/v1/invoices/\(id)/issue", as: "rep")
        return (id, account)
    }

    @Test("POST /orders/{id}/invoice bills part of an order (201), refuses more than is left (422), bills the rest without a body; others get 404")
    func createFromOrder() async throws {
        try await APITestContext.with { api in
            // setup
            let (order, line, _) = try await Self.confirmedOrder(api)
            let path = "/api/v1/orders/\(order.id.lowercaseString)/invoice"
            // MUT
            let part = try await api.send(.POST, path, as: "rep", json: #"{"lines": [{"orderLineId": "\#(line)", "quantity": 1}]}"#)
            let over = try await api.send(.POST, path, as: "rep", json: #"{"lines": [{"orderLineId": "\#(line)", "quantity": "1.5"}]}"#)
            let rest = try await api.send(.POST, path, as: "rep")
            let none = try await api.send(.POST, path, as: "rep")
            let byRep2 = try await api.send(.POST, path, as: "rep2")
            // validate
            #expect(part.status == .created)
            let id = try #require(part["invoice"]?["id"]?.stringValue)
            #expect(part.headers.first(name: .location) == "/api/v1/invoices/\(id)")
            #expect(part["invoice"]?["status"] == .string("draft"))
            #expect(part["invoice"]?["total"]?["amount"] == .string("1078.80"))
            #expect(part["lines"]?.arrayValue?.first?["sourceLineId"] == .string(line.lowercaseString))
            #expect(over.status == .unprocessableEntity)
            #expect(over.errorCodes == ["over_invoiced"])
            #expect(over.errorFields == ["lines[0].quantity"])
            #expect(rest.status == .created)
            #expect(rest["lines"]?.arrayValue?.first?["quantity"] == .string("1"))
            #expect(none.status == .unprocessableEntity)
            #expect(byRep2.status == .notFound)
            let lines = try await api.send(.GET, "/api/v1/invoices/\(id)/lines", as: "rep")
            #expect(lines.status == .ok)
            #expect(lines["lines"]?.arrayValue?.count == 1)
        }
    }

    @Test("Issuing numbers and dates the invoice; payments through POST /payments settle it; overpaying is a 422; a rep cannot take a payment back, a manager can")
    func issueAndPay() async throws {
        try await APITestContext.with { api in
            // setup
            let (id, _) = try await Self.issued(api)
            let invoicePath = "/api/v1/invoices/\(id)"
            func payment(_ amount: String) -> String {
                #"{"invoiceId": "\#(id)", "amount": {"amount": "\#(amount)", "currency": "EUR"}, "receivedOn": "2030-01-10", "method": "card"}"#
            }
            // MUT
            let issued = try await api.send(.GET, invoicePath, as: "rep")
            let first = try await api.send(.POST, "/api/v1/payments", as: "rep", json: payment("1000.00"))
            let over = try await api.send(.POST, "/api/v1/payments", as: "rep", json: payment("1157.61"))
            let partly = try await api.send(.GET, invoicePath, as: "rep")
            let paymentPath = "/api/v1/payments/\(first["id"]?.stringValue ?? "")"
            let byRep = try await api.send(.DELETE, paymentPath, as: "rep")
            let byManager = try await api.send(.DELETE, paymentPath, as: "manager")
            let restored = try await api.send(.GET, invoicePath, as: "rep")
            let cancel = try await api.send(.POST, invoicePath + "/cancel", as: "rep")
            // validate
            let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
            #expect(issued["number"] == .string("INV-000001"))
            #expect(issued["status"] == .string("issued"))
            #expect(issued["dueDate"] == .string(LocalDate(daysSince1970: today.daysSince1970 + 30).description))
            #expect(first.status == .created)
            #expect(over.status == .unprocessableEntity)
            #expect(over.errorCodes == ["overpaid"])
            #expect(partly["status"] == .string("partiallyPaid"))
            #expect(partly["balance"]?["amount"] == .string("1157.60"))
            #expect(byRep.status == .forbidden)
            #expect(byManager.status == .noContent)
            #expect(restored["status"] == .string("issued"))
            #expect(restored["balance"]?["amount"] == .string("2157.60"))
            #expect(cancel.status == .conflict)
            #expect(cancel["code"] == .string("invalid_transition"))
        }
    }

    @Test("POST /invoices/{id}/credit-note credits part of an issued invoice (201) and lowers its balance")
    func creditNote() async throws {
        try await APITestContext.with { api in
            let (id, _) = try await Self.issued(api)
            let lines = try await api.send(.GET, "/api/v1/invoices/\(id)/lines", as: "rep")
            let line = try #require(lines["lines"]?.arrayValue?.first?["id"]?.stringValue)
            let credited = try await api.send(.POST, "/api/v1/invoices/\(id)/credit-note", as: "rep",
                                              json: #"{"lines": [{"invoiceLineId": "\#(line)", "quantity": 1}]}"#)
            #expect(credited.status == .created)
            #expect(credited["creditNote"]?["number"] == .string("CN-000001"))
            #expect(credited["creditNote"]?["kind"] == .string("creditNote"))
            #expect(credited["invoice"]?["balance"]?["amount"] == .string("1078.80"))
            #expect(credited["invoice"]?["credited"]?["amount"] == .string("1078.80"))
        }
    }

    @Test("Aging, its CSV, the overdue list and the account balance answer over what the caller may see; bad parameters are a 422")
    func reports() async throws {
        try await APITestContext.with { api in
            // setup
            let (id, account) = try await Self.issued(api)
            let later = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400) + 75)
            // MUT
            let aging = try await api.send(.GET, "/api/v1/reports/aging?asOf=\(later)&groupBy=owner", as: "manager")
            let forRep2 = try await api.send(.GET, "/api/v1/reports/aging?asOf=\(later)", as: "rep2")
            let bad = try await api.send(.GET, "/api/v1/reports/aging?groupBy=planet&asOf=yesterday", as: "manager")
            let csv = try await api.send(.GET, "/api/v1/reports/aging.csv?asOf=\(later)", as: "manager")
            let overdue = try await api.send(.GET, "/api/v1/invoices/overdue?asOf=\(later)", as: "rep")
            let balance = try await api.send(.GET, "/api/v1/accounts/\(account.lowercaseString)/balance", as: "rep")
            let hidden = try await api.send(.GET, "/api/v1/accounts/\(account.lowercaseString)/balance", as: "rep2")
            // validate
            #expect(aging.status == .ok)
            let row = try #require(aging["data"]?.arrayValue?.first)
            #expect(row["groupId"] == .string(api.fixture.rep.userId.lowercaseString))
            #expect(row["31-60"] == .string("2157.60"))
            #expect(row["total"] == .string("2157.60"))
            #expect(aging["totals"]?.arrayValue?.first?["currency"] == .string("EUR"))
            #expect(forRep2["data"]?.arrayValue?.isEmpty == true)
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields) == ["groupBy", "asOf"])
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.text.contains("2157.60"))
            #expect(overdue["data"]?.arrayValue?.map { $0["id"] } == [.string(id)])
            #expect(overdue["data"]?.arrayValue?.first?["daysOverdue"] == .int(45))
            #expect(balance["balances"]?.arrayValue?.first?["amount"] == .string("2157.60"))
            #expect(hidden.status == .notFound)
        }
    }

    @Test("Invoices issued by parallel requests get consecutive numbers, with no gap and no repeat")
    func parallelIssue() async throws {
        try await APITestContext.with { api in
            let account = try await api.fixture.create("account", #"{"name": "Many invoices"}"#, as: api.fixture.rep).id
            var ids: [String] = []
            for index in 0..<22 {
                let draft = try await api.send(.POST, "/api/v1/invoices", as: "rep",
                                               json: #"{"name": "Invoice \#(index)", "accountId": "\#(account)", "currency": "EUR"}"#)
                let id = try #require(draft["id"]?.stringValue)
                _ = try await api.send(.PUT, "/api/v1/invoices/\(id)/lines", as: "rep",
                                       json: #"{"lines": [{"description": "Service", "quantity": 1, "unitPrice": "50"}]}"#)
                ids.append(id)
            }
            let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                for id in ids {
                    group.addTask { try await api.send(.POST, "/api/v1/invoices/\(id)/issue", as: "rep")["number"]?.stringValue ?? "" }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(numbers.sorted() == (1...22).map { String(format: "INV-%06d", $0) })
        }
    }
}
