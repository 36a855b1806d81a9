import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// Home lists what is due: a rep's own tasks, reminders, leads and pipeline; a manager's the same
/// plus their team's. Fixture users keep UTC, so "today" is the UTC day.
@Suite("Home page", .serialized)
struct HomePageTests {
    @Test("A rep's Home shows their overdue and today's tasks, reminders, leads near their deadline and weighted pipeline; a manager's adds the team's")
    func repAndManagerHome() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            let now = Date()
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            let today = utc.startOfDay(for: now)
            let hour: TimeInterval = 3_600
            func task(_ subject: String, due: Date, done: Bool = false, reminder: Date? = nil, as principal: Principal) async throws {
                var json = #"{"type": "task", "subject": "\#(subject)", "dueAt": "\#(Timestamp.format(due))", "done": \#(done)"#
                if let reminder { json += #", "reminderAt": "\#(Timestamp.format(reminder))""# }
                try await fixture.create("activity", json + "}", as: principal)
            }
            func lead(_ name: String, due: Date, as principal: Principal) async throws {
                try await fixture.create("lead", #"{"name": "\#(name)", "responseDueAt": "\#(Timestamp.format(due))"}"#, as: principal)
            }
            for (who, principal, offset) in [("Rep", fixture.rep, 0.0), ("Manager", fixture.manager, 1.0)] {
                try await task("\(who) overdue task", due: today - (12 - offset) * hour, as: principal)
                try await task("\(who) today task", due: today + (12 + offset) * hour, as: principal)
                try await task("\(who) next week task", due: today + 7 * 24 * hour, as: principal)
                try await task("\(who) done task", due: today - 20 * hour, done: true, as: principal)
                try await task("\(who) reminder task", due: today + 3 * 24 * hour, reminder: now + hour, as: principal)
                try await lead("\(who) lead due soon", due: now + (2 + offset) * hour, as: principal)
                try await lead("\(who) lead due later", due: now + 5 * 24 * hour, as: principal)
            }
            // A dealer's overdue task is outside the manager's team.
            try await task("Dealer overdue task", due: today - 12 * hour, as: fixture.partner)
            let proposal = try await fixture.stage(named: "Proposal")  // 50 %
            try await fixture.create("opportunity", #"""
                {"name": "Rep open deal", "stageId": "\#(proposal.lowercaseString)", "amount": {"amount": "12345.00", "currency": "USD"}}
                """#, as: fixture.rep)
            // MUT
            let rep = try await context.page("/", as: "rep")
            let manager = try await context.page("/", as: "manager")
            // validate
            #expect(rep.status == .ok && manager.status == .ok)
            #expect(Self.titles(rep.text, "home-overdue") == ["Rep overdue task"])
            #expect(Self.titles(rep.text, "home-today") == ["Rep today task"])
            #expect(Self.titles(rep.text, "home-reminders") == ["Rep reminder task"])
            #expect(Self.titles(rep.text, "home-leads") == ["Rep lead due soon"])
            let pipeline = try #require(Self.section(rep.text, "home-pipeline"))
            #expect(pipeline.contains("$12,345.00") && pipeline.contains("$6,172.50"), "total and weighted total: \(pipeline)")
            #expect(Self.section(rep.text, "home-team-overdue") == nil, "a rep has no team section")

            #expect(Self.titles(manager.text, "home-overdue") == ["Manager overdue task"])
            #expect(Self.titles(manager.text, "home-today") == ["Manager today task"])
            #expect(Self.titles(manager.text, "home-leads") == ["Manager lead due soon"])
            #expect(Self.titles(manager.text, "home-team-overdue") == ["Rep overdue task", "Manager overdue task"])
            #expect(Self.owners(manager.text, "home-team-overdue") == ["rep", "manager"])
            #expect(Self.titles(manager.text, "home-team-today") == ["Rep today task", "Manager today task"])
            #expect(Self.titles(manager.text, "home-team-leads") == ["Rep lead due soon", "Manager lead due soon"])
            #expect(Self.owners(manager.text, "home-team-leads") == ["rep", "manager"])
            let teamPipeline = try #require(Self.section(manager.text, "home-team-pipeline"))
            #expect(teamPipeline.contains("$12,345.00") && teamPipeline.contains("$6,172.50"), "\(teamPipeline)")
        }
    }

    @Test("The team section is bounded: a manager sees the ten most overdue of all the team's tasks, oldest first")
    func teamSectionIsBounded() async throws {
        try await APITestContext.with { context in
            // setup: eleven overdue calls in one team (each team's walk stops at ten), and two
            // older ones in another team, which must come first in the merged list.
            let fixture = context.fixture
            let twoDaysAgo = Calendar(identifier: .gregorian).date(byAdding: .day, value: -2, to: Date())!
            for index in 0..<11 {
                let due = Timestamp.format(twoDaysAgo.addingTimeInterval(Double(index) * 60))
                try await fixture.create("activity", #"{"type": "call", "subject": "North call \#(index)", "dueAt": "\#(due)"}"#, as: fixture.rep)
            }
            for index in 0..<2 {
                let due = Timestamp.format(twoDaysAgo.addingTimeInterval(Double(index - 10) * 60))
                try await fixture.create("activity", #"{"type": "call", "subject": "South call \#(index)", "dueAt": "\#(due)"}"#, as: fixture.rep2)
            }
            // MUT
            let manager = try await context.page("/", as: "manager")
            // validate
            #expect(Self.titles(manager.text, "home-team-overdue") == ["South call 0", "South call 1"] + (0..<8).map { "North call \($0)" })
        }
    }

    // MARK: Helpers

    /// The HTML of the card headed by `id`, or nil if the page has none.
    static func section(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "aria-labelledby=\"\(id)\"") else { return nil }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
    }

    static func titles(_ html: String, _ id: String) -> [String]? {
        section(html, id).map { $0.matches(of: /<li><a href="[^"]*">([^<]*)<\/a>/).map { String($0.output.1) } }
    }

    static func owners(_ html: String, _ id: String) -> [String]? {
        section(html, id).map { $0.matches(of: /<span class="owner">([^<]*)<\/span>/).map { String($0.output.1) } }
    }
}
