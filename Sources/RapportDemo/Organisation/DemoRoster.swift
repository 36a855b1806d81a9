import Foundation
import RapportDomain
import RapportPersistence

/// The demo company's people, by the place they work, as positions in `userIds` so the
/// plan can store owners compactly.
///
///     Head office (admin, read-only auditor)
///     ├── Shanghai branch (manager): East China, North China (reps)
///     ├── Moscow branch (manager): Moscow, North-West (reps)
///     ├── London branch (manager): UK & Ireland, North America (reps)
///     └── Call centre (manager, agents)
///
/// plus one dealer (partner organisation) per language with two partner users each.
struct DemoRoster: Sendable {
    /// The tenant's admin, in Head office; every record is written in their name.
    var admin: Directory.User?
    var userIds: [UUID] = []
    /// The partner organisation of each user (nil for the company's own staff).
    var userPartner: [UUID?] = []
    /// By market (`DemoMarket.all` order): the branch manager.
    var managers: [Int] = []
    /// By market and team slot: the reps.
    var reps: [[[Int]]] = []
    var callCentre: [Int] = []
    /// By market: the dealer's users.
    var partnerUsers: [[Int]] = []
    var teamCount = 0
    var partnerCount = 0

    static func repsPerTeam(scale: Int) -> Int { min(12, max(2, 2 + scale / 50_000)) }

    /// Creates teams, partners and users in the tenant; the admin is `admin@<domain>`.
    static func create(
        tenantId: UUID, domain: String, passwordHash: String, scale: Int, seed: UInt64, directory: Directory
    ) async throws -> DemoRoster {
        var roster = DemoRoster()
        var random = DemoRandom(seed: seed, stream: .organisation, index: 0)
        var emails: Set<String> = ["admin@\(domain)"]

        func add(_ person: DemoPerson, _ role: Role, team: UUID?, partner: UUID? = nil, locale: String) async throws -> Int {
            var local = person.emailLocal(style: 0)
            var suffix = 2
            while emails.contains("\(local)@\(domain)") {
                local = "\(person.emailLocal(style: 0))\(suffix)"
                suffix += 1
            }
            emails.insert("\(local)@\(domain)")
            let user = try await directory.addUser(
                .init(email: "\(local)@\(domain)", name: person.name, passwordHash: passwordHash, role: role,
                      teamId: team, partnerId: partner, locale: locale),
                tenantId: tenantId)
            roster.userIds.append(user.id)
            roster.userPartner.append(partner)
            return roster.userIds.count - 1
        }
        func team(_ name: String, parent: UUID?) async throws -> UUID {
            roster.teamCount += 1
            return try await directory.createTeam(tenantId: tenantId, name: name, parentId: parent)
        }

        let head = try await team("Head office", parent: nil)
        let admin = try await directory.addUser(
            .init(email: "admin@\(domain)", name: "Demo Admin", passwordHash: passwordHash, role: .admin, teamId: head), tenantId: tenantId)
        roster.admin = admin
        roster.userIds.append(admin.id)
        roster.userPartner.append(nil)
        let perTeam = repsPerTeam(scale: scale)
        let markets = DemoMarket.all
        roster.managers = Array(repeating: 0, count: markets.count)
        roster.reps = Array(repeating: [[], []], count: markets.count)
        roster.partnerUsers = Array(repeating: [], count: markets.count)

        let branches: [(name: String, language: DemoLanguage, locale: String, teams: [(String, [(market: Int, slot: Int)])])] = [
            ("Shanghai branch", .chinese, "zh", [("East China", [(0, 0)]), ("North China", [(0, 1)])]),
            ("Moscow branch", .russian, "ru", [("Moscow", [(1, 0)]), ("North-West", [(1, 1)])]),
            ("London branch", .english, "en", [
                ("UK & Ireland", [(3, 0), (3, 1), (4, 0), (4, 1)]), ("North America", [(2, 0), (2, 1)]),
            ]),
        ]
        for branch in branches {
            let branchId = try await team(branch.name, parent: head)
            let manager = try await add(DemoPeople.make(branch.language, &random), .manager, team: branchId, locale: branch.locale)
            for (teamName, covers) in branch.teams {
                let teamId = try await team(teamName, parent: branchId)
                var members: [Int] = []
                for _ in 0..<perTeam {
                    members.append(try await add(DemoPeople.make(branch.language, &random), .rep, team: teamId, locale: branch.locale))
                }
                for (market, slot) in covers {
                    roster.reps[market][slot] = members
                    roster.managers[market] = manager
                }
            }
        }

        let callCentre = try await team("Call centre", parent: head)
        _ = try await add(DemoPeople.make(.chinese, &random), .manager, team: callCentre, locale: "zh")
        for index in 0..<perTeam {
            let language = DemoLanguage.allCases[index % 3]
            roster.callCentre.append(try await add(
                DemoPeople.make(language, &random), .rep, team: callCentre, locale: ["zh", "ru", "en"][language.rawValue]))
        }

        let dealers: [(name: String, language: DemoLanguage, locale: String, markets: [Int])] = [
            ("江苏瑞丰汽车销售服务有限公司", .chinese, "zh", [0]),
            ("ООО «Урал-Авто Дилер»", .russian, "ru", [1]),
            ("Northstar Truck Centres Ltd", .english, "en", [2, 3, 4]),
        ]
        for dealer in dealers {
            let partnerId = try await directory.createPartner(tenantId: tenantId, name: dealer.name)
            roster.partnerCount += 1
            var members: [Int] = []
            for _ in 0..<2 {
                members.append(try await add(DemoPeople.make(dealer.language, &random), .partner, team: nil, partner: partnerId, locale: dealer.locale))
            }
            for market in dealer.markets { roster.partnerUsers[market] = members }
        }

        _ = try await add(DemoPeople.make(.english, &random), .readOnly, team: head, locale: "en")
        return roster
    }
}
