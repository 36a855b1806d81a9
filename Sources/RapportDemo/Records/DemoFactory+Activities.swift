import Foundation
import RapportDomain

extension DemoFactory {
    struct RecordIds: Sendable {
        var accounts: [UUID]
        var contacts: [UUID]
        var opportunities: [UUID]
        var leads: [UUID]
    }

    static let relatedWeights = [20, 35, 15, 30]

    func activity(_ index: Int, ids: RecordIds) -> RecordInput {
        var random = DemoRandom(seed: plan.seed, stream: .activity, index: index)
        // `EntityDefinition.activityTargets` order: account, contact, lead, opportunity.
        let target = random.weighted(Self.relatedWeights)
        let relatedId: UUID
        let owner: Int
        let marketIndex: Int
        switch target {
        case 0:
            let account = random.int(plan.accountCount)
            (relatedId, owner, marketIndex) = (ids.accounts[account], Int(plan.accountOwner[account]), Int(plan.accountMarket[account]))
        case 1:
            let contact = random.int(plan.contactCount)
            (relatedId, owner, marketIndex) = (ids.contacts[contact], plan.owner(ofContact: contact), plan.market(ofContact: contact))
        case 2:
            let lead = random.int(plan.leadCount)
            (relatedId, owner, marketIndex) = (ids.leads[lead], Int(plan.leadOwner[lead]), Int(plan.leadMarket[lead]))
        default:
            let deal = random.int(plan.opportunityCount)
            let account = Int(plan.opportunityAccount[deal])
            (relatedId, owner, marketIndex) = (ids.opportunities[deal], Int(plan.accountOwner[account]), Int(plan.accountMarket[account]))
        }
        let market = DemoMarket.all[marketIndex]
        let language = market.language.rawValue
        let type = EntityDefinition.activityTypes[random.weighted(DemoWording.activityTypeWeights)]
        let subject = random.pick(DemoWording.subjects[type]?[language] ?? ["—"])

        var input = RecordInput()
        input["externalId"] = .text(Self.externalId("act", index))
        input["type"] = .text(type)
        input["subject"] = .text(subject)
        input["relatedType"] = .text(EntityDefinition.activityTargets[target])
        input["relatedId"] = .id(relatedId)
        // Mostly history, some of it still ahead.
        let future = type != "note" && random.chance(0.2)
        let day = future ? Self.anchorDay + random.int(in: 0...45) : Self.anchorDay - random.int(in: 1...540)
        let due = Self.businessTime(day: day, market: market, &random)
        input["dueAt"] = .timestamp(due)
        if future {
            input["done"] = .bool(false)
            if type == "meeting" { input["reminderAt"] = .timestamp(due.addingTimeInterval(-3_600)) }
            if type == "task" { input["reminderAt"] = .timestamp(due.addingTimeInterval(-86_400)) }
        } else if type == "note" || type == "email" || random.chance(0.92) {
            input["done"] = .bool(true)
            input["doneAt"] = .timestamp(type == "note" ? due : due.addingTimeInterval(Double(random.int(121) * 60)))
            switch type {
            case "call", "meeting": input["outcome"] = .text(random.pick(DemoWording.outcomes[language]))
            case "task": input["outcome"] = .text(DemoWording.completed[language])
            case "note": input["details"] = .text(subject)
            default: break
            }
        } else {
            // Overdue: planned, never done.
            input["done"] = .bool(false)
        }
        ownership(owner, into: &input)
        return input
    }
}
