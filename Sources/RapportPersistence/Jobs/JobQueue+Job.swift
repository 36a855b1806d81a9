import Foundation
import RapportDomain
import SQLKit

extension JobQueue {
    /// Where a job is in its life: `pending` → `running` → `done`, or back to `pending`
    /// for a retry, or `failed`/`dead` for good.
    public enum State: String, Sendable, CaseIterable {
        case pending, running, done
        /// Refused for good by its handler; not retried.
        case failed
        /// Out of attempts; `lastError` says why the last one failed.
        case dead

        public var isFinished: Bool { self == .done || self == .failed || self == .dead }
    }

    /// One row of the `jobs` table.
    public struct Job: Sendable, Equatable {
        public let id: UUID
        /// Nil for server-wide work, which no user sees through the API.
        public let tenantId: UUID?
        public let kind: String
        public let payload: JSONValue
        public let uniqueKey: String?
        public let state: State
        public let runAt: Date
        /// Claims so far, the current one included.
        public let attempts: Int
        public let maxAttempts: Int
        /// The worker that holds the job, or last held it.
        public let lockedBy: String?
        public let lockedUntil: Date?
        public let lastError: String?
        public let progressDone: Int?
        public let progressTotal: Int?
        public let result: JSONValue?
        public let createdBy: UUID?
        public let createdAt: Date
        public let finishedAt: Date?

        /// Its creator and the administrators of its tenant; nobody for server-wide jobs.
        public func isVisible(to principal: Principal) -> Bool {
            guard tenantId == principal.tenantId else { return false }
            return principal.role == .admin || createdBy == principal.userId
        }
    }

    static func columns(_ d: Dialect) -> String {
        let payload = d == .postgres ? "payload::text AS payload" : "payload"
        let result = d == .postgres ? "result::text AS result" : "result"
        return """
            id, tenant_id, kind, \(payload), unique_key, state, run_at, attempts, max_attempts, locked_by, locked_until,
            last_error, progress_done, progress_total, \(result), created_by, created_at, finished_at
            """
    }

    static func decode(_ row: any SQLRow, codec: FieldCodec) throws -> Job {
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Int64?.self).map(Timestamp.date(milliseconds:))
        }
        func json(_ column: String) throws -> JSONValue? {
            try row.decode(column: column, as: String?.self).map { try JSONParser.parse($0) }
        }
        let stateText = try row.decode(column: "state", as: String.self)
        guard let id = try codec.decodeID(row, "id"), let state = State(rawValue: stateText) else {
            throw StoreError.conflict("job_unreadable", "A job row holds an unknown state \(stateText).")
        }
        return Job(
            id: id, tenantId: try codec.decodeID(row, "tenant_id"), kind: try row.decode(column: "kind", as: String.self),
            payload: try json("payload") ?? .null, uniqueKey: try row.decode(column: "unique_key", as: String?.self), state: state,
            runAt: try date("run_at") ?? Date(timeIntervalSince1970: 0),
            attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
            maxAttempts: Int(try row.decode(column: "max_attempts", as: Int64.self)),
            lockedBy: try row.decode(column: "locked_by", as: String?.self), lockedUntil: try date("locked_until"),
            lastError: try row.decode(column: "last_error", as: String?.self),
            progressDone: try row.decode(column: "progress_done", as: Int64?.self).map { Int($0) },
            progressTotal: try row.decode(column: "progress_total", as: Int64?.self).map { Int($0) },
            result: try json("result"), createdBy: try codec.decodeID(row, "created_by"),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0), finishedAt: try date("finished_at"))
    }
}
