import Foundation
import RapportDomain

extension DemoFactory {
    func lead(_ index: Int, accountIds: [UUID], contactIds: [UUID]) -> RecordInput {
        var random = DemoRandom(seed: plan.seed, stream: .lead, index: index)
        let head = DemoLeadHead(index: index, plan: plan, roster: roster, random: &random)
        let market = DemoMarket.all[head.market]

        var input = RecordInput()
        input["externalId"] = .text(Self.externalId("lead", index))
        if let account = head.convertedAccount {
            // A converted lead names the company and person it became.
            input["company"] = .text(accountIdentity(account).name)
            input["convertedAccountId"] = .id(accountIds[account])
            let first = Int(plan.contactStart[account])
            let people = Int(plan.contactStart[account + 1]) - first
            if people > 0 {
                let contact = first + random.int(min(people, 3))
                let identity = contactIdentity(contact)
                input["name"] = .text(identity.person.name)
                input["email"] = .text(identity.email)
                input["convertedContactId"] = .id(contactIds[contact])
            } else {
                input["name"] = .text(DemoPeople.make(market.language, &random).name)
            }
        } else {
            let person = DemoPeople.make(market.language, &random)
            let brand = DemoCompanies.brand(market, &random)
            let city = random.pick(market.cities)
            input["name"] = .text(person.name)
            input["company"] = .text(DemoCompanies.name(
                brand: brand, role: .standalone, industry: DemoCompanies.industries[brand.industry], city: city, market: market, &random))
            let domain = random.chance(0.75) ? brand.domain : random.pick(market.freeMail)
            input["email"] = .text("\(person.emailLocal(style: random.int(4)))@\(domain)")
        }
        input["phone"] = .text(market.mobile(&random))
        input["source"] = .text(head.source)
        input["grade"] = .text(head.grade)
        input["status"] = .text(head.status)
        // New leads arrived lately; older ones are spread over the last two years.
        let age = switch head.status {
        case "new": random.int(21)
        case "working": random.int(90)
        default: random.int(730)
        }
        input["receivedAt"] = .timestamp(Self.businessTime(day: Self.anchorDay - age, market: market, &random))
        ownership(head.owner, into: &input)
        return input
    }
}
