import Foundation
import RapportDomain
import RapportPersistence

extension DemoFactory {
    func opportunity(_ index: Int, accountIds: [UUID], contactIds: [UUID]) -> RecordInput {
        let account = Int(plan.opportunityAccount[index])
        let market = DemoMarket.all[Int(plan.accountMarket[account])]
        let language = market.language.rawValue
        var random = DemoRandom(seed: plan.seed, stream: .opportunity, index: index)
        let head = DemoDealHead(index: index, stages: stages, random: &random)
        let (stage, product, quantity) = (head.stage, DemoWording.products[head.product], head.quantity)
        var dollars = Double(quantity) * Double(random.int(in: product.unitDollars))
        if product.multiYear { dollars *= Double(random.int(in: 1...3)) }
        let closeDay = stage.kind == "open"
            ? Self.anchorDay + random.int(in: -20...180)
            : Self.anchorDay - random.int(in: 1...540)
        let closeDate = DemoCalendar.date(days: closeDay)
        let name = product.names[language]
            .replacingOccurrences(of: "{q}", with: String(quantity))
            .replacingOccurrences(of: "{city}", with: market.cities[Int(plan.accountCity[account])].name)
            .replacingOccurrences(of: "{year}", with: String(closeDate.year))

        var input = RecordInput()
        input["externalId"] = .text(Self.externalId("opp", index))
        input["name"] = .text(name)
        input["accountId"] = .id(accountIds[account])
        let people = Int(plan.contactStart[account + 1] - plan.contactStart[account])
        if people > 0 {
            input["primaryContactId"] = .id(contactIds[Int(plan.contactStart[account]) + random.int(min(people, 4))])
        }
        input["stageId"] = .id(stage.id)
        input["amount"] = .money(market.money(dollars: dollars))
        input["expectedCloseDate"] = .date(closeDate)
        let rivals = stage.kind == "lost" ? random.int(in: 1...2) : random.weighted([40, 40, 20])
        input["competitors"] = .list(random.sample(DemoWording.competitors[language], count: rivals))
        if stage.kind == "lost" { input["lostReason"] = .text(random.pick(DemoWording.lostReasons[language])) }
        if stage.kind != "open" {
            // Decided deals closed on their close date, late morning UTC.
            input["closedAt"] = .timestamp(Date(timeIntervalSince1970: Double(closeDate.daysSince1970) * 86_400 + 36_000))
        } else {
            input["forecastCategory"] = .text(["pipeline", "pipeline", "bestCase", "commit"][random.int(4)])
        }
        ownership(Int(plan.accountOwner[account]), into: &input)
        return input
    }
}

/// The decisions about a deal that its quote and order depend on (stage, what is sold, how
/// many), drawn first from the deal's own stream, so the sales documents can recompute them
/// from the deal's index alone; the caller continues with the same stream.
struct DemoDealHead {
    let stage: PipelineStore.Stage
    /// Index into `DemoWording.products`.
    let product: Int
    let quantity: Int

    init(index: Int, stages: [PipelineStore.Stage], random: inout DemoRandom) {
        // The first deals visit every stage, so even a tiny demo fills the whole board.
        stage = stages[index < stages.count ? index : random.weighted(Self.stageWeights(stages))]
        product = random.weighted(DemoWording.products.map(\.weight))
        quantity = random.int(in: DemoWording.products[product].quantity)
    }

    /// Relative frequency of each stage: early stages are crowded, and a good share of
    /// deals is already decided.
    static func stageWeights(_ stages: [PipelineStore.Stage]) -> [Int] {
        stages.enumerated().map { position, stage in
            switch stage.kind {
            case "won": 18
            case "lost": 12
            default: max(5, 30 - 5 * position)
            }
        }
    }
}
