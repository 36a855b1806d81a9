import Foundation

/// The shape of the demo data, decided before any record is written: how accounts
/// group into trees, which contacts belong to which account and report to whom, who
/// owns what. Stored as compact arrays (a few bytes per record) so a million contacts
/// fit comfortably; record contents are derived later from the seed and the index.
struct DemoPlan: Sendable {
    static let maximumAccountDepth = 2
    let seed: UInt64
    let accountCount: Int
    let contactCount: Int
    let opportunityCount: Int
    let leadCount: Int
    let activityCount: Int

    // Accounts, by account index.
    var accountParent: [Int32] = []
    var accountRoot: [Int32] = []
    var accountDepth: [UInt8] = []
    var accountHasChildren: [Bool] = []
    var accountMarket: [UInt8] = []
    var accountCity: [UInt8] = []
    var accountTier: [UInt8] = []
    var accountOwner: [UInt16] = []

    // Contacts are numbered account by account; `contactStart[a]..<contactStart[a + 1]`
    // are account a's, the first of them at the top of its org chart.
    var contactStart: [Int32] = []
    var contactAccount: [Int32] = []
    var contactManager: [Int32] = []
    var contactLevel: [UInt8] = []

    var opportunityAccount: [Int32] = []
    var leadOwner: [UInt16] = []
    var leadMarket: [UInt8] = []

    static let tiers = ["strategic", "key", "standard", "small"]

    init(scale: Int, seed: UInt64, roster: DemoRoster) {
        self.seed = seed
        contactCount = scale
        accountCount = max(1, scale / 5)
        opportunityCount = max(1, scale * 3 / 10)
        leadCount = max(1, scale / 10)
        activityCount = scale
        planAccounts(roster)
        planContacts()
        planOpportunities()
        planLeads(roster)
    }

    // MARK: Accounts

    /// Groups of accounts: a holding with subsidiaries and their branches, or a single
    /// company. The first group always has children and grandchildren, so even the
    /// smallest demo shows a tree.
    private mutating func planAccounts(_ roster: DemoRoster) {
        let count = accountCount
        accountParent = Array(repeating: -1, count: count)
        accountRoot = Array(repeating: 0, count: count)
        accountDepth = Array(repeating: 0, count: count)
        accountHasChildren = Array(repeating: false, count: count)
        accountMarket = Array(repeating: 0, count: count)
        accountCity = Array(repeating: 0, count: count)
        accountTier = Array(repeating: 2, count: count)
        accountOwner = Array(repeating: 0, count: count)
        var random = DemoRandom(seed: seed, stream: .structure, index: 0)
        var start = 0
        while start < count {
            let wanted = start == 0 ? 6 : [1, 2, 3, 4, random.int(in: 5...7), random.int(in: 8...15)][random.weighted([55, 15, 10, 7, 8, 5])]
            let size = min(wanted, count - start)
            let market = random.weighted(DemoMarket.weights)
            let cities = DemoMarket.all[market].cities
            let partnered = random.chance(0.06)
            accountMarket[start] = UInt8(market)
            // Bigger cities come first in the tables and get more companies.
            accountCity[start] = UInt8(random.weighted(cities.indices.map { cities.count * 2 - $0 }))
            accountTier[start] = size >= 5 ? 0 : size >= 2 ? 1 : UInt8([1, 2, 3][random.weighted([8, 62, 30])])
            let rootOwner = partnered ? random.pick(roster.partnerUsers[market])
                : accountTier[start] == 0 && random.chance(0.3) ? roster.managers[market]
                : random.pick(roster.reps[market][cities[Int(accountCity[start])].teamSlot])
            accountOwner[start] = UInt16(rootOwner)
            accountRoot[start] = Int32(start)
            var subsidiaries: [Int] = []
            for member in start + 1 ..< start + size {
                let parent: Int
                if start == 0 {
                    parent = [0, 0, 0, 1, 1, 2][member]
                } else if subsidiaries.isEmpty || random.chance(0.55) {
                    parent = start
                } else {
                    parent = random.pick(subsidiaries)
                }
                accountParent[member] = Int32(parent)
                accountRoot[member] = Int32(start)
                accountDepth[member] = accountDepth[parent] + 1
                accountHasChildren[parent] = true
                if accountDepth[member] < Self.maximumAccountDepth { subsidiaries.append(member) }
                accountMarket[member] = UInt8(market)
                let city = random.int(cities.count)
                accountCity[member] = UInt8(city)
                accountTier[member] = UInt8(random.weighted([0, 40, 50, 10]))
                accountOwner[member] = partnered || random.chance(0.7) ? UInt16(rootOwner)
                    : UInt16(random.pick(roster.reps[market][cities[city].teamSlot]))
            }
            start += size
        }
    }

