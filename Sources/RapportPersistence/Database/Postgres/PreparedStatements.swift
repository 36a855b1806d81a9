import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import SQLKit

/// Reads run as statements PostgreSQL prepares once per connection.
///
/// An unnamed statement is parsed and planned on every run, which costs PostgreSQL three times
/// the run of a point read (pgbench at 100,000 contacts: 10,600 reads/s unnamed, 35,800
/// prepared). PostgresNIO prepares a statement on a connection the first time it runs there and
/// keeps it by name; each distinct SQL text gets a name of its own here.
final class PreparedStatements: Sendable {
    private let names = NIOLockedValueBox<[String: String]>([:])
    /// Enough for every entity's point read in every scope shape; beyond it queries run unnamed.
    static let limit = 500

    /// Statements named so far.
    var count: Int { names.withLockedValue { $0.count } }

    func rows(_ query: SQLQueryString, on connection: PostgresConnection) async throws -> [any SQLRow] {
        let database = PostgresRecordDatabase(connection)
        var serializer = SQLSerializer(database: database)
        query.serialize(to: &serializer)
        guard let bindings = Self.bindings(serializer.binds), let name = name(for: serializer.sql) else {
            return try await database.raw(query).all()
        }
        return try await NamedStatement.$current.withValue((name, serializer.sql)) {
            var rows: [any SQLRow] = []
            var records = PostgresRecordRows()
            for try await row in try await connection.execute(NamedStatement(bindings: bindings), logger: connection.logger) {
                rows.append(records.row(row))
            }
            return rows
        }
    }

    private func name(for sql: String) -> String? {
        names.withLockedValue { names in
            if let name = names[sql] { return name }
            guard names.count < Self.limit else { return nil }
            let name = "rapport_\(names.count + 1)"
            names[sql] = name
            return name
        }
    }

    /// The values with the types PostgreSQL is told at preparation; nil for a value of another type.
    static func bindings(_ values: [any Encodable & Sendable]) -> PostgresBindings? {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case let id as UUID: bindings.append(id)
            case let text as String: bindings.append(text)
            case let flag as Bool: bindings.append(flag)
            case let number as Int64: bindings.append(number)
            case let number as Int: bindings.append(number)
            case let number as Double: bindings.append(number)
            // An empty array casts to every array type, so arrays are told apart by their own type.
            case let ids as [UUID] where type(of: value) == [UUID].self: bindings.append(ids)
            case let texts as [String] where type(of: value) == [String].self: bindings.append(texts)
            default: return nil
            }
        }
        return bindings
    }
}

/// PostgresNIO keeps prepared statements by their type's static name and SQL; the task-local
/// carries the ones of this run, set around the one call that reads them.
private struct NamedStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow
    @TaskLocal static var current = (name: "", sql: "")
    static var name: String { current.name }
    static var sql: String { current.sql }

    let bindings: PostgresBindings
    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
