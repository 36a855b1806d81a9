import Foundation
import NIOCore
import RapportDomain
import SQLKit

/// Reads and writes CRM records of any declared entity, always through the access scope.
public struct EntityStore: Sendable {
    public let database: Database
    public let customFields: CustomFieldStore
    var dialect: Dialect { database.dialect }
    var codec: FieldCodec { FieldCodec(dialect: dialect) }

    public init(database: Database, catalogCache: CatalogCache = CatalogCache()) {
        self.database = database
        self.customFields = CustomFieldStore(database: database, cache: catalogCache)
    }

    /// The entity with the tenant's custom fields.
    public func entity(named name: String, tenantId: UUID) async throws -> EntityDefinition? {
        try await customFields.catalog(for: tenantId).entity(named: name)
    }

    // MARK: Reading

    /// The custom-field catalogue's entity when it is cached: no await on a request's hot path.
    public func cachedEntity(named name: String, tenantId: UUID) -> EntityDefinition? {
        customFields.cachedCatalog(for: tenantId)?.entity(named: name)
    }

    /// `get` as a plain future on `eventLoop`, without a task (see `Database.readByID`): a
    /// point read costs less than starting the task that would await it. Nil when the caller must
    /// `get` instead.
    public func getOnEventLoop(_ entity: EntityDefinition, id: UUID, principal: Principal, on eventLoop: any EventLoop) -> EventLoopFuture<Record>? {
        let reader = RecordReader(entity: entity, codec: codec)
        let query: @Sendable () -> PointReadBatches.Query = {
            let scope = AccessScope(principal: principal, entity: entity, dialect: dialect)
            return { ids in pointQuery(entity, ids: ids, reader: reader, scope: scope, purpose: .read) }
        }
        return database.readByID(id, kind: PointReadKind(entity: entity, principal: principal), query: query, on: eventLoop)?.flatMapThrowing { row in
            guard let row else { throw StoreError.notFound(entity: entity.name) }
            return try reader.decode(row)
        }
    }

    public func get(_ entity: EntityDefinition, id: UUID, principal: Principal) async throws -> Record {
        let record = try await database.withConnection { db in
            try await fetch(entity, id: id, scope: AccessScope(principal: principal, entity: entity, dialect: dialect), purpose: .read, on: db)
        }
        guard let record else { throw StoreError.notFound(entity: entity.name) }
        return record
    }

