import Foundation
import Logging
import NIOCore
import NIOPosix
import RapportDomain
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit's view of one checked-out SQLite handle: queries built with SQLKit run on it directly.
struct SQLiteSession: SQLDatabase {
    let handle: SQLiteHandle
    let logger: Logger

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try run(query, onRow)
    }

    /// The query's rows, read on the calling thread.
    func rows(_ query: any SQLExpression) throws -> [any SQLRow] {
        var rows: [any SQLRow] = []
        try run(query) { rows.append($0) }
        return rows
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws {
        let (sql, binds) = serialize(query)
        let started = ContinuousClock.now
        try handle.run(sql, binds: binds) { onRow($0) }
        let elapsed = started.duration(to: .now)
        if elapsed > Self.slowQuery {
            // The statement without its values: enough to find the missing index, no personal data in logs.
            logger.warning("slow query", metadata: ["ms": "\(elapsed.components.attoseconds / 1_000_000_000_000_000 + elapsed.components.seconds * 1000)",
                                                   "sql": "\(sql.prefix(2000))"])
        }
    }

    static let slowQuery = Duration.milliseconds(200)
}

/// One result row; typed reads of common column types skip the generic decoder.
struct SQLiteResultRow: SQLRow {
    let columns: SQLiteColumns
    let values: [SQLiteData]
    private static let fallbackDecoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        if case .null = try value(column) { return true }
        return false
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let data = try value(column)
        switch (data, type) {
        case (.text(let text), is String.Type), (.text(let text), is String?.Type): return text as! D
        case (.integer(let integer), is Int.Type), (.integer(let integer), is Int?.Type): return integer as! D
        case (.integer(let integer), is Int64.Type), (.integer(let integer), is Int64?.Type): return Int64(integer) as! D
        case (.float(let double), is Double.Type), (.float(let double), is Double?.Type): return double as! D
        case (.null, is String?.Type): return String?.none as! D
        case (.null, is Int64?.Type): return Int64?.none as! D
        case (.null, is Int?.Type): return Int?.none as! D
        default:
            do {
                return try Self.fallbackDecoder.decode(D.self, from: data)
            } catch {
                throw SQLiteFailure(code: 20 /* SQLITE_MISMATCH */, message: "column \(column) holds \(data), not \(D.self)")
            }
        }
    }

    func value(_ column: String) throws -> SQLiteData {
        guard let position = columns.positions[column] else {
            throw SQLiteFailure(code: 1, message: "no column named \(column) in the result")
        }
        return values[position]
    }
}

extension SQLiteResultRow {
    /// A field's value read straight from SQLite's own value of the column: the same as the
    /// generic decoder gives for the types SQLite stores as written, without a decoder per column
    /// (a record has dozens). Nil leaves the column to the generic path.
    func fieldValue(_ column: String, of field: FieldDefinition) throws -> FieldValue? {
        switch (field.type, try value(column)) {
        case (_, .null): return .null
        case (.text(_), .text(let text)), (.email, .text(let text)), (.phone, .text(let text)), (.url, .text(let text)),
             (.choice(_), .text(let text)), (.currency, .text(let text)):
            return .text(text)
        case (.integer(_, _), .integer(let integer)): return .integer(Int64(integer))
        case (.timestamp, .integer(let milliseconds)): return .timestamp(Timestamp.date(milliseconds: Int64(milliseconds)))
        case (.boolean, .integer(let flag)): return .bool(flag != 0)
        case (.reference(_), .text(let text)), (.uuid, .text(let text)): return UUID(parsing: text).map(FieldValue.id) ?? .null
        default: return nil
        }
    }
}
