import Foundation
import RapportDomain
import RapportPersistence

/// One line of a demo document before it is priced.
struct DemoLineDraft: Sendable {
    let product: Int
    let quantity: Decimal
    var discount: Decimal
}

struct DemoQuoteDraft: Sendable {
    let deal: DemoDeal
    let day: Int
    let status: String
    let validUntil: Int
    var lines: [DemoLineDraft]
    /// Left as a draft to be submitted for approval, like a rep would, once stored.
    var awaitsApproval = false
}

struct DemoOrderDraft: Sendable {
    let deal: DemoDeal
    /// The accepted quote it was made from (index into the quotes), whose lines it copies.
    let quote: Int?
    let day: Int
    let shipBy: Int
    /// Each status with the day it was reached, from draft to the current one.
    let moves: [(status: String, day: Int)]
    let lines: [DemoLineDraft]

    var status: String { moves.last?.status ?? "draft" }
    var shippedDay: Int? { moves.first { $0.status == "shipped" }?.day }
}

struct DemoInvoiceDraft: Sendable {
    let order: Int
    let issueDay: Int
    let dueDay: Int
    /// Shares of the total paid, and when; the last share of a full payment takes what is left.
    let payments: [(share: Decimal, day: Int)]
    var paidInFull: Bool { payments.reduce(Decimal(0)) { $0 + $1.share } == 1 }
}

struct DemoExpenseDraft: Sendable {
    let deal: DemoDeal
    let category: String
    let dollars: Decimal
    let day: Int
    /// nil: still waiting for a decision.
    let approved: Bool?
}

/// The demo company's sales documents, decided from the deals alone: a quote for every deal
/// that reached a proposal, an order for every won one plus repeat orders of parts and service
/// until there are as many order lines as demo contacts, an invoice for each shipped order, and
/// payments that leave a realistic spread of receivables. Dates count from the demo's anchor
/// day, like the rest of the demo data.
struct DemoSalesPlan: Sendable {
    static let anchor = DemoFactory.anchorDay
    var quotes: [DemoQuoteDraft] = []
    var orders: [DemoOrderDraft] = []
    var invoices: [DemoInvoiceDraft] = []
    var expenses: [DemoExpenseDraft] = []

    /// `stages`: the default pipeline's, in order, as the deals were made with.
    init(deals: [DemoDeal], stages: [PipelineStore.Stage], seed: UInt64, orderLines target: Int) {
        for deal in deals where deal.stage.kind != "open" || deal.stageRank >= 2 {
            quotes.append(Self.quote(for: deal, stages: stages, seed: seed))
        }
        // Numbers are taken in the order documents are stored; by date, they read as issued.
        quotes.sort { ($0.day, $0.deal.index) < ($1.day, $1.deal.index) }
        // A handful of recent proposals wait in their managers' approval queues.
        let waiting = quotes.indices.filter { quotes[$0].status == "draft" && quotes[$0].deal.partnerId == nil }.suffix(12)
        for index in waiting {
            quotes[index].awaitsApproval = true
            quotes[index].lines[0].discount = 12
        }
        for (index, quote) in quotes.enumerated() where quote.status == "accepted" {
            orders.append(Self.order(for: quote.deal, quote: index, lines: quote.lines, seed: seed))
        }
        var lineCount = orders.reduce(0) { $0 + $1.lines.count }
        let customers = deals.filter { $0.stage.kind == "won" }
        var number = 0
        while lineCount < target, !customers.isEmpty {
            var random = DemoRandom(seed: seed, stream: .repeatOrder, index: number)
            // The first ones are recent, so even a small demo has orders at every step.
            let age = number < Self.recentAges.count ? Self.recentAges[number] : random.int(in: 0...720)
            let order = Self.repeatOrder(for: random.pick(customers), age: age, &random)
            lineCount += order.lines.count
            orders.append(order)
            number += 1
        }
        orders.sort { ($0.day, $0.deal.index) < ($1.day, $1.deal.index) }
        for (index, order) in orders.enumerated() {
            guard let shipped = order.shippedDay else { continue }
            invoices.append(Self.invoice(for: order, index: index, shipped: shipped, seed: seed))
        }
        // About one deal in thirty has expenses, and at least a dozen in a small demo.
        let spenders = deals.filter { $0.stage.kind == "won" || ($0.stage.kind == "open" && $0.stageRank >= 2) }
        let share = max(1.0 / 30, 12.0 / Double(max(1, spenders.count)))
        for deal in spenders {
            var random = DemoRandom(seed: seed, stream: .expense, index: deal.index)
            guard random.chance(share) else { continue }
            for _ in 0..<random.int(in: 1...2) { expenses.append(Self.expense(for: deal, &random)) }
        }
    }

