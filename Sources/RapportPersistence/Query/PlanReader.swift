import Foundation
import SQLKit

/// Reads a query's plan, so tests can prove that lists, searches and reports use indexes.
public struct PlanReader: Sendable {
    let dialect: Dialect

    /// On PostgreSQL sequential scans are priced out first: the planner prefers
    /// them on small test tables, and what matters is whether an index *can* serve.
    func plan(of query: SQLQueryString, on db: any SQLDatabase) async throws -> [String] {
        switch dialect {
        case .sqlite:
            return try await db.raw(SQLQueryString("EXPLAIN QUERY PLAN ") + query).all().map { try $0.decode(column: "detail", as: String.self) }
        case .postgres:
            try await db.raw("SET enable_seqscan = off").run()
            do {
                let lines = try await db.raw(SQLQueryString("EXPLAIN ") + query).all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
                try await db.raw("RESET enable_seqscan").run()
                return lines
            } catch {
                try? await db.raw("RESET enable_seqscan").run()
                throw error
            }
        }
    }

    /// Plan lines that read a whole table of CRM data instead of using an index.
    public static func fullScans(in lines: [String], dialect: Dialect) -> [String] {
        switch dialect {
        case .sqlite:
            // "SCAN t" reads every row; "SCAN t USING INDEX" walks an index in order.
            return lines.filter { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("SCAN ") && !trimmed.contains(" USING ") && !trimmed.contains("VIRTUAL TABLE")
                    && !trimmed.hasPrefix("SCAN CONSTANT ROW") && !trimmed.contains("json_each")
            }
        case .postgres:
            return lines.filter { $0.contains("Seq Scan") }
        }
    }
}
