import Foundation
import NIOCore
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// One open SQLite connection and the statements prepared on it.
///
/// Statements are prepared once and reused, and queries run on the calling thread:
/// a point read then costs microseconds instead of two thread hops. The pool hands
/// a handle to one task at a time, which is what makes the unchecked Sendable sound.
final class SQLiteHandle: @unchecked Sendable {
    private let connection: OpaquePointer
    private var statements: [String: PreparedStatement] = [:]
    private var commitHook: Unmanaged<CommitHook>?
    private static let statementCacheLimit = 200
    private static let cachedParameterLimit = 200
    private static let fallbackEncoder = SQLiteDataEncoder()

    /// `onCommit`, when given, replaces SQLite's automatic checkpoint: it hears the WAL's size after each commit.
    init(path: String, onCommit: (@Sendable (_ framesInLog: Int) -> Void)? = nil) throws {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close(opened)
            throw SQLiteFailure(code: status, message: "cannot open \(path): \(message)")
        }
        connection = opened
        sqlite_nio_sqlite3_extended_result_codes(opened, 1)
        do {
            for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000",
                           "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -8000"] {
                try run(pragma, binds: []) { _ in }
            }
            try installFold()
            if let onCommit { installCommitHook(onCommit) }
        } catch {
            close()
            throw error
        }
    }

    /// Runs one statement, calling `onRow` for each result row.
    func run(_ sql: String, binds: [any Encodable & Sendable], onRow: (SQLiteResultRow) -> Void) throws {
        let (prepared, isCached) = try statement(for: sql)
        let statement = prepared.pointer
        defer {
            if isCached {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            } else {
                sqlite_nio_sqlite3_finalize(statement)
            }
        }
        for (index, value) in binds.enumerated() {
            try check(bind(value, at: Int32(index + 1), to: statement))
        }
        let columns = prepared.columns()
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status) }
            var values: [SQLiteData] = []
            values.reserveCapacity(columns.names.count)
            for column in 0..<Int32(columns.names.count) { values.append(read(column, of: statement)) }
            onRow(SQLiteResultRow(columns: columns, values: values))
        }
    }

    func close() {
        commitHook?.release()
        commitHook = nil
        for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.pointer) }
        statements.removeAll()
        sqlite_nio_sqlite3_close_v2(connection)
    }

    private func installCommitHook(_ action: @escaping @Sendable (Int) -> Void) {
        let hook = Unmanaged.passRetained(CommitHook(action: action))
        commitHook = hook
        sqlite_nio_sqlite3_wal_hook(connection, { context, _, _, frames in
            Unmanaged<CommitHook>.fromOpaque(context!).takeUnretainedValue().action(Int(frames))
            return SQLITE_OK
        }, hook.toOpaque())
    }

    // MARK: Statements

    private func statement(for sql: String) throws -> (PreparedStatement, isCached: Bool) {
        if let cached = statements[sql] { return (cached, true) }
        if statements.count >= Self.statementCacheLimit {
            for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.pointer) }
            statements.removeAll()
        }
        var pointer: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard status == SQLITE_OK, let pointer else { throw failure(status) }
        let prepared = PreparedStatement(pointer: pointer)
        // Multi-row statements compile to megabytes of bytecode; keeping them would cost memory, not time.
        guard sqlite_nio_sqlite3_bind_parameter_count(pointer) <= Self.cachedParameterLimit else { return (prepared, false) }
        statements[sql] = prepared
        return (prepared, true)
    }

    private func bind(_ value: any Encodable & Sendable, at index: Int32, to statement: OpaquePointer) throws -> Int32 {
        switch value {
        case let text as String: return bindText(text, at: index, to: statement)
        case let integer as Int64: return sqlite_nio_sqlite3_bind_int64(statement, index, integer)
        case let integer as Int: return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case let double as Double: return sqlite_nio_sqlite3_bind_double(statement, index, double)
        case let flag as Bool: return sqlite_nio_sqlite3_bind_int64(statement, index, flag ? 1 : 0)
        case let data as SQLiteData: return bind(data, at: index, to: statement)
        default: return bind(try Self.fallbackEncoder.encode(value), at: index, to: statement)
        }
    }

    private func bind(_ data: SQLiteData, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch data {
        case .text(let text): return bindText(text, at: index, to: statement)
        case .integer(let integer): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double): return sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transientDestructor)
            }
        }
    }

    private func bindText(_ text: String, at index: Int32, to statement: OpaquePointer) -> Int32 {
        withUTF8Bytes(text) {
            sqlite_nio_sqlite3_bind_text64(statement, index, $0, UInt64($1), transientDestructor, UInt8(SQLITE_UTF8))
        }
    }

    private func read(_ column: Int32, of statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let bytes = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    // MARK: Errors

    private func check(_ status: Int32) throws {
        guard status == SQLITE_OK else { throw failure(status) }
    }

    private func failure(_ status: Int32) -> SQLiteFailure {
        SQLiteFailure(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(connection)))
    }

    // MARK: Functions

    /// SQLite's lower() folds ASCII only; a filter on Cyrillic or accented text must match regardless of case.
    private func installFold() throws {
        let status = sqlite_nio_sqlite3_create_function_v2(
            connection, "rapport_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, arguments in
                guard let argument = arguments?[0], let text = sqlite_nio_sqlite3_value_text(argument) else {
                    sqlite_nio_sqlite3_result_null(context)
                    return
                }
                let count = Int(sqlite_nio_sqlite3_value_bytes(argument))
                let folded = String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self).lowercased()
                withUTF8Bytes(folded) {
                    sqlite_nio_sqlite3_result_text64(context, $0, UInt64($1), transientDestructor, UInt8(SQLITE_UTF8))
                }
            }, nil, nil, nil)
        try check(status)
    }
}

/// Passes a string's UTF-8 bytes (without copying when the string is contiguous) and their count.
private func withUTF8Bytes<R>(_ text: String, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
    var text = text
    return text.withUTF8 { bytes in
        guard let base = bytes.baseAddress else { return "".withCString { body($0, 0) } }
        return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { body($0, bytes.count) }
    }
}

/// Tells SQLite to copy a bound value (the C macro SQLITE_TRANSIENT does not import into Swift).
private let transientDestructor = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// A prepared statement and its result column names, read once.
private final class PreparedStatement {
    let pointer: OpaquePointer
    private var cachedColumns: SQLiteColumns?

    init(pointer: OpaquePointer) { self.pointer = pointer }

    /// SQLite re-prepares a statement after a schema change, so the column count is checked on each use.
    func columns() -> SQLiteColumns {
        let count = Int(sqlite_nio_sqlite3_column_count(pointer))
        if let cachedColumns, cachedColumns.names.count == count { return cachedColumns }
        let names = (0..<Int32(count)).map { String(cString: sqlite_nio_sqlite3_column_name(pointer, $0)) }
        let columns = SQLiteColumns(names: names)
        cachedColumns = columns
        return columns
    }
}

private final class CommitHook: Sendable {
    let action: @Sendable (Int) -> Void
    init(action: @escaping @Sendable (Int) -> Void) { self.action = action }
}

/// Result column names and where each one is; shared by every row of a statement.
final class SQLiteColumns: Sendable {
    let names: [String]
    let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }
}

/// An error reported by SQLite, with its extended result code.
public struct SQLiteFailure: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String

    public var description: String { "SQLite error \(code): \(message)" }

    var isUniqueViolation: Bool {
        code == 2067 /* SQLITE_CONSTRAINT_UNIQUE */ || code == 1555 /* SQLITE_CONSTRAINT_PRIMARYKEY */
    }
}