    /// Accounts, strategic ones more likely, key ones somewhat: big customers have more
    /// people and more deals.
    private func accountPicker() -> (inout DemoRandom) -> Int {
        let strategic = accountTier.indices.filter { accountTier[$0] == 0 }
        let key = accountTier.indices.filter { accountTier[$0] == 1 }
        let count = accountCount
        return { random in
            switch random.weighted([25, 25, 50]) {
            case 0 where !strategic.isEmpty: random.pick(strategic)
            case 1 where !key.isEmpty: random.pick(key)
            default: random.int(count)
            }
        }
    }

    // MARK: Contacts

    /// Every account has at least one person; the rest go mostly to big accounts. In an
    /// account, person p reports to person (p - 1) / 3, so org charts are bushy trees,
    /// except for some who are loose (no manager recorded).
    private mutating func planContacts() {
        var perAccount = [Int32](repeating: 0, count: accountCount)
        let guaranteed = min(accountCount, contactCount)
        for account in 0..<guaranteed { perAccount[account] = 1 }
        var random = DemoRandom(seed: seed, stream: .structure, index: 1)
        let pick = accountPicker()
        for _ in guaranteed..<contactCount { perAccount[pick(&random)] += 1 }

        contactStart = [Int32](repeating: 0, count: accountCount + 1)
        for account in 0..<accountCount { contactStart[account + 1] = contactStart[account] + perAccount[account] }
        contactAccount = [Int32](repeating: 0, count: contactCount)
        contactManager = [Int32](repeating: -1, count: contactCount)
        contactLevel = [UInt8](repeating: 0, count: contactCount)
        for account in 0..<accountCount {
            let first = Int(contactStart[account])
            for position in 0..<Int(perAccount[account]) {
                let contact = first + position
                contactAccount[contact] = Int32(account)
                guard position > 0, !random.chance(0.12) else { continue }
                let manager = first + (position - 1) / 3
                contactManager[contact] = Int32(manager)
                contactLevel[contact] = contactLevel[manager] &+ 1
            }
        }
    }

    // MARK: Deals and leads

    private mutating func planOpportunities() {
        var random = DemoRandom(seed: seed, stream: .structure, index: 2)
        let pick = accountPicker()
        opportunityAccount = (0..<opportunityCount).map { _ in Int32(pick(&random)) }
    }

    private mutating func planLeads(_ roster: DemoRoster) {
        leadOwner = []
        leadMarket = []
        leadOwner.reserveCapacity(leadCount)
        leadMarket.reserveCapacity(leadCount)
        for index in 0..<leadCount {
            var random = DemoRandom(seed: seed, stream: .lead, index: index)
            let head = DemoLeadHead(index: index, plan: self, roster: roster, random: &random)
            leadOwner.append(UInt16(head.owner))
            leadMarket.append(UInt8(head.market))
        }
    }

    func owner(ofContact contact: Int) -> Int { Int(accountOwner[Int(contactAccount[contact])]) }
    func market(ofContact contact: Int) -> Int { Int(accountMarket[Int(contactAccount[contact])]) }
}

/// The decisions about a lead that other records depend on (its owner for activities,
/// its market), made from the lead's own random stream so the plan and the record agree.
struct DemoLeadHead {
    let grade: String
    let status: String
    let source: String
    let market: Int
    let owner: Int
    /// For converted leads: the account it became.
    let convertedAccount: Int?

    static let gradeWeights = [10, 25, 35, 30]
    static let statusWeights = [25, 30, 15, 18, 12]

    /// Draws from the lead's stream first; the caller continues with the same stream.
    init(index: Int, plan: DemoPlan, roster: DemoRoster, random: inout DemoRandom) {
        let grades = ["H", "A", "B", "C"]
        let statuses = ["new", "working", "qualified", "disqualified", "converted"]
        // The first leads cover every grade and status, so even a tiny demo shows them all.
        grade = index < grades.count ? grades[index] : grades[random.weighted(Self.gradeWeights)]
        status = index < statuses.count ? statuses[index] : statuses[random.weighted(Self.statusWeights)]
        source = DemoWording.leadSources[random.weighted(DemoWording.leadSourceWeights)]
        if status == "converted" {
            let account = random.int(plan.accountCount)
            convertedAccount = account
            market = Int(plan.accountMarket[account])
            owner = Int(plan.accountOwner[account])
            return
        }
        convertedAccount = nil
        market = random.weighted(DemoMarket.weights)
        switch source {
        case "call centre": owner = random.pick(roster.callCentre)
        case "partner": owner = random.pick(roster.partnerUsers[market])
        default: owner = random.pick(roster.reps[market][random.int(2)])
        }
    }
}
