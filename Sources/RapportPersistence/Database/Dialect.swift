import Foundation
import RapportDomain
import PostgresNIO
import SQLKit

/// Every piece of SQL that differs between SQLite and PostgreSQL lives behind this switch.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres

    // MARK: Column types

    public enum ColumnKind: Sendable {
        case sequence, uuid, text, bigint, double, bool, json, tsvector
    }

    public func type(_ kind: ColumnKind) -> String {
        switch (self, kind) {
        case (.sqlite, .sequence): "INTEGER PRIMARY KEY"
        case (.postgres, .sequence): "BIGSERIAL PRIMARY KEY"
        case (.sqlite, .uuid): "TEXT"
        case (.postgres, .uuid): "UUID"
        case (_, .text): "TEXT"
        case (.sqlite, .bigint): "INTEGER"
        case (.postgres, .bigint): "BIGINT"
        case (.sqlite, .double): "REAL"
        case (.postgres, .double): "DOUBLE PRECISION"
        case (.sqlite, .bool): "INTEGER"
        case (.postgres, .bool): "BOOLEAN"
        case (.sqlite, .json): "TEXT"
        case (.postgres, .json): "JSONB"
        case (.sqlite, .tsvector): "TEXT"
        case (.postgres, .tsvector): "TSVECTOR"
        }
    }

    /// Index column spelling. NULL sorts first ascending on both databases; SQLite does
    /// so natively, PostgreSQL is told so that its indexes serve the same ORDER BY.
    func indexColumn(_ sql: String) -> String {
        self == .postgres ? "\(sql) NULLS FIRST" : sql
    }

    func orderTerm(_ sql: String, descending: Bool) -> String {
        switch (self, descending) {
        case (.sqlite, false): "\(sql) ASC"
        case (.sqlite, true): "\(sql) DESC"
        case (.postgres, false): "\(sql) ASC NULLS FIRST"
        case (.postgres, true): "\(sql) DESC NULLS LAST"
        }
    }

    // MARK: Values

    func bind(_ id: UUID) -> any Encodable & Sendable {
        self == .sqlite ? id.lowercaseString : id
    }

    func bind(_ flag: Bool) -> any Encodable & Sendable {
        self == .sqlite ? (flag ? 1 : 0) : flag
    }

    /// `rows` cut into the batches one INSERT each carries. SQLite runs a prepared one-row
    /// statement per row: a multi-row statement is parsed afresh every time and, as it can fail
    /// halfway, journals every page it touches. PostgreSQL gains more from fewer round trips.
    func insertBatches<Row>(_ rows: [Row], atMost limit: Int) -> [ArraySlice<Row>] {
        let size = self == .sqlite ? 1 : max(1, limit)
        return stride(from: 0, to: rows.count, by: size).map { rows[$0..<min($0 + size, rows.count)] }
    }

    /// A placeholder for a JSON document bound as text.
    func jsonPlaceholder(_ text: String) -> any SQLExpression {
        self == .postgres
            ? SQLQueryString("CAST(\(bind: text) AS JSONB)")
            : SQLBind(text)
    }

    /// A placeholder for a list of ids (`IN` lists stay one bound array on PostgreSQL).
    /// A text column holding an id ("" for none), selected as the id column type.
    func idFromText(_ column: String) -> String {
        self == .postgres ? "NULLIF(\(column), '')::uuid" : "NULLIF(\(column), '')"
    }

    func idList(_ ids: [UUID]) -> any SQLExpression {
        switch self {
        case .sqlite: SQLGroupExpression(SQLList(ids.map { SQLBind($0.lowercaseString) }))
        case .postgres: SQLQueryString("(SELECT unnest(\(bind: ids)))")
        }
    }

    /// `column` among `ids`, written so that PostgreSQL prepares one statement for any number of them.
    func id(_ column: String, among ids: [UUID]) -> SQLQueryString {
        switch self {
        case .sqlite: SQLQueryString("\(unsafeRaw: column) IN \(idList(ids))")
        case .postgres: SQLQueryString("\(unsafeRaw: column) = ANY(\(bind: ids))")
        }
    }

    /// `column` among the ids a subquery selects. PostgreSQL is given them as one array, read
    /// once: then `owner_id = … OR id = ANY(…)` is two index probes it can OR together, where with
    /// `IN (subquery)` it walks an ordered index and tests every row (a rep's board column at a
    /// million deals: 51 ms against 3 ms).
    func id(_ column: String, in subquery: SQLQueryString) -> SQLQueryString {
        switch self {
        case .sqlite: SQLQueryString("\(column) IN (") + subquery + ")"
        case .postgres: SQLQueryString("\(column) = ANY(ARRAY(") + subquery + "))"
        }
    }

    /// A column test that must not choose the index. SQLite without fresh statistics guesses
    /// that `tenant_id = ?` matches few rows and prefers a tenant index over thousands of id
    /// lookups, then reads the tenant's whole table; its unary `+` keeps the term out of index choice.
    func unindexed(_ column: String) -> String {
        self == .sqlite ? "+\(column)" : column
    }

    // MARK: Custom fields and lists

    /// The SQL reading a custom field out of the record's `custom` JSON.
    func customField(_ key: String, type: FieldStorageKind, table: String? = nil) -> String {
        let column = table.map { "\($0).custom" } ?? "custom"
        switch (self, type) {
        case (.sqlite, _): return "json_extract(\(column), '$.\(key)')"
        case (.postgres, .number), (.postgres, .bigint): return "((\(column)->>'\(key)')::numeric)"
        case (.postgres, .bool): return "((\(column)->>'\(key)')::boolean)"
        case (.postgres, .list): return "(\(column)->'\(key)')"
        case (.postgres, _): return "(\(column)->>'\(key)')"
        }
    }

    /// True when the JSON array in `sql` holds `value`.
    func listContains(_ sql: String) -> String {
        switch self {
        case .sqlite: "EXISTS (SELECT 1 FROM json_each(\(sql)) WHERE json_each.value = ?)"
        case .postgres: "jsonb_exists(\(sql), ?)"
        }
    }

    func listIsEmpty(_ sql: String) -> String {
        switch self {
        case .sqlite: "(\(sql) IS NULL OR json_array_length(\(sql)) = 0)"
        case .postgres: "(\(sql) IS NULL OR jsonb_array_length(\(sql)) = 0)"
        }
    }

    /// Case-insensitive substring match on any script.
    func containsText(_ sql: String) -> String {
        switch self {
        case .sqlite: "instr(rapport_fold(\(sql)), ?) > 0"
        case .postgres: "strpos(lower(\(sql)), ?) > 0"
        }
    }

    // MARK: Full-text search

    func searchTable(_ table: String) -> String { "\(table)_fts" }

    /// A condition true for rows of `table` whose search document holds every term.
    func searchCondition(table: String, terms: [String]) -> SQLQueryString {
        switch self {
        case .sqlite:
            let match = terms.map { "\"\($0)\"*" }.joined(separator: " AND ")
            return SQLQueryString("\(ident: table).seq IN (SELECT rowid FROM \(ident: searchTable(table)) WHERE \(ident: searchTable(table)) MATCH \(bind: match))")
        case .postgres:
            let query = terms.map { "'\($0)':*" }.joined(separator: " & ")
            return SQLQueryString("\(ident: table).search_doc @@ CAST(\(bind: query) AS tsquery)")
        }
    }

    /// The FTS5 MATCH term when the search table is joined in (SQLite only).
    func searchMatch(table: String, terms: [String]) -> SQLQueryString {
        let match = terms.map { "\"\($0)\"*" }.joined(separator: " AND ")
        return SQLQueryString("\(ident: searchTable(table)) MATCH \(bind: match)")
    }

    // MARK: Errors

    /// A unique index refused a row (two writers raced for the same external id or e-mail).
    func isUniqueViolation(_ error: any Error) -> Bool {
        switch self {
        case .sqlite:
            return (error as? SQLiteFailure)?.isUniqueViolation ?? false
        case .postgres:
            return (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
        }
    }

    // MARK: Plans

    func explain(_ sql: String) -> String {
        self == .sqlite ? "EXPLAIN QUERY PLAN \(sql)" : "EXPLAIN (FORMAT TEXT) \(sql)"
    }
}

/// How a field's value is held in SQL, which decides casts and comparisons.
enum FieldStorageKind: Sendable {
    case text, bigint, number, bool, list, json, uuid
}
