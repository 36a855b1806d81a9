import Foundation
import RapportDomain
import SQLKit

/// Writes planned records, their search documents, audit entries and stage history.
struct RecordWriter: Sendable {
    let entity: EntityDefinition
    let principal: Principal
    let db: any SQLDatabase
    let codec: FieldCodec
    var dialect: Dialect { codec.dialect }

    /// Built-in columns written from values (everything but seq, tenant and deleted_at).
    private var fieldColumns: [(field: FieldDefinition, specs: [ColumnSpec])] {
        entity.allFields.filter { !$0.isCustom }.map { ($0, $0.columns) }
    }

    private var columnNames: [String] {
        var names = ["tenant_id"] + fieldColumns.flatMap { $0.specs.map(\.name) } + ["custom"]
        if dialect == .postgres { names.append("search_doc") }
        return names
    }

    private func rowValues(_ write: PendingWrite) -> [any SQLExpression] {
        var values: [any SQLExpression] = [SQLBind(dialect.bind(principal.tenantId))]
        for field in entity.allFields where !field.isCustom {
            values += codec.placeholders(write.values[field.name] ?? .null, for: field)
        }
        values.append(dialect.jsonPlaceholder(JSONWriter.string(customJSON(write))))
        if dialect == .postgres {
            values.append(SQLQueryString("array_to_tsvector(\(bind: searchTokens(write)))"))
        }
        return values
    }

    private func customJSON(_ write: PendingWrite) -> JSONValue {
        var object = JSONObject()
        for field in entity.fields where field.isCustom {
            guard let key = field.customKey, let value = write.values[field.name], let json = codec.customJSON(value) else { continue }
            object[key] = json
            if case .money(let money) = value { object["\(key)__ccy"] = .string(money.currency.code) }
        }
        return .object(object)
    }

    func searchTokens(_ write: PendingWrite) -> [String] {
        var tokens: [String] = []
        for field in entity.searchableFields {
            switch write.values[field.name] ?? .null {
            case .text(let text):
                tokens += field.type == .phone ? SearchTokenizer.phoneTokens(text) : SearchTokenizer.documentTokens(text)
            case .list(let items):
                for item in items {
                    tokens += field.type == .textList(.phones) ? SearchTokenizer.phoneTokens(item) : SearchTokenizer.documentTokens(item)
                }
            case .addresses(let addresses):
                for address in addresses { tokens += SearchTokenizer.documentTokens(address.parts.values.joined(separator: " ")) }
            default: break
            }
        }
        var seen = Set<String>()
        return tokens.filter { seen.insert($0).inserted }
    }

    /// Inserts new records in batches (see `Dialect.insertBatches`); returns each id's seq.
    func insert(_ writes: [PendingWrite]) async throws -> [UUID: Int64] {
        guard !writes.isEmpty else { return [:] }
        var timer = PhaseTimer(logger: db.logger, operation: "insert \(entity.plural) rows=\(writes.count)")
        defer { timer.finish() }
        let insert = "INSERT INTO \(entity.table) (\(columnNames.joined(separator: ", "))) VALUES "
        let seqs = try await dialect == .sqlite ? insertOneByOne(writes, insert) : insertInBatches(writes, insert)
        timer.mark("rows")
        if dialect == .sqlite {
            try await writeSearchDocuments(writes.map { ($0, seqs[$0.id] ?? 0) }, replacing: false)
        }
        timer.mark("search")
        try await keepReportFacts(removing: [], adding: writes.map(\.values))
        try await audit(writes.map { ($0, "create") })
        timer.mark("audit")
        return seqs
    }

    /// SQLite's inserts, a prepared one-row statement each. RETURNING would make SQLite journal
    /// every page the statement touches (it runs as a trigger), so seqs are read afterwards: a new
    /// row's rowid is above every earlier one, so when the last is the first plus the count less
    /// one they are consecutive and one read of each end gives them all.
    private func insertOneByOne(_ writes: [PendingWrite], _ insert: String) async throws -> [UUID: Int64] {
        var first: Int64 = 0
        for (position, write) in writes.enumerated() {
            try await db.raw(SQLQueryString(insert) + "\(SQLGroupExpression(SQLList(rowValues(write))))").run()
            if position == 0 { first = try await lastRowid() }
        }
        var seqs: [UUID: Int64] = [:]
        seqs.reserveCapacity(writes.count)
        if try await lastRowid() - first == Int64(writes.count - 1) {
            for (position, write) in writes.enumerated() { seqs[write.id] = first + Int64(position) }
            return seqs
        }
        for write in writes {
            let seq = try await db.raw("SELECT seq FROM \(ident: entity.table) WHERE id = \(bind: dialect.bind(write.id))").first()
            seqs[write.id] = try seq?.decode(column: "seq", as: Int64.self)
        }
        return seqs
    }

