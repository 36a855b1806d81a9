import Foundation
import NIOHTTP1
import RapportDemo
import RapportDomain

/// Server time of the web pages, signed in as a demo sales rep and as a branch manager:
/// Home, each list filtered and sorted, a record page with 200 activities, and the board.
extension BenchRunner {
    func measurePages(_ admin: BenchClient, _ report: inout BenchReport) async throws {
        let users = try await admin.expectOK(.GET, "/api/v1/users").body["data"]?.arrayValue ?? []
        for role in ["rep", "manager"] {
            guard let user = users.first(where: { $0["role"]?.stringValue == role }) else {
                throw BenchError("The demo data has no \(role) to measure pages as.")
            }
            try await measurePages(as: user, role: role, admin, &report)
        }
    }

    private func measurePages(as user: JSONValue, role: String, _ admin: BenchClient, _ report: inout BenchReport) async throws {
        guard let email = user["email"]?.stringValue, let managerId = user["id"]?.stringValue else {
            throw BenchError("A demo user has no e-mail or id.")
        }
        var client = admin
        client.token = try await admin.expectOK(.POST, "/api/v1/auth/login", body: Array(
            #"{"email": "\#(email)", "password": "\#(DemoLoader.password)"}"#.utf8)).body["token"]?.stringValue
        let openDeals = try await client.expectOK(.GET, "/api/v1/opportunities?filter%5Bstatus%5D=open&count=true&limit=1").body["meta"]?["total"]?.numberText.flatMap { Int($0) } ?? 0
        let account = try await accountWithTimeline(client, ownerId: managerId)
        var paths: [(String, String)] = [("home", "/"), ("board (\(openDeals) open deals in scope)", "/board"),
                                         ("record page with 200 activities", "/accounts/\(account)")]
        for (plural, sort) in [("accounts", "-updatedAt"), ("contacts", "-updatedAt"), ("leads", "-updatedAt"), ("opportunities", "-updatedAt"), ("activities", "-dueAt")] {
            paths.append(("\(plural) list, by owner, sorted", "/\(plural)?filter%5BownerId%5D=\(managerId)&sort=\(sort)"))
        }
        let (worst, details) = try await slowest(paths, client, samples: max(20, self.samples / 10))
        report.figures.append(BenchFigure(name: "web pages as a \(role), slowest p95 (server time)", value: worst, unit: "ms p95",
                                          goal: "p95 ≤ 50 ms", met: worst <= 50, detail: details))
    }

    /// An account of the manager's with 200 activities on its timeline (added once).
    private func accountWithTimeline(_ client: BenchClient, ownerId: String) async throws -> String {
        let page = try await client.expectOK(.GET, "/api/v1/accounts?filter%5BownerId%5D=\(ownerId)&limit=1&sort=name").body["data"]?.arrayValue ?? []
        guard let account = page.first?["id"]?.stringValue else { throw BenchError("The manager owns no account.") }
        let existing = try await client.expectOK(.GET, "/api/v1/activities?filter%5BrelatedId%5D=\(account)&count=true&limit=1").body["meta"]?["total"]?.numberText.flatMap { Int($0) } ?? 0
        if existing < 200 {
            let rows = (existing..<200).map { index in
                #"{"type": "call", "subject": "Bench call \#(index)", "relatedType": "account", "relatedId": "\#(account)", "dueAt": "2026-10-\#(String(format: "%02d", index % 28 + 1))T10:00:00Z", "done": true}"#
            }
            _ = try await client.expectOK(.POST, "/api/v1/activities/bulk", body: Array(#"{"records": [\#(rows.joined(separator: ","))]}"#.utf8))
        }
        return account
    }
}
