import Foundation
import RapportDomain
import RapportPersistence

/// Makes the input of each demo record from the plan. Every record's values come from
/// its own random stream (seed, entity, index), so they are the same whatever order
/// or batch size records are written in. References are filled from the ids the store
/// assigned to records written earlier.
struct DemoFactory: Sendable {
    let plan: DemoPlan
    let roster: DemoRoster
    /// The default pipeline's stages in order.
    let stages: [PipelineStore.Stage]

    /// Every date is relative to this day (2026-11-01, UTC) rather than to today, so
    /// the same seed gives the same data whenever it is loaded. Deals and tasks after
    /// it are the "future"; leads and history lie in the two years before it.
    static let anchorDay = DemoCalendar.days(year: 2026, month: 11, day: 1)

    static func externalId(_ prefix: String, _ index: Int) -> String {
        let number = String(index + 1)
        return "demo-\(prefix)-" + String(repeating: "0", count: max(0, 7 - number.count)) + number
    }

    /// The owner's id and, for dealer staff, their partner organisation.
    func ownership(_ owner: Int, into input: inout RecordInput) {
        input["ownerId"] = .id(roster.userIds[owner])
        if let partner = roster.userPartner[owner] { input["partnerId"] = .id(partner) }
    }

    /// A time on a working day's business hours, local to the market.
    static func businessTime(day: Int, market: DemoMarket, _ random: inout DemoRandom) -> Date {
        let local = (9 + random.int(9)) * 3_600 + random.int(4) * 900
        return DemoCalendar.timestamp(days: day, seconds: local - market.utcOffsetHours * 3_600)
    }

    // MARK: Accounts

    struct AccountIdentity {
        let name: String
        let brand: DemoBrand
        let industry: DemoIndustry
        let city: DemoCity
        let market: DemoMarket
    }

    /// The brand every account of the group (and its people's e-mail) shares.
    func brand(ofGroup root: Int) -> DemoBrand {
        var random = DemoRandom(seed: plan.seed, stream: .brand, index: root)
        return DemoCompanies.brand(DemoMarket.all[Int(plan.accountMarket[root])], &random)
    }

    /// The account's name and brand, from their own streams so contacts and leads can
    /// recompute them without making the whole account.
    func accountIdentity(_ account: Int) -> AccountIdentity {
        let market = DemoMarket.all[Int(plan.accountMarket[account])]
        let root = Int(plan.accountRoot[account])
        let brand = brand(ofGroup: root)
        var random = DemoRandom(seed: plan.seed, stream: .accountName, index: account)
        let city = market.cities[Int(plan.accountCity[account])]
        let parent = Int(plan.accountParent[account])
        if plan.accountDepth[account] >= 2 && parent >= 0 {
            let above = accountIdentity(parent)
            let name = DemoCompanies.branchName(parent: above.name, parentCity: above.city, city: city, market: market, &random)
            return AccountIdentity(name: name, brand: brand, industry: above.industry, city: city, market: market)
        }
        let industry = account == root || random.chance(0.6) ? brand.industry : random.int(DemoCompanies.industries.count)
        let role: DemoGroupRole = plan.accountDepth[account] == 0
            ? (plan.accountHasChildren[account] ? .holding : .standalone)
            : .subsidiary
        let name = DemoCompanies.name(
            brand: brand, role: role, industry: DemoCompanies.industries[industry], city: city, market: market, &random)
        return AccountIdentity(name: name, brand: brand, industry: DemoCompanies.industries[industry], city: city, market: market)
    }

    static let sizesByTier: [[String]] = [["1001-5000", "5000+"], ["201-1000", "1001-5000"], ["11-50", "51-200", "201-1000"], ["1-10", "11-50"]]

    func account(_ index: Int, accountIds: [UUID]) -> RecordInput {
        let identity = accountIdentity(index)
        var random = DemoRandom(seed: plan.seed, stream: .account, index: index)
        let tier = Int(plan.accountTier[index])
        var input = RecordInput()
        input["externalId"] = .text(Self.externalId("acct", index))
        input["name"] = .text(identity.name)
        let parent = Int(plan.accountParent[index])
        if parent >= 0 { input["parentId"] = .id(accountIds[parent]) }
        input["industry"] = .text(identity.industry.name)
        input["size"] = .text(random.pick(Self.sizesByTier[tier]))
        input["tier"] = .text(DemoPlan.tiers[tier])
        input["tags"] = .list(random.sample(DemoWording.accountTags, count: random.weighted([40, 40, 20])))
        var addresses = [identity.market.address(kind: "billing", city: identity.city, &random)]
        if random.chance(0.3) { addresses.append(identity.market.address(kind: "shipping", city: identity.city, &random)) }
        input["addresses"] = .addresses(addresses)
        var phones = [identity.market.landline(identity.city, &random)]
        if random.chance(0.4) { phones.append(identity.market.landline(identity.city, &random)) }
        input["phones"] = .list(phones)
        input["website"] = .text("https://www.\(identity.brand.domain)")
        ownership(Int(plan.accountOwner[index]), into: &input)
        return input
    }
}
