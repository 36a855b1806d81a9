import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import SQLKit

/// PostgresKit's database for one connection, except that rows decode with PostgresNIO's own
/// decoders (`PostgresRecordRow`). PostgresKit's rows decode every column through Codable: at a
/// million deals that was nearly half of a board page's time. A query with a value of a type
/// `PreparedStatements` does not bind runs through PostgresKit as before.
struct PostgresRecordDatabase: SQLDatabase {
    private let connection: PostgresConnection
    private let general: any SQLDatabase

    init(_ connection: PostgresConnection) {
        self.connection = connection
        general = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { general.dialect }
    var version: (any SQLDatabaseReportedVersion)? { general.version }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        guard let statement = statement(query) else { return general.execute(sql: query, onRow) }
        let records = NIOLockedValueBox(PostgresRecordRows())
        return connection.query(statement, logger: logger) { row in
            onRow(records.withLockedValue { $0.row(row) })
        }.map { _ in }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        guard let statement = statement(query) else { return try await general.execute(sql: query, onRow) }
        var records = PostgresRecordRows()
        for try await row in try await connection.query(statement, logger: logger) {
            onRow(records.row(row))
        }
    }

    private func statement(_ query: any SQLExpression) -> PostgresQuery? {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        return PreparedStatements.bindings(serializer.binds).map { PostgresQuery(unsafeSQL: serializer.sql, binds: $0) }
    }
}
