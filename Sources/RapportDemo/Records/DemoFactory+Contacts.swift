import Foundation
import RapportDomain

extension DemoFactory {
    struct ContactIdentity {
        let person: DemoPerson
        let email: String
    }

    /// A contact's name and work e-mail, from their own stream so converted leads can
    /// name the same person.
    func contactIdentity(_ contact: Int) -> ContactIdentity {
        let account = Int(plan.contactAccount[contact])
        let market = DemoMarket.all[Int(plan.accountMarket[account])]
        var random = DemoRandom(seed: plan.seed, stream: .contactName, index: contact)
        let person = DemoPeople.make(market.language, &random)
        let domain = brand(ofGroup: Int(plan.accountRoot[account])).domain
        return ContactIdentity(person: person, email: "\(person.emailLocal(style: random.int(4)))@\(domain)")
    }

    /// Channel weights (email, phone, sms, meeting, messenger) by language: WeChat is
    /// how Chinese customers talk, Russian ones ring, English ones write.
    static let channelWeights: [[Int]] = [[20, 25, 5, 10, 40], [30, 35, 5, 10, 20], [50, 25, 5, 15, 5]]

    func contact(_ index: Int, accountIds: [UUID], contactIds: [UUID]) -> RecordInput {
        let account = Int(plan.contactAccount[index])
        let market = DemoMarket.all[Int(plan.accountMarket[account])]
        let identity = contactIdentity(index)
        var random = DemoRandom(seed: plan.seed, stream: .contact, index: index)
        // Titles follow the position in the account's chart: 1 top, 3 below it, 9 below them...
        let position = index - Int(plan.contactStart[account])
        let tier = position == 0 ? 0 : position <= 3 ? 1 : position <= 12 ? 2 : 3
        let titles = DemoWording.titles[market.language.rawValue][tier]
        let titleIndex = random.int(titles.count)
        let role = DemoWording.decisionRoles[tier][titleIndex]

        var input = RecordInput()
        input["externalId"] = .text(Self.externalId("cont", index))
        input["name"] = .text(identity.person.name)
        input["accountId"] = .id(accountIds[account])
        let manager = Int(plan.contactManager[index])
        if manager >= 0 { input["reportsToId"] = .id(contactIds[manager]) }
        input["title"] = .text(titles[titleIndex])
        input["decisionRole"] = .text(role)
        let influence = role == "gatekeeper" ? 2 : [5, random.int(in: 4...5), random.int(in: 3...4), random.int(in: 1...3)][tier]
        input["influence"] = .integer(Int64(influence))
        let born = DemoCalendar.days(year: random.int(in: 1962...2001), month: 1, day: 1) + random.int(365)
        input["birthday"] = .date(DemoCalendar.date(days: born))
        var emails = [identity.email]
        if random.chance(0.15) {
            emails.append("\(identity.person.emailLocal(style: 3))\(random.int(in: 10...99))@\(random.pick(market.freeMail))")
        }
        input["emails"] = .list(emails)
        var phones = [market.landline(market.cities[Int(plan.accountCity[account])], &random)]
        if random.chance(0.8) { phones.append(market.mobile(&random)) }
        input["phones"] = .list(phones)
        input["preferredChannel"] = .text(EntityDefinition.channels[random.weighted(Self.channelWeights[market.language.rawValue])])
        input["emailConsent"] = .bool(random.chance(0.7))
        input["smsConsent"] = .bool(random.chance(0.4))
        ownership(Int(plan.accountOwner[account]), into: &input)
        return input
    }
}
