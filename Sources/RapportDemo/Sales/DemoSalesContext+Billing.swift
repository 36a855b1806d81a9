import Foundation
import RapportDomain
import RapportPersistence

extension DemoSalesContext {
    /// One invoice of all the lines of each shipped order, issued on the day it shipped and
    /// numbered in that order; what is paid comes afterwards, as payments.
    func invoices(_ drafts: [DemoInvoiceDraft], orderDrafts plan: [DemoOrderDraft], orders: Written) async throws -> Written {
        let lines = drafts.map { DemoPricing.copies(of: orders.lines[$0.order]) }
        let numbers = try await imports.takeNumbers(.invoice, count: drafts.count, tenantId: principal.tenantId)
        let ids = try await write("invoice", count: drafts.count) { index in
            let draft = drafts[index]
            let deal = plan[draft.order].deal
            var input = RecordInput(values: EntityStore.invoiceAmounts(
                DocumentArithmetic.totals(of: lines[index].map(\.line), in: deal.amount.currency)))
            input["name"] = .text(DemoSalesWording.invoiceName(number: numbers[index], deal.market))
            input["accountId"] = .id(deal.accountId)
            input["orderId"] = .id(orders.ids[draft.order])
            input["number"] = .text(numbers[index])
            input["status"] = .text("issued")
            input["currency"] = .text(deal.amount.currency.code)
            input["issueDate"] = .date(DemoCalendar.date(days: draft.issueDay))
            input["dueDate"] = .date(DemoCalendar.date(days: draft.dueDay))
            ownership(deal, into: &input)
            return input
        }
        let written = Written(ids: ids, lines: lines)
        try await insertLines(written, type: "invoice")
        return written
    }

    /// Payments through the store, which settles each invoice (paid, balance, status) as the
    /// API would; a full payment's last part takes exactly what is left.
    func payments(_ drafts: [DemoInvoiceDraft], orderDrafts: [DemoOrderDraft], invoices: Written) async throws -> Int {
        var rows: [RecordInput] = []
        for (index, draft) in drafts.enumerated() {
            let currency = orderDrafts[draft.order].deal.amount.currency
            let total = DocumentArithmetic.totals(of: invoices.lines[index].map(\.line), in: currency).total.amount
            var paid: Decimal = 0
            for (part, payment) in draft.payments.enumerated() {
                let last = draft.paidInFull && part == draft.payments.count - 1
                let amount = last ? total - paid : (total * payment.share).roundedHalfAwayFromZero(toPlaces: currency.minorDigits)
                guard amount > 0 else { continue }
                paid += amount
                var input = RecordInput()
                input["invoiceId"] = .id(invoices.ids[index])
                input["amount"] = .money(Money(amount: amount, currency: currency))
                input["receivedOn"] = .date(DemoCalendar.date(days: payment.day))
                input["method"] = .text(["bankTransfer", "bankTransfer", "bankTransfer", "card", "other"][(index + part) % 5])
                input["reference"] = .text("PAY-\(DemoCalendar.date(days: payment.day).year)-\(index + 1)-\(part + 1)")
                rows.append(input)
            }
        }
        _ = try await write("payment", count: rows.count) { rows[$0] }
        return rows.count
    }

    /// Expenses are submitted by the deal's owner; the older ones are decided by the administrator.
    func expenses(_ drafts: [DemoExpenseDraft]) async throws -> Int {
        let ids = try await write("expense", count: drafts.count) { index in
            let draft = drafts[index]
            var input = RecordInput()
            input["name"] = .text(DemoSalesWording.expenseName(category: draft.category, deal: draft.deal))
            input["category"] = .text(draft.category)
            input["amount"] = .money(Money(amount: DemoCatalogue.local(draft.dollars, draft.deal.market), currency: draft.deal.amount.currency))
            input["spentOn"] = .date(DemoCalendar.date(days: draft.day))
            input["opportunityId"] = .id(draft.deal.id)
            input["ownerId"] = .id(draft.deal.ownerId)
            if let partner = draft.deal.partnerId { input["partnerId"] = .id(partner) }
            return input
        }
        for (draft, id) in zip(drafts, ids) {
            guard let approved = draft.approved else { continue }
            _ = try await store.decideExpense(id: id, approved ? .approve : .reject,
                                              comment: approved ? nil : "Over the policy limit for this category.",
                                              expectedVersion: nil, principal: principal)
        }
        return ids.count
    }

    /// Monthly targets for each rep and manager of the company (not dealers) through the anchor's
    /// year, and each team's quarterly target as the sum of its people's months.
    func quotas(users: [Directory.User], seed: UInt64) async throws -> Int {
        let sellers = users.filter { ($0.role == .rep || $0.role == .manager) && $0.partnerId == nil && $0.active }
        let year = DemoCalendar.date(days: DemoSalesPlan.anchor).year
        var inputs: [QuotaStore.Input] = []
        var teams: [UUID: [Int: (won: Decimal, accounts: Int, activities: Int)]] = [:]
        for (index, user) in sellers.enumerated() {
            var random = DemoRandom(seed: seed, stream: .quota, index: index)
            let base = Decimal(random.int(in: 12...30) * 10_000)
            for month in 1...12 {
                let won = base + Decimal(random.int(in: 0...5) * 10_000)
                let (accounts, activities) = (random.int(in: 1...6), random.int(in: 40...120))
                inputs.append(.init(userId: user.id, teamId: nil, periodKind: "month",
                                    periodStart: LocalDate(year: year, month: month, day: 1)!.description,
                                    wonAmount: won, newAccounts: accounts, completedActivities: activities))
                guard let team = user.teamId else { continue }
                let quarter = (month - 1) / 3
                let sum = teams[team, default: [:]][quarter] ?? (0, 0, 0)
                teams[team, default: [:]][quarter] = (sum.won + won, sum.accounts + accounts, sum.activities + activities)
            }
        }
        for (team, quarters) in teams.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            for (quarter, sum) in quarters.sorted(by: { $0.key < $1.key }) {
                inputs.append(.init(userId: nil, teamId: team, periodKind: "quarter",
                                    periodStart: LocalDate(year: year, month: quarter * 3 + 1, day: 1)!.description,
                                    wonAmount: sum.won, newAccounts: sum.accounts, completedActivities: sum.activities))
            }
        }
        let quotas = QuotaStore(database: database)
        for start in stride(from: 0, to: inputs.count, by: QuotaStore.maximumBatch) {
            _ = try await quotas.set(Array(inputs[start..<min(start + QuotaStore.maximumBatch, inputs.count)]), principal: principal)
        }
        return inputs.count
    }
}