    /// PostgreSQL's inserts, many rows per statement (it binds at most 65,535 parameters in one).
    private func insertInBatches(_ writes: [PendingWrite], _ insert: String) async throws -> [UUID: Int64] {
        var seqs: [UUID: Int64] = [:]
        for chunk in dialect.insertBatches(writes, atMost: 30_000 / (columnNames.count + 4)) {
            var sql = SQLQueryString(insert)
            for (position, write) in chunk.enumerated() {
                if position > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                sql.appendInterpolation(SQLGroupExpression(SQLList(rowValues(write))))
            }
            sql.appendInterpolation(unsafeRaw: " RETURNING seq, id")
            for row in try await db.raw(sql).all() {
                seqs[try codec.decodeID(row, "id")!] = try row.decode(column: "seq", as: Int64.self)
            }
        }
        return seqs
    }

    private func lastRowid() async throws -> Int64 {
        try await db.raw("SELECT last_insert_rowid() AS seq").first()?.decode(column: "seq", as: Int64.self) ?? 0
    }

    /// Updates one record if its version is still the one read; false when it changed meanwhile.
    func update(_ write: PendingWrite) async throws -> Bool {
        guard let existing = write.existing else { return false }
        let columns = columnNames.dropFirst()
        let values = rowValues(write).dropFirst()
        var sql = SQLQueryString("UPDATE \(entity.table) SET ")
        for (position, (column, value)) in zip(columns, values).enumerated() {
            if position > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
            sql.appendInterpolation(unsafeRaw: "\(column) = ")
            sql.appendInterpolation(value)
        }
        let condition: SQLQueryString = " WHERE id = \(bind: dialect.bind(existing.id)) AND version = \(bind: existing.version)"
        guard try await wroteOneRow(sql + condition) else { return false }
        if dialect == .sqlite { try await writeSearchDocuments([(write, existing.seq)], replacing: true) }
        try await keepReportFacts(removing: [existing.values], adding: [write.values])
        try await audit([(write, "update")])
        return true
    }

    /// Soft delete or restore, as one versioned change.
    func setDeleted(_ record: Record, deleted: Bool, now: Date) async throws -> Bool {
        let stamp = Timestamp.milliseconds(now)
        guard try await wroteOneRow("""
            UPDATE \(ident: entity.table) SET deleted_at = \(deleted ? SQLBind(stamp) : SQLLiteral.null),
            version = version + 1, updated_at = \(bind: stamp), updated_by = \(bind: dialect.bind(principal.userId))
            WHERE id = \(bind: dialect.bind(record.id)) AND version = \(bind: record.version)
            """) else { return false }
        try await keepReportFacts(removing: deleted ? [record.values] : [], adding: deleted ? [] : [record.values])
        try await insertAudit([(record.id, deleted ? "delete" : "restore", .object(JSONObject()))], at: stamp)
        return true
    }

    /// Keeps what reports read in place of the deals in step with the records written: the kept
    /// totals (`KeptTotals`) and the decided deals' products (`KeptDealProducts`), which change
    /// with a deal and with its quotes.
    private func keepReportFacts(removing old: [[String: FieldValue]], adding new: [[String: FieldValue]]) async throws {
        switch entity.name {
        case EntityDefinition.opportunity.name:
            var totals = KeptTotals()
            for values in old { totals.remove(values, tenantId: principal.tenantId) }
            for values in new { totals.add(values, tenantId: principal.tenantId) }
            try await totals.write(on: db)
            // Only decided deals have rows: an open deal that stays open has none to change.
            let decided = (old + new).filter { ["won", "lost"].contains($0["status"]?.textValue) }
            try await KeptDealProducts.refresh(deals: decided.compactMap { $0["id"]?.idValue }, tenantId: principal.tenantId, on: db, dialect: dialect)
        case EntityDefinition.quote.name:
            // A quote's products change with its lines (`DocumentLines`); its own write matters
            // only when it comes, goes or moves to another deal.
            let deals = (old + new).compactMap { $0["opportunityId"]?.idValue }
            guard !(old.count == 1 && new.count == 1 && Set(deals).count == 1) else { return }
            try await KeptDealProducts.refresh(deals: deals, tenantId: principal.tenantId, on: db, dialect: dialect)
        default:
            return
        }
    }

