import Foundation
import RapportDomain
import SQLKit

extension EntityStore {
    public static let maximumBulkRows = 10_000

    public enum BulkOutcome: Sendable {
        case created(id: UUID, version: Int64)
        case updated(id: UUID, version: Int64)
        case failed([FieldError])
    }

    /// Creates, or with `upsertOnExternalId` updates, many records at once. Each row
    /// succeeds or fails on its own; a bad row never blocks or half-writes the others.
    public func bulkUpsert(
        _ entity: EntityDefinition, rows: [Result<RecordInput, ValidationFailure>], upsertOnExternalId: Bool, principal: Principal
    ) async throws -> [BulkOutcome] {
        guard principal.mayWrite(entity) else { throw StoreError.refused(principal.writeRefusal(entity)) }
        var outcomes = [BulkOutcome?](repeating: nil, count: rows.count)
        var inputs: [(index: Int, input: RecordInput)] = []
        var seenExternalIds: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            switch row {
            case .failure(let failure): outcomes[index] = .failed(failure.errors)
            case .success(let input):
                if let externalId = input["externalId"]?.textValue {
                    if let first = seenExternalIds[externalId] {
                        outcomes[index] = .failed([FieldError(field: "externalId", code: "duplicate_in_request",
                            message: "externalId \"\(externalId)\" already appears in row \(first) of this request.")])
                        continue
                    }
                    seenExternalIds[externalId] = index
                }
                inputs.append((index, input))
            }
        }
        // Optimistic first: every row in plain statements. Savepoints make SQLite copy each page
        // it touches, so they are kept for the retry, where they pin down which rows fail.
        let results: [(Int, BulkOutcome)]
        do {
            results = try await database.transaction { [inputs] db in
                try await writeBulk(entity, inputs: inputs, upsert: upsertOnExternalId, isolateRows: false, principal: principal, on: db)
            }
        } catch {
            results = try await database.transaction { [inputs] db in
                try await writeBulk(entity, inputs: inputs, upsert: upsertOnExternalId, isolateRows: true, principal: principal, on: db)
            }
        }
        for (index, outcome) in results { outcomes[index] = outcome }
        return outcomes.map { $0 ?? .failed([FieldError(field: "row", code: "not_processed", message: "The row was not processed.")]) }
    }

    private func writeBulk(
        _ entity: EntityDefinition, inputs: [(index: Int, input: RecordInput)], upsert: Bool, isolateRows: Bool,
        principal: Principal, on db: any SQLDatabase
    ) async throws -> [(Int, BulkOutcome)] {
        var results: [(Int, BulkOutcome)] = []
        var timer = PhaseTimer(logger: database.logger, operation: "bulk \(entity.plural) rows=\(inputs.count)")
        defer { timer.finish() }
        let existing = upsert ? try await existingByExternalId(entity, inputs.compactMap { $0.input["externalId"]?.textValue }, principal: principal, on: db) : [:]
        var pending: [PendingWrite] = []
        for (index, input) in inputs {
            let externalId = input["externalId"]?.textValue
            switch externalId.flatMap({ existing[$0] }) {
            case .some(.writable(let record)):
                if record.deletedAt != nil {
                    results.append((index, .failed([FieldError(field: "externalId", code: "deleted",
                        message: "The record with this externalId is deleted; restore it first.")])))
                } else {
                    pending.append(PendingWrite(index: index, input: input, existing: record))
                }
            case .some(.notWritable):
                results.append((index, .failed([FieldError(field: "externalId", code: "forbidden",
                    message: "A record with this externalId exists and you may not change it.")])))
            case .none:
                let missing = entity.allFields.filter { $0.required && input[$0.name] == nil }
                if missing.isEmpty {
                    pending.append(PendingWrite(index: index, input: input, existing: nil))
                } else {
                    results.append((index, .failed(missing.map { FieldError(field: $0.name, code: "required", message: "\($0.label) is required.") })))
                }
            }
        }
        timer.mark("existing")
        let planner = WritePlanner(entity: entity, principal: principal, db: db, codec: codec, now: Date())
        let planned = try await planner.plan(consume pending)
        timer.mark("plan")
        let writer = RecordWriter(entity: entity, principal: principal, db: db, codec: codec)
        for write in planned where !write.errors.isEmpty { results.append((write.index, .failed(write.errors))) }
        let good = planned.filter(\.errors.isEmpty)
        let creates = good.filter(\.isCreate)
        if isolateRows {
            results += try await insertIsolated(creates, writer: writer, on: db)
        } else {
            _ = try await writer.insert(creates)
            results += creates.map { ($0.index, .created(id: $0.id, version: 1)) }
        }
        timer.mark("insert")
        let compared = entity.allFields.map(\.name).filter { !["version", "updatedAt", "updatedBy"].contains($0) }
        for write in good where !write.isCreate {
            let version = write.values["version"]?.integerValue ?? 0
            let changed = compared.contains { write.changes($0) }
            if !changed {
                results.append((write.index, .updated(id: write.id, version: version - 1)))
            } else if try await (isolateRows ? savepoint(on: db, { try await writer.update(write) }) : writer.update(write)) == true {
                results.append((write.index, .updated(id: write.id, version: version)))
            } else {
                results.append((write.index, .failed([FieldError(field: "row", code: "write_failed", message: "The record changed meanwhile or could not be stored.")])))
            }
        }
        timer.mark("update")
        return results
    }

    /// Inserts in large statements; if one fails, retries its rows one by one so only
    /// the offending rows fail.
    private func insertIsolated(_ writes: [PendingWrite], writer: RecordWriter, on db: any SQLDatabase) async throws -> [(Int, BulkOutcome)] {
        guard !writes.isEmpty else { return [] }
        if try await savepoint(on: db, { try await writer.insert(writes) }) != nil {
            return writes.map { ($0.index, .created(id: $0.id, version: 1)) }
        }
        var results: [(Int, BulkOutcome)] = []
        for write in writes {
            if try await savepoint(on: db, { try await writer.insert([write]) }) != nil {
                results.append((write.index, .created(id: write.id, version: 1)))
            } else {
                results.append((write.index, .failed([FieldError(field: "externalId", code: "conflict",
                    message: "The row clashes with a stored record (is its externalId already taken?).")])))
            }
        }
        return results
    }

    /// Runs `body` inside a savepoint; nil (and nothing written) when it fails.
    private func savepoint<T: Sendable>(on db: any SQLDatabase, _ body: () async throws -> T) async throws -> T? {
        try await db.raw("SAVEPOINT bulk_rows").run()
        do {
            let result = try await body()
            try await db.raw("RELEASE SAVEPOINT bulk_rows").run()
            return result
        } catch {
            try await db.raw("ROLLBACK TO SAVEPOINT bulk_rows").run()
            try await db.raw("RELEASE SAVEPOINT bulk_rows").run()
            return nil
        }
    }

    private enum Existing { case writable(Record), notWritable }

    private func existingByExternalId(
        _ entity: EntityDefinition, _ externalIds: [String], principal: Principal, on db: any SQLDatabase
    ) async throws -> [String: Existing] {
        guard !externalIds.isEmpty else { return [:] }
        let scope = AccessScope(principal: principal, entity: entity, dialect: dialect)
        let reader = RecordReader(entity: entity, codec: codec)
        var result: [String: Existing] = [:]
        for chunk in stride(from: 0, to: externalIds.count, by: 500).map({ Array(externalIds[$0..<min($0 + 500, externalIds.count)]) }) {
            let list = SQLGroupExpression(SQLList(chunk.map { SQLBind($0) }))
            let writable: SQLQueryString = "SELECT \(unsafeRaw: reader.selectList) FROM \(ident: entity.table) WHERE \(ident: entity.table).external_id IN \(list) AND "
            var found = 0
            for row in try await db.raw(writable + scope.condition(.write, includeDeleted: true)).all() {
                let record = try reader.decode(row)
                if let externalId = record["externalId"].textValue { result[externalId] = .writable(record); found += 1 }
            }
            // An update of rows the user may write, the common case, needs no second look.
            guard found < chunk.count else { continue }
            let any: SQLQueryString = """
                SELECT external_id FROM \(ident: entity.table) WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) AND external_id IN \(list)
                """
            for row in try await db.raw(any).all() {
                let externalId = try row.decode(column: "external_id", as: String.self)
                if result[externalId] == nil { result[externalId] = .notWritable }
            }
        }
        return result
    }
}
