import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

@Suite("Invoice pages", .serialized)
struct InvoicePagesTests {
    @Test("A confirmed order's page invoices it; the invoice's page issues it, records payments, refuses overpaying and credits the rest")
    func orderToCash() async throws {
        try await APITestContext.with { context in
            // setup
            let (order, _, _) = try await InvoiceAPITests.confirmedOrder(context)
            let orderPath = "/orders/\(order.id.lowercaseString)"
            let orderPage = try await context.page(orderPath, as: "rep")
            let token = try #require(orderPage.csrf)
            // MUT
            let invoiced = try await context.post(orderPath + "/invoice", form: [("_csrf", token)], as: "rep")
            let path = try #require(invoiced.location?.components(separatedBy: "?").first)
            let draft = try await context.page(path, as: "rep")
            let issued = try await context.post(path + "/do/issue", form: [("_csrf", token), ("version", "1")], as: "rep")
            let open = try await context.page(path, as: "rep")
            let paid = try await context.post(path + "/payment", form: [
                ("_csrf", token), ("amount", "1000"), ("receivedOn", "2030-02-01"), ("method", "cash"), ("reference", "Receipt <7>"),
            ], as: "rep")
            let over = try await context.post(path + "/payment", form: [
                ("_csrf", token), ("amount", "5000"), ("receivedOn", "2030-02-01"), ("method", "cash"),
            ], as: "rep")
            let partly = try await context.page(path, as: "rep")
            let overCredit = try await context.post(path + "/do/credit", form: [("_csrf", token)], as: "rep")
            let managerPage = try await context.page(path, as: "manager")
            let invoiceId = try #require(UUID(parsing: path.dropFirst("/invoices/".count)))
            let settlements = try await context.fixture.store.invoiceSettlements(invoiceId: invoiceId, principal: context.fixture.manager)
            let paymentId = try #require(settlements.payments.first?.id)
            let takenBack = try await context.post(path + "/payments/\(paymentId.lowercaseString)/delete",
                                                   form: [("_csrf", try #require(managerPage.csrf))], as: "manager")
            let credited = try await context.post(path + "/do/credit", form: [("_csrf", token)], as: "rep")
            let settled = try await context.page(path, as: "rep")
            // validate
            #expect(orderPage.text.contains("action=\"\(orderPath)/invoice\""))
            #expect(invoiced.status == .seeOther)
            #expect(path.hasPrefix("/invoices/"))
            #expect(draft.text.contains("Laptop 14"))
            #expect(draft.text.contains("action=\"\(path)/do/issue\"") && draft.text.contains("action=\"\(path)/do/cancel\""))
            #expect(issued.status == .seeOther)
            #expect(open.text.contains("INV-000001"))
            #expect(open.text.contains("action=\"\(path)/payment\""))
            #expect(paid.status == .seeOther)
            #expect(over.status == .unprocessableEntity)
            #expect(over.text.contains("more than the invoice has left to pay"))
            #expect(partly.text.contains("Partially paid"))
            #expect(partly.text.contains("Receipt &lt;7&gt;"))
            #expect(overCredit.status == .unprocessableEntity)
            #expect(overCredit.text.contains("more than the invoice has left to credit"))
            #expect(managerPage.text.contains("/payments/\(paymentId.lowercaseString)/delete"))
            #expect(!partly.text.contains("/payments/"), "a rep has no delete button for payments")
            #expect(takenBack.status == .seeOther)
            #expect(credited.status == .seeOther)
            #expect(credited.location?.hasPrefix("/invoices/") == true && credited.location?.hasPrefix(path) == false)
            #expect(settled.text.contains("CN-000001"))
            #expect(settled.text.contains(">Paid<"))
        }
    }

    @Test("The receivables page shows filters, a chart, the buckets, the overdue invoices and an export, in the user's language")
    func agingPage() async throws {
        try await APITestContext.with { context in
            // setup
            let (id, account) = try await InvoiceAPITests.issued(context)
            let later = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400) + 75)
            try await context.setLanguage("zh-CN", for: "manager")
            // MUT
            let page = try await context.page("/reports/aging?asOf=\(later)&groupBy=owner", as: "manager")
            let csv = try await context.page("/reports/aging.csv?asOf=\(later)", as: "manager")
            let bad = try await context.page("/reports/aging?asOf=someday", as: "manager")
            let forRep = try await context.page("/reports/aging?asOf=\(later)", as: "rep2")
            let accountPage = try await context.page("/accounts/\(account.lowercaseString)", as: "rep")
            let home = try await context.page("/", as: "rep")
            // validate
            #expect(page.status == .ok)
            #expect(page.text.contains("应收账款账龄"))
            #expect(page.text.contains("<svg class=\"chart\""))
            #expect(page.text.contains("31–60 天"))
            #expect(page.text.contains("href=\"/invoices/\(id)\""))
            #expect(page.text.contains("href=\"/reports/aging.csv?asOf=\(later)&amp;groupBy=owner\""))
            #expect(page.text.contains("href=\"/reports/aging\""), "managers have the Receivables link")
            #expect(!page.text.contains("[["))
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.text.contains("2157.60"))
            #expect(bad.status == .unprocessableEntity)
            #expect(forRep.text.contains(Catalogue(.english)["invoice.aging.empty"]))
            #expect(accountPage.text.contains(Catalogue(.english)["invoice.accountBalance"]))
            #expect(accountPage.text.contains("2,157.60"))
            #expect(!home.text.contains("href=\"/reports/aging\""), "reps have no Receivables link")
        }
    }
}
