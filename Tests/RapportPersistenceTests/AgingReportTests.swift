import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// Receivables aging checked against buckets computed here, independently, from the invoices' own rows.
@Suite("Aging report")
struct AgingReportTests {
    static let asOf = LocalDate(iso: "2030-06-30")!

    /// Invoices of two reps and a dealer, in EUR and USD, due on each side of every bucket boundary,
    /// one paid, one partly paid, one cancelled draft and one issued after the as-of date.
    static func ledger() async throws -> QuoteTests.Shop {
        let shop = try await QuoteTests.Shop.make()
        let fixture = shop.fixture
        let account = try #require(shop.deal["accountId"].idValue)
        let other = try await fixture.create("account", #"{"name": "Other account"}"#, as: fixture.rep2).id
        // Payment terms are 30 days, so each due date is the issue date + 30.
        let dueDates = ["2030-07-10", "2030-06-30", "2030-06-29", "2030-05-31", "2030-05-30", "2030-05-01", "2030-04-30",
                        "2030-04-01", "2030-03-31", "2029-01-01", "2030-08-04"]
        for (index, due) in dueDates.enumerated() {
            let issue = LocalDate(daysSince1970: LocalDate(iso: due)!.daysSince1970 - 30)
            let (by, accountId, extra): (Principal, UUID, String) = switch index % 4 {
            case 0: (fixture.rep, account, #", "currency": "EUR""#)
            case 1: (fixture.rep2, other, #", "currency": "EUR""#)
            case 2: (fixture.admin, account, #", "currency": "EUR", "partnerId": "\#(fixture.partnerA)""#)
            default: (fixture.rep, account, #", "currency": "USD""#)
            }
            let draft = try await fixture.create("invoice", """
                {"name": "Invoice \(index)", "accountId": "\(accountId)", "issueDate": "\(issue)"\(extra)}
                """, as: by)
            _ = try await shop.store.setInvoiceLines(invoiceId: draft.id, lines: [
                QuoteLineInput(productId: nil, description: "Service \(index)", quantity: Decimal(index + 1), unitPrice: Decimal(string: "100.25")!),
            ], sent: SentTotals(), expectedVersion: nil, principal: by)
            let invoice = try await shop.store.issueInvoice(id: draft.id, expectedVersion: nil, principal: by)
            let total = try #require(invoice["total"].moneyValue)
            if index == 4 { _ = try await InvoiceTests.pay(shop, invoice, total.amount.plainString, currency: total.currency.code, as: by) }
            if index == 5 { _ = try await InvoiceTests.pay(shop, invoice, "33.33", currency: total.currency.code, as: by) }
        }
        let cancelled = try await fixture.create("invoice", #"{"name": "Never sent", "accountId": "\#(account)"}"#, as: fixture.rep)
        _ = try await shop.store.cancelInvoice(id: cancelled.id, expectedVersion: nil, principal: fixture.rep)
        return shop
    }

    /// The buckets from raw rows: days past due = as-of − due date; ≤ 0, 1–30, 31–60, 61–90, more.
    static func expected(_ invoices: [Record], grouping: AgingReport.Grouping, asOf: LocalDate) -> [String: [Decimal]] {
        let field = switch grouping {
        case .account: "accountId"
        case .owner: "ownerId"
        case .team: "teamId"
        case .partner: "partnerId"
        }
        var result: [String: [Decimal]] = [:]
        for invoice in invoices {
            guard ["issued", "partiallyPaid"].contains(invoice["status"].textValue ?? ""),
                  let balance = invoice["balance"].moneyValue, balance.amount > 0,
                  let issued = invoice["issueDate"].dateValue, issued <= asOf,
                  let due = invoice["dueDate"].dateValue else { continue }
            let days = asOf.daysSince1970 - due.daysSince1970
            let bucket = days <= 0 ? 0 : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : 4
            let key = "\(invoice[field].idValue?.lowercaseString ?? "-")|\(balance.currency.code)"
            var buckets = result[key] ?? [0, 0, 0, 0, 0]
            buckets[bucket] += balance.amount
            result[key] = buckets
        }
        return result
    }

    static func actual(_ rows: [AgingReport.Row]) -> [String: [Decimal]] {
        Dictionary(uniqueKeysWithValues: rows.map { ("\($0.groupId?.lowercaseString ?? "-")|\($0.currency)", $0.buckets) })
    }

    static func rows(_ shop: QuoteTests.Shop, as principal: Principal) async throws -> [Record] {
        try await shop.store.list(.invoice, request: ListRequest(.invoice, where: [], sort: [SortKey("createdAt")], limit: 200), principal: principal).records
    }

    @Test("Each grouping's buckets equal those computed from the raw rows", arguments: AgingReport.Grouping.allCases)
    func matchesRawRows(grouping: AgingReport.Grouping) async throws {
        // setup
        let shop = try await Self.ledger()
        let raw = try await Self.rows(shop, as: shop.fixture.admin)
        // MUT
        let report = try await AgingReport(database: shop.fixture.database).run(
            principal: shop.fixture.admin, filter: AgingReport.Filter(asOf: Self.asOf, groupBy: grouping))
        // validate
        let expected = Self.expected(raw, grouping: grouping, asOf: Self.asOf)
        #expect(Self.actual(report) == expected)
        #expect(expected.values.allSatisfy { $0.contains { $0 > 0 } })
        // Every bucket is exercised, and the boundaries fall where the definition says.
        let byBucket = (0..<5).map { index in report.reduce(Decimal(0)) { $0 + $1.buckets[index] } }
        #expect(byBucket.allSatisfy { $0 > 0 })
        #expect(AgingReport.totals(report).map(\.currency) == ["EUR", "USD"])

        // The largest groups only: the first rows of the full list, with totals and count over all.
        let top = try await AgingReport(database: shop.fixture.database).run(
            principal: shop.fixture.admin, filter: AgingReport.Filter(asOf: Self.asOf, groupBy: grouping), limit: 1)
        #expect(top.rows == Array(report.prefix(1)))
        #expect(top.groupCount == report.count && top.totals == AgingReport.totals(report))
    }

    @Test("A rep's aging and overdue list hold only their own invoices; a currency filter narrows to it")
    func repSeesOwn() async throws {
        // setup
        let shop = try await Self.ledger()
        let rep = shop.fixture.rep
        let own = try await Self.rows(shop, as: rep)
        let aging = AgingReport(database: shop.fixture.database)
        // MUT
        let report = try await aging.run(principal: rep, filter: AgingReport.Filter(asOf: Self.asOf, groupBy: .owner))
        let euros = try await aging.run(principal: rep, filter: AgingReport.Filter(asOf: Self.asOf, groupBy: .owner, currency: "EUR"))
        let overdue = try await aging.overdue(principal: rep, asOf: Self.asOf, limit: 50)
        // validate
        #expect(own.allSatisfy { $0["ownerId"] == .id(rep.userId) })
        #expect(Self.actual(report) == Self.expected(own, grouping: .owner, asOf: Self.asOf))
        #expect(Set(report.compactMap(\.groupId)) == [rep.userId])
        #expect(euros.map(\.currency) == ["EUR"])
        #expect(overdue.allSatisfy { $0.invoice["ownerId"] == .id(rep.userId) && $0.daysOverdue > 0 })
        #expect(overdue.map(\.daysOverdue) == overdue.map(\.daysOverdue).sorted(by: >))
        let expectedOverdue = own.filter {
            ["issued", "partiallyPaid"].contains($0["status"].textValue ?? "") && ($0["balance"].moneyValue?.amount ?? 0) > 0
                && ($0["dueDate"].dateValue.map { $0 < Self.asOf } ?? false)
        }
        #expect(Set(overdue.map(\.invoice.id)) == Set(expectedOverdue.map(\.id)))
    }

    @Test("An account's balance is the sum of its open invoices' balances, per currency")
    func accountBalance() async throws {
        let shop = try await Self.ledger()
        let account = try #require(shop.deal["accountId"].idValue)
        let raw = try await Self.rows(shop, as: shop.fixture.admin)
        let balances = try await AgingReport(database: shop.fixture.database).accountBalance(accountId: account, principal: shop.fixture.admin)
        var expected: [String: Decimal] = [:]
        for invoice in raw where invoice["accountId"] == .id(account) && ["issued", "partiallyPaid"].contains(invoice["status"].textValue ?? "") {
            guard let balance = invoice["balance"].moneyValue else { continue }
            expected[balance.currency.code, default: 0] += balance.amount
        }
        #expect(Dictionary(uniqueKeysWithValues: balances.map { ($0.currency.code, $0.amount) }) == expected.filter { $0.value > 0 })
    }
}