    /// Whether a versioned UPDATE found its row. SQLite is asked afterwards: RETURNING runs as a
    /// trigger there, which makes it journal every page the statement touches.
    private func wroteOneRow(_ update: SQLQueryString) async throws -> Bool {
        guard dialect == .sqlite else { return try await db.raw(update + " RETURNING 1 AS written").first() != nil }
        try await db.raw(update).run()
        return try await db.raw("SELECT changes() AS n").first()?.decode(column: "n", as: Int.self) == 1
    }

    private func writeSearchDocuments(_ items: [(PendingWrite, Int64)], replacing: Bool) async throws {
        let table = dialect.searchTable(entity.table)
        if replacing {
            for (_, seq) in items { try await db.raw("DELETE FROM \(ident: table) WHERE rowid = \(bind: seq)").run() }
        }
        let documents = items.map { ($0.1, searchTokens($0.0).joined(separator: " ")) }.filter { !$0.1.isEmpty }
        for chunk in dialect.insertBatches(documents, atMost: 5_000) {
            var sql = SQLQueryString("INSERT INTO \(table) (rowid, doc) VALUES ")
            for (position, document) in chunk.enumerated() {
                if position > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                let row: SQLQueryString = "(\(bind: document.0), \(bind: document.1))"
                sql.appendInterpolation(row)
            }
            try await db.raw(sql).run()
        }
    }

    private func audit(_ items: [(PendingWrite, String)]) async throws {
        let stamp = items.first?.0.values["updatedAt"]?.timestampValue.map(Timestamp.milliseconds) ?? Timestamp.milliseconds(Date())
        try await insertAudit(items.map { ($0.0.id, $0.1, $0.0.auditChanges(entity: entity)) }, at: stamp)
        if entity.name == "opportunity" {
            try await recordStageChanges(items.map(\.0).filter { $0.changes("stageId") }, at: stamp)
        }
    }

    func insertAudit(_ entries: [(UUID, String, JSONValue)], at stamp: Int64) async throws {
        for chunk in dialect.insertBatches(entries, atMost: 3_000) {
            var sql = SQLQueryString("INSERT INTO audit_log (id, tenant_id, at, actor_id, entity, record_id, action, changes) VALUES ")
            for (position, entry) in chunk.enumerated() {
                if position > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                let row: SQLQueryString = """
                    (\(bind: dialect.bind(UUID.timeOrdered())), \(bind: dialect.bind(principal.tenantId)), \(bind: stamp), \(bind: dialect.bind(principal.userId)),
                    \(bind: entity.name), \(bind: dialect.bind(entry.0)), \(bind: entry.1), \(dialect.jsonPlaceholder(JSONWriter.string(entry.2))))
                    """
                sql.appendInterpolation(row)
            }
            try await db.raw(sql).run()
        }
    }

    /// Each row names the stage of the deal's row before it; `FunnelHistory` then marks the rows
    /// left and keeps the deal's funnel values, in this transaction.
    private func recordStageChanges(_ writes: [PendingWrite], at stamp: Int64) async throws {
        for chunk in dialect.insertBatches(writes, atMost: 4_000) {
            var sql = SQLQueryString(
                "INSERT INTO stage_history (tenant_id, opportunity_id, from_stage_id, to_stage_id, changed_at, changed_by, previous_stage_id, latest) VALUES ")
            for (position, write) in chunk.enumerated() {
                if position > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                let from = write.existing?["stageId"].idValue
                let row: SQLQueryString = """
                    (\(bind: dialect.bind(principal.tenantId)), \(bind: dialect.bind(write.id)), \(Directory.optionalID(from, dialect)),
                    \(Directory.optionalID(write.values["stageId"]?.idValue, dialect)), \(bind: stamp), \(bind: dialect.bind(principal.userId)),
                    \(FunnelHistory.previousStage(of: write.id, tenantId: principal.tenantId, dialect: dialect)), \(bind: dialect.bind(true)))
                    """
                sql.appendInterpolation(row)
            }
            try await db.raw(sql).run()
        }
        // Apart from the one-row inserts on SQLite: a few statements per thousand deals, not per deal.
        for deals in stride(from: 0, to: writes.count, by: 1_000).map({ writes[$0..<min($0 + 1_000, writes.count)].map(\.id) }) {
            try await FunnelHistory.recordMoves(of: deals, tenantId: principal.tenantId, on: db, dialect: dialect)
        }
    }
}
