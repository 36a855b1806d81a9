import Foundation
import RapportDomain
import SQLKit

/// Builds the SQL of a list request: scope, filters, search, keyset cursor and order.
struct ListQueryBuilder: Sendable {
    let entity: EntityDefinition
    let request: ListRequest
    let scope: AccessScope
    let codec: FieldCodec
    var dialect: Dialect { codec.dialect }

    /// A search without a sort lists the newest matches first: the engine can then stop
    /// after one page instead of sorting every match.
    var sortKeys: [SortKey] {
        if !request.sort.isEmpty { return request.sort }
        return request.search == nil ? entity.defaultSort : []
    }
    var seqDescendingWithoutKeys: Bool { request.search != nil }
    var sortFields: [FieldDefinition] { sortKeys.compactMap { entity.field(named: $0.field) } }
    /// Ties break on seq in the direction of the last key, so one index serves the order.
    var seqDescending: Bool { sortKeys.last?.descending ?? seqDescendingWithoutKeys }
    var fingerprint: String { sortKeys.map { ($0.descending ? "-" : "") + $0.field }.joined(separator: ",") }

    /// On SQLite a search without a sort is driven from the FTS index in rowid order, so it
    /// stops after one page; the IN form would look up and sort every match first.
    var drivesFromSearchIndex: Bool { dialect == .sqlite && request.search != nil && request.sort.isEmpty }

    /// PostgreSQL, left to itself, walks the table newest first testing every row's document until
    /// a page matches (40–250 ms at 100,000 contacts); `seq + 0` keeps the order but offers no index
    /// to walk, so the GIN index finds the matches and only they are sorted (4–8 ms).
    var sortsSearchMatches: Bool { dialect == .postgres && request.search != nil && request.sort.isEmpty }

    /// WHERE without the cursor: scope, filters and search (also used for the total).
    func baseCondition(searchAsJoin: Bool = false) -> SQLQueryString {
        var sql = scope.condition(.read, includeDeleted: request.deletedOnly)
        if request.deletedOnly { sql.appendInterpolation(unsafeRaw: " AND \(entity.table).deleted_at IS NOT NULL") }
        for filter in request.filters {
            sql.appendInterpolation(unsafeRaw: " AND ")
            sql.appendInterpolation(condition(for: filter))
        }
        if let search = request.search {
            let terms = SearchTokenizer.queryTerms(search)
            sql.appendInterpolation(unsafeRaw: " AND ")
            if terms.isEmpty {
                sql.appendInterpolation(unsafeRaw: "1 = 0")
            } else if searchAsJoin {
                sql.appendInterpolation(dialect.searchMatch(table: entity.table, terms: terms))
            } else {
                sql.appendInterpolation(dialect.searchCondition(table: entity.table, terms: terms))
            }
        }
        return sql
    }

    func condition(for filter: Filter) -> SQLQueryString {
        let column = filter.field.valueSQL(dialect)
        let field = filter.field
        switch filter.op {
        case .empty:
            let wantEmpty = filter.values.first?.boolValue ?? true
            let emptySQL = field.type.isList ? dialect.listIsEmpty(column)
                : FieldDefinition.isTextual(field.type) ? "(\(column) IS NULL OR \(column) = '')" : "\(column) IS NULL"
            return SQLQueryString(wantEmpty ? emptySQL : "NOT \(emptySQL)")
        case .contains:
            guard let value = filter.values.first else { return "1 = 0" }
            if field.type.isList {
                return listContains(column, value.textValue ?? "")
            }
            return containsText(column, (value.textValue ?? "").lowercased())
        case .in:
            var sql = SQLQueryString("\(column) IN (")
            for (index, value) in filter.values.enumerated() {
                if index > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                sql.appendInterpolation(codec.comparable(value, for: field))
            }
            sql.appendInterpolation(unsafeRaw: ")")
            return sql
        case .eq, .ne, .lt, .lte, .gt, .gte:
            let value = filter.values.first ?? .null
            if value.isNull { return SQLQueryString(filter.op == .ne ? "\(column) IS NOT NULL" : "\(column) IS NULL") }
            let symbol = switch filter.op {
            case .eq: "="
            case .ne: "<>"
            case .lt: "<"
            case .lte: "<="
            case .gt: ">"
            default: ">="
            }
            var sql = SQLQueryString("\(column) \(symbol) ")
            sql.appendInterpolation(codec.comparable(value, for: field))
            // "not equal" keeps rows where the field is empty, as a person expects.
            if filter.op == .ne { sql = SQLQueryString("(") + sql + SQLQueryString(" OR \(column) IS NULL)") }
            return sql
        }
    }