    /// The records among `ids` that the user may see, by their ids only (no order, no sort index),
    /// so showing the names of a page's references costs one index probe per id.
    public func records(_ entity: EntityDefinition, ids: [UUID], principal: Principal) async throws -> [Record] {
        guard !ids.isEmpty else { return [] }
        let reader = RecordReader(entity: entity, codec: codec)
        let scope = AccessScope(principal: principal, entity: entity, dialect: dialect)
        return try await database.withConnection { db in
            var found: [Record] = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                var sql = SQLQueryString("SELECT \(reader.selectList) FROM \(entity.table) WHERE \(entity.table).id IN ")
                sql.appendInterpolation(dialect.idList(chunk))
                sql.appendInterpolation(unsafeRaw: " AND ")
                sql = sql + scope.condition(.read)
                found += try await db.raw(sql).all().map(reader.decode)
            }
            return found
        }
    }

    func fetch(
        _ entity: EntityDefinition, id: UUID, scope: AccessScope, purpose: AccessScope.Purpose,
        includeDeleted: Bool = false, forUpdate: Bool = false, on db: any SQLDatabase
    ) async throws -> Record? {
        let reader = RecordReader(entity: entity, codec: codec)
        var sql = pointQuery(entity, ids: [id], reader: reader, scope: scope, purpose: purpose, includeDeleted: includeDeleted)
        if forUpdate && dialect == .postgres { sql.appendInterpolation(unsafeRaw: " FOR UPDATE") }
        return try await db.raw(sql).first().map(reader.decode)
    }

    /// The records among `ids` in `scope`, whole.
    private func pointQuery(
        _ entity: EntityDefinition, ids: [UUID], reader: RecordReader, scope: AccessScope, purpose: AccessScope.Purpose, includeDeleted: Bool = false
    ) -> SQLQueryString {
        SQLQueryString("SELECT \(reader.selectList) FROM \(entity.table) WHERE ") + dialect.id("\(entity.table).id", among: ids)
            + " AND " + scope.condition(purpose, includeDeleted: includeDeleted)
    }

    public struct Page: Sendable {
        public let records: [Record]
        public let nextCursor: String?
        public let total: Int?
    }

    public func list(_ entity: EntityDefinition, request: ListRequest, principal: Principal) async throws -> Page {
        let builder = ListQueryBuilder(
            entity: entity, request: request, scope: AccessScope(principal: principal, entity: entity, dialect: dialect), codec: codec)
        let cursor = try request.cursor.map { text throws(ListRequestError) in
            try Cursor.decode(text, fields: builder.sortFields, sortFingerprint: builder.fingerprint)
        }
        let reader = RecordReader(entity: entity, codec: codec)
        return try await database.withConnection { db in
            var records = try await db.raw(builder.pageQuery(select: reader.selectList, cursor: cursor)).all().map(reader.decode)
            var next: String?
            if records.count > request.limit {
                records.removeLast()
                let last = records[records.count - 1]
                next = Cursor(values: builder.sortFields.map { last[$0.name] }, seq: last.seq).encoded(sortFingerprint: builder.fingerprint)
            }
            var total: Int?
            if request.includeTotal {
                total = try await db.raw(builder.countQuery()).first()?.decode(column: "total", as: Int.self)
            }
            return Page(records: records, nextCursor: next, total: total)
        }
    }

    /// The database's plan for a list request (first page and a later page), one line per step.
    public func explainList(_ entity: EntityDefinition, request: ListRequest, principal: Principal) async throws -> [String] {
        let builder = ListQueryBuilder(
            entity: entity, request: request, scope: AccessScope(principal: principal, entity: entity, dialect: dialect), codec: codec)
        let select = RecordReader(entity: entity, codec: codec).selectList
        var queries = [builder.pageQuery(select: select, cursor: nil)]
        let sampleCursor = Cursor(values: builder.sortFields.map { _ in FieldValue.null }, seq: 1)
        queries.append(builder.pageQuery(select: select, cursor: sampleCursor))
        if request.includeTotal { queries.append(builder.countQuery()) }
        return try await database.withConnection { [queries] db in
            var lines: [String] = []
            for query in queries { lines += try await PlanReader(dialect: dialect).plan(of: query, on: db) }
            return lines
        }
    }

    /// The plan of the check that a write's references exist (`count` ids into `target`'s table).
    public func explainReferenceCheck(into target: EntityDefinition, count: Int, tenantId: UUID) async throws -> [String] {
        let query = WritePlanner.liveIds(in: target.table, Set((0..<count).map { _ in UUID() }), tenantId: tenantId, dialect: dialect)
        return try await database.withConnection { db in try await PlanReader(dialect: dialect).plan(of: query, on: db) }
    }

    // MARK: Writing

    public func create(_ entity: EntityDefinition, input: RecordInput, principal: Principal) async throws -> Record {
        guard principal.mayWrite(entity) else { throw StoreError.refused(principal.writeRefusal(entity)) }
        return try await database.transaction { db in
            try await create(entity, input: input, principal: principal, on: db)
        }
    }

    func create(_ entity: EntityDefinition, input: RecordInput, principal: Principal, on db: any SQLDatabase) async throws -> Record {
        let planner = WritePlanner(entity: entity, principal: principal, db: db, codec: codec, now: Date())
        guard let write = try await planner.plan([PendingWrite(index: 0, input: input, existing: nil)]).first else {
            throw StoreError.badRequest("empty", "Nothing to write.")
        }
        guard write.errors.isEmpty else { throw StoreError.validation(write.errors) }
        let writer = RecordWriter(entity: entity, principal: principal, db: db, codec: codec)
        let seqs = try await writer.insert([write])
        return Record(entity: entity, id: write.id, seq: seqs[write.id] ?? 0, values: write.values)
    }

    public func update(
        _ entity: EntityDefinition, id: UUID, input: RecordInput, principal: Principal, expectedVersion: Int64?
    ) async throws -> Record {
        try await database.transaction { db in
            let existing = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
            return try await update(existing, input: input, principal: principal, on: db)
        }
    }

    func update(_ existing: Record, input: RecordInput, principal: Principal, on db: any SQLDatabase) async throws -> Record {
        let entity = existing.entity
        let planner = WritePlanner(entity: entity, principal: principal, db: db, codec: codec, now: Date())
        guard let write = try await planner.plan([PendingWrite(index: 0, input: input, existing: existing)]).first else {
            throw StoreError.badRequest("empty", "Nothing to write.")
        }
        guard write.errors.isEmpty else { throw StoreError.validation(write.errors) }
        let changed = entity.allFields.contains { write.changes($0.name) && !["version", "updatedAt", "updatedBy"].contains($0.name) }
        guard changed else { return existing }
        let writer = RecordWriter(entity: entity, principal: principal, db: db, codec: codec)
        guard try await writer.update(write) else { throw StoreError.versionMismatch(current: existing.version) }
        return Record(entity: entity, id: existing.id, seq: existing.seq, values: write.values)
    }

    public func delete(_ entity: EntityDefinition, id: UUID, principal: Principal, expectedVersion: Int64?) async throws {
        // A payment's deletion gives its invoice the amount back, whichever page or route asks.
        if entity.name == EntityDefinition.payment.name {
            return try await deletePayment(id: id, expectedVersion: expectedVersion, principal: principal)
        }
        try await database.transaction { db in
            let existing = try await lockForWrite(entity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
            let writer = RecordWriter(entity: entity, principal: principal, db: db, codec: codec)
            guard try await writer.setDeleted(existing, deleted: true, now: Date()) else {
                throw StoreError.versionMismatch(current: existing.version)
            }
        }
    }

    public func restore(_ entity: EntityDefinition, id: UUID, principal: Principal) async throws -> Record {
        if entity.name == EntityDefinition.payment.name { return try await restorePayment(id: id, principal: principal) }
        return try await database.transaction { db in
            let scope = AccessScope(principal: principal, entity: entity, dialect: dialect)
            guard principal.mayWrite(entity),
                  let existing = try await fetch(entity, id: id, scope: scope, purpose: .write, includeDeleted: true, forUpdate: true, on: db) else {
                throw StoreError.notFound(entity: entity.name)
            }
            guard existing.deletedAt != nil else { return existing }
            let writer = RecordWriter(entity: entity, principal: principal, db: db, codec: codec)
            _ = try await writer.setDeleted(existing, deleted: false, now: Date())
            guard let restored = try await fetch(entity, id: id, scope: scope, purpose: .read, on: db) else {
                throw StoreError.notFound(entity: entity.name)
            }
            return restored
        }
    }

    /// The current row, locked for the transaction; 404 when it cannot be seen,
    /// 403 when it can be seen but not changed, 412 when the version moved on.
    func lockForWrite(
        _ entity: EntityDefinition, id: UUID, principal: Principal, expectedVersion: Int64?, on db: any SQLDatabase
    ) async throws -> Record {
        let scope = AccessScope(principal: principal, entity: entity, dialect: dialect)
        guard let existing = try await fetch(entity, id: id, scope: scope, purpose: .write, forUpdate: true, on: db) else {
            if try await fetch(entity, id: id, scope: scope, purpose: .read, on: db) != nil {
                throw StoreError.refused(principal.mayWrite(entity)
                    ? Refusal(.viewOnlyRecord, "You can see this \(entity.title.lowercased()) but not change it.") : principal.writeRefusal(entity))
            }
            throw StoreError.notFound(entity: entity.name)
        }
        if let expectedVersion, expectedVersion != existing.version {
            throw StoreError.versionMismatch(current: existing.version)
        }
        return existing
    }
}

/// One entity read by one principal: what decides a point read's statement. It holds the entity
/// itself, so no other definition can take its identity while the statement is kept.
private struct PointReadKind: Hashable, Sendable {
    let entity: EntityDefinition
    let principal: Principal

    static func == (left: Self, right: Self) -> Bool { left.entity === right.entity && left.principal == right.principal }

    func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(entity))
        hasher.combine(principal)
    }
}
