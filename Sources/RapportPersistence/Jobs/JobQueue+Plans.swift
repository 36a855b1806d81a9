import Foundation
import SQLKit

extension JobQueue {
    /// The plans of the queries every worker runs every poll, and of the tenant's list, so that
    /// tests can prove they stay on their indexes however many finished jobs pile up.
    public func explainHotQueries(kinds: Set<String> = ["plan.check"]) async throws -> [(query: String, plan: [String])] {
        let now = Date()
        let queries: [(String, SQLQueryString)] = [
            ("claim", claimQuery(worker: "plan", now: now, lease: .seconds(60), kinds: kinds)),
            ("expired leases", expiredLeasesQuery(now: now, kinds: kinds)),
            ("tenant list", listQuery(tenantId: UUID(), limit: 50, before: UUID())),
        ]
        let reader = PlanReader(dialect: dialect)
        return try await database.withConnection { [queries] db in
            var plans: [(query: String, plan: [String])] = []
            for (name, query) in queries { plans.append((name, try await reader.plan(of: query, on: db))) }
            return plans
        }
    }
}