    // MARK: Quotes

    private static func quote(for deal: DemoDeal, stages: [PipelineStore.Stage], seed: UInt64) -> DemoQuoteDraft {
        var head = DemoRandom(seed: seed, stream: .opportunity, index: deal.index)
        let kind = DemoDealHead(index: deal.index, stages: stages, random: &head)
        var random = DemoRandom(seed: seed, stream: .quote, index: deal.index)
        let lines = self.lines(kind: kind.product, quantity: kind.quantity, &random)
        let status: String
        var day = deal.closeDay - random.int(in: 10...45)
        switch (deal.stage.kind, deal.stageRank) {
        case ("won", _): status = "accepted"
        case ("lost", _): status = random.chance(0.7) ? "declined" : "expired"
        case (_, 2):
            status = ["draft", "draft", "approved", "sent", "sent"][random.int(5)]
            day = min(day, anchor - random.int(in: 0...20))
        default:
            status = "sent"
            day = min(day, anchor - random.int(in: 0...20))
        }
        return DemoQuoteDraft(deal: deal, day: day, status: status, validUntil: day + 30, lines: lines)
    }

    /// What a deal of the kind sells: the main item in the deal's quantity, and often what goes
    /// with it (telematics for a truck, a battery for an electric forklift, a service contract).
    private static func lines(kind: Int, quantity: Int, _ random: inout DemoRandom) -> [DemoLineDraft] {
        typealias K = DemoCatalogue.Kind
        var lines: [(String, Int)] = []
        switch kind {
        case K.trucks:
            lines.append((DemoCatalogue.products[random.pick(DemoCatalogue.sellable(kind: K.trucks))].sku, quantity))
            if random.chance(0.5) { lines.append(("TM-BOX", quantity)) }
            if random.chance(0.3) { lines.append(("SV-CON", quantity)) }
            if random.chance(0.3) { lines.append(("SP-TYR", quantity * 6)) }
        case K.forklifts:
            let model = DemoCatalogue.products[random.pick(DemoCatalogue.sellable(kind: K.forklifts))].sku
            lines.append((model, quantity))
            if model == "FL-25E" || model == "RT-16", random.chance(0.4) { lines.append(("SP-BAT", max(1, quantity / 4))) }
            if random.chance(0.4) { lines.append(("SV-PLN", quantity)) }
            if random.chance(0.3) { lines.append(("SV-TRN", random.int(in: 1...3))) }
        case K.telematics:
            lines.append(("TM-SUB", quantity * random.int(in: 1...3)))
            if random.chance(0.6) { lines += [("TM-BOX", quantity), ("TM-INS", quantity)] }
        case K.spareParts:
            for product in random.sample(DemoCatalogue.sellable(kind: K.spareParts), count: random.int(in: 3...6)) {
                lines.append((DemoCatalogue.products[product].sku, random.int(in: 10...400)))
            }
        default:
            lines.append(("SV-CON", random.int(in: 5...80)))
            if random.chance(0.6) { lines.append(("SV-RPR", random.int(in: 50...500))) }
            if random.chance(0.5) { lines.append(("SV-PLN", random.int(in: 10...100))) }
            if random.chance(0.3) { lines.append(("SV-WAR", random.int(in: 5...40))) }
        }
        return lines.map { sku, quantity in
            DemoLineDraft(product: DemoCatalogue.index(ofSKU: sku), quantity: Decimal(quantity),
                          discount: [0, 3, 5, 8, 10][random.weighted([35, 20, 20, 15, 10])])
        }
    }

    // MARK: Orders

