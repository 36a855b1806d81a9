import Foundation
import SQLKit

/// Reads a query's plan, so tests can prove that lists, searches and reports use indexes.
public struct PlanReader: Sendable {
    let dialect: Dialect

    /// On PostgreSQL sequential scans are priced out first: the planner prefers
    /// them on small test tables, and what matters is whether an index *can* serve.
    /// With `inIndexOrder`, sorts are priced out too, for queries whose index must also give the order.
    func plan(of query: SQLQueryString, on db: any SQLDatabase, inIndexOrder: Bool = false) async throws -> [String] {
        switch dialect {
        case .sqlite:
            return try await db.raw(SQLQueryString("EXPLAIN QUERY PLAN ") + query).all().map { try $0.decode(column: "detail", as: String.self) }
        case .postgres:
            try await db.raw("SET enable_seqscan = off").run()
            if inIndexOrder { try await db.raw("SET enable_sort = off").run() }
            do {
                let lines = try await db.raw(SQLQueryString("EXPLAIN ") + query).all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
                try await db.raw("RESET enable_seqscan").run()
                try await db.raw("RESET enable_sort").run()
                return lines
            } catch {
                try? await db.raw("RESET enable_seqscan").run()
                try? await db.raw("RESET enable_sort").run()
                throw error
            }
        }
    }

    /// Plan lines that read a whole table of CRM data instead of using an index.
    public static func fullScans(in lines: [String], dialect: Dialect) -> [String] {
        switch dialect {
        case .sqlite:
            // "SCAN t" reads every row; "SCAN t USING INDEX" walks an index in order. A scan of a
            // query's own intermediate result (a co-routine or materialized subquery, a window's
            // "(subquery-N)") reads what an index search already chose, not a table.
            let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
            let intermediate = Set(trimmed.compactMap { line -> String? in
                for prefix in ["CO-ROUTINE ", "MATERIALIZE "] where line.hasPrefix(prefix) { return String(line.dropFirst(prefix.count)) }
                return nil
            })
            return trimmed.filter { line in
                guard line.hasPrefix("SCAN "), !line.contains(" USING "), !line.contains("VIRTUAL TABLE"),
                      !line.hasPrefix("SCAN CONSTANT ROW"), !line.contains("json_each") else { return false }
                let name = String(line.dropFirst("SCAN ".count))
                return !intermediate.contains(name) && !name.hasPrefix("(subquery-")
            }
        case .postgres:
            return lines.filter { $0.contains("Seq Scan") }
        }
    }
}