    private func listContains(_ column: String, _ value: String) -> SQLQueryString {
        let parts = dialect.listContains(column).components(separatedBy: "?")
        var sql = SQLQueryString(parts[0])
        sql.appendInterpolation(bind: value)
        sql.appendInterpolation(unsafeRaw: parts[1])
        return sql
    }

    private func containsText(_ column: String, _ value: String) -> SQLQueryString {
        let parts = dialect.containsText(column).components(separatedBy: "?")
        var sql = SQLQueryString(parts[0])
        sql.appendInterpolation(bind: value)
        sql.appendInterpolation(unsafeRaw: parts[1])
        return sql
    }

    /// Rows strictly after the cursor in the list's order, with NULL sorting first
    /// ascending (last descending) on both databases.
    func afterCursor(_ cursor: Cursor) -> SQLQueryString {
        var alternatives: [SQLQueryString] = []
        let fields = sortFields
        for position in 0...fields.count {
            var parts: [SQLQueryString] = []
            for earlier in 0..<position {
                parts.append(equal(fields[earlier], cursor.values[earlier]))
            }
            if position < fields.count {
                parts.append(beyond(fields[position], cursor.values[position], descending: sortKeys[position].descending))
            } else {
                parts.append("\(ident: entity.table).seq \(unsafeRaw: seqDescending ? "<" : ">") \(bind: cursor.seq)")
            }
            alternatives.append(joined(parts, " AND "))
        }
        return SQLQueryString("(") + joined(alternatives.map { SQLQueryString("(") + $0 + SQLQueryString(")") }, " OR ") + SQLQueryString(")")
    }

    private func equal(_ field: FieldDefinition, _ value: FieldValue) -> SQLQueryString {
        let column = field.valueSQL(dialect)
        if value.isNull { return SQLQueryString("\(column) IS NULL") }
        var sql = SQLQueryString("\(column) = ")
        sql.appendInterpolation(codec.comparable(value, for: field))
        return sql
    }

    private func beyond(_ field: FieldDefinition, _ value: FieldValue, descending: Bool) -> SQLQueryString {
        let column = field.valueSQL(dialect)
        switch (value.isNull, descending) {
        case (true, false): return SQLQueryString("\(column) IS NOT NULL")
        case (true, true): return "1 = 0"
        case (false, false):
            var sql = SQLQueryString("\(column) > ")
            sql.appendInterpolation(codec.comparable(value, for: field))
            return sql
        case (false, true):
            var sql = SQLQueryString("(\(column) < ")
            sql.appendInterpolation(codec.comparable(value, for: field))
            sql.appendInterpolation(unsafeRaw: " OR \(column) IS NULL)")
            return sql
        }
    }

    private func joined(_ parts: [SQLQueryString], _ separator: String) -> SQLQueryString {
        var result = SQLQueryString("")
        for (index, part) in parts.enumerated() {
            if index > 0 { result.appendInterpolation(unsafeRaw: separator) }
            result = result + part
        }
        return result
    }

    var orderBy: String {
        if drivesFromSearchIndex { return "\(dialect.searchTable(entity.table)).rowid DESC" }
        var terms = zip(sortKeys, sortFields).map { key, field in
            dialect.orderTerm(field.valueSQL(dialect), descending: key.descending)
        }
        let seq = sortsSearchMatches ? "(\(entity.table).seq + 0)" : "\(entity.table).seq"
        terms.append("\(seq) \(seqDescending ? "DESC" : "ASC")")
        return terms.joined(separator: ", ")
    }

    func pageQuery(select: String, cursor: Cursor?) -> SQLQueryString {
        let from = drivesFromSearchIndex
            ? "\(dialect.searchTable(entity.table)) JOIN \(entity.table) ON \(entity.table).seq = \(dialect.searchTable(entity.table)).rowid"
            : entity.table
        var sql = SQLQueryString("SELECT \(select) FROM \(from) WHERE ")
        sql = sql + baseCondition(searchAsJoin: drivesFromSearchIndex)
        if let cursor { sql = sql + SQLQueryString(" AND ") + afterCursor(cursor) }
        sql.appendInterpolation(unsafeRaw: " ORDER BY \(orderBy) LIMIT \(request.limit + 1)")
        return sql
    }

    func countQuery() -> SQLQueryString {
        SQLQueryString("SELECT COUNT(*) AS total FROM \(entity.table) WHERE ") + baseCondition()
    }
}