    private static func order(for deal: DemoDeal, quote: Int, lines: [DemoLineDraft], seed: UInt64) -> DemoOrderDraft {
        var random = DemoRandom(seed: seed, stream: .order, index: deal.index)
        let day = deal.closeDay + random.int(in: 0...5)
        return DemoOrderDraft(deal: deal, quote: quote, day: day, shipBy: day + random.int(in: 14...45),
                              moves: moves(from: day, production: true, &random), lines: lines)
    }

    /// Parts and service bought again by a customer who won a deal with the company.
    static let recentAges = [0, 1, 2, 4, 6, 9, 14, 20, 30, 45]

    private static func repeatOrder(for deal: DemoDeal, age: Int, _ random: inout DemoRandom) -> DemoOrderDraft {
        let kind = [DemoCatalogue.Kind.spareParts, DemoCatalogue.Kind.service, DemoCatalogue.Kind.telematics][random.weighted([60, 30, 10])]
        let products = random.sample(DemoCatalogue.sellable(kind: kind), count: random.int(in: 2...8))
        let lines = products.map { product in
            DemoLineDraft(product: product, quantity: Decimal(random.int(in: 1...60)), discount: [0, 3, 5][random.weighted([60, 25, 15])])
        }
        let day = anchor - age
        return DemoOrderDraft(deal: deal, quote: nil, day: day, shipBy: day + random.int(in: 3...21),
                              moves: moves(from: day, production: false, &random), lines: lines)
    }

    /// The statuses an order placed on `day` has gone through by the anchor day.
    private static func moves(from day: Int, production: Bool, _ random: inout DemoRandom) -> [(status: String, day: Int)] {
        var moves = [(status: "draft", day: day)]
        if anchor - day < 3 && random.chance(0.3) { return moves }
        moves.append(("confirmed", day))
        if anchor - day > 40 && random.chance(0.04) { return moves + [("cancelled", day + random.int(in: 1...5))] }
        var next = day + random.int(in: 1...4)
        let steps = (production ? ["inProduction"] : []) + ["shipped", "delivered", "closed"]
        for status in steps {
            next += status == "closed" ? 30 : status == "shipped" && production ? random.int(in: 7...25) : random.int(in: 1...6)
            guard next <= anchor else { break }
            moves.append((status, next))
        }
        return moves
    }

    // MARK: Invoices and payments

    private static func invoice(for order: DemoOrderDraft, index: Int, shipped: Int, seed: UInt64) -> DemoInvoiceDraft {
        var random = DemoRandom(seed: seed, stream: .invoice, index: index)
        let due = shipped + 30
        let overdueDays = anchor - due
        let roll = random.unit()
        let (full, partial) = overdueDays > 90 ? (0.96, 0.02) : overdueDays > 0 ? (0.7, 0.12) : (0.35, 0.1)
        let paymentDay = { (random: inout DemoRandom) in min(anchor, shipped + random.int(in: 5...40)) }
        var payments: [(share: Decimal, day: Int)] = []
        if roll < full {
            if random.chance(0.2) {
                let first = paymentDay(&random)
                payments = [(Decimal(string: "0.4")!, first), (Decimal(string: "0.6")!, min(anchor, first + random.int(in: 5...30)))]
            } else {
                payments = [(1, paymentDay(&random))]
            }
        } else if roll < full + partial {
            payments = [([Decimal(string: "0.3")!, Decimal(string: "0.5")!][random.int(2)], paymentDay(&random))]
        }
        return DemoInvoiceDraft(order: index, issueDay: shipped, dueDay: due, payments: payments)
    }

    // MARK: Expenses

    private static func expense(for deal: DemoDeal, _ random: inout DemoRandom) -> DemoExpenseDraft {
        let kinds: [(String, ClosedRange<Int>)] = [("travel", 200...2_500), ("meals", 40...400), ("entertainment", 100...1_500), ("samples", 50...800)]
        let (category, range) = kinds[random.weighted([45, 25, 15, 15])]
        // Open deals' costs are recent and partly still waiting for a decision.
        let day = deal.stage.kind == "open" ? anchor - random.int(in: 0...40) : min(anchor, deal.closeDay) - random.int(in: 5...60)
        let approved: Bool? = anchor - day > 20 ? random.chance(0.92) : nil
        return DemoExpenseDraft(deal: deal, category: category, dollars: Decimal(random.int(in: range)), day: day, approved: approved)
    }
}
