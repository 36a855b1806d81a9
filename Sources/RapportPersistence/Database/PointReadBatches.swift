import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import SQLKit

/// Point reads of the same shape that reach one event loop in the same turn go to PostgreSQL as
/// one statement, `id = ANY($1)`.
///
/// Each statement costs PostgreSQL about 50 µs and the server about 100 µs (the task, the
/// channel handlers, the socket round trip) whatever its number of rows. Under load many
/// requests for one entity arrive in one turn of the loop, and one statement then serves them
/// all; a lone read waits for nothing but the end of the turn it came in. Reads join a batch only
/// when their SQL and every value bound besides the ids are equal, so each batch has one scope.
///
/// Each kind of read (one entity read by one principal) is turned into its statement and shape once
/// per loop, not once per request. SQLite, which answers each read at once, uses only that.
///
/// One instance per event loop; its state is only touched on that loop.
final class PointReadBatches: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private var pending: [String: Batch] = [:]
    private var kinds: [AnyHashable: (shape: String, query: Query)] = [:]
    private let sent = NIOLockedValueBox(0)
    /// Kinds kept before they are all forgotten (entities × users reading on this loop).
    static let kindLimit = 4096

    typealias Query = @Sendable ([UUID]) -> SQLQueryString

    /// Statements sent so far, each for one batch.
    var statementsSent: Int { sent.withLockedValue { $0 } }

    private struct Batch {
        let query: Query
        var waiting: [UUID: [EventLoopPromise<(any SQLRow)?>]] = [:]
    }

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// One instance for each loop of `group`, by the loop's identity.
    static func perLoop(of group: any EventLoopGroup) -> [ObjectIdentifier: PointReadBatches] {
        Dictionary(uniqueKeysWithValues: group.makeIterator().map { (ObjectIdentifier($0), PointReadBatches(eventLoop: $0)) })
    }

    /// The statement of `kind`, made once per loop; nil off this loop, whose state it may not touch.
    func knownStatement(of kind: AnyHashable, _ make: () -> Query) -> Query? {
        eventLoop.inEventLoop ? statement(of: kind, make).query : nil
    }

    /// The row whose `id` column is `id`, or nil. `query` makes the statement that selects the rows
    /// among the ids it is given; it is asked once per `kind`, which must decide the statement.
    func read(
        _ id: UUID, kind: AnyHashable, query: @escaping @Sendable () -> Query,
        run: @escaping @Sendable (SQLQueryString) -> EventLoopFuture<[any SQLRow]>
    ) -> EventLoopFuture<(any SQLRow)?> {
        guard eventLoop.inEventLoop else {
            return eventLoop.flatSubmit { self.read(id, kind: kind, query: query, run: run) }
        }
        let promise = eventLoop.makePromise(of: (any SQLRow)?.self)
        let (shape, statement) = statement(of: kind, query)
        if pending[shape] == nil {
            pending[shape] = Batch(query: statement)
            eventLoop.execute { self.send(shape, run: run) }
        }
        pending[shape]!.waiting[id, default: []].append(promise)
        return promise.futureResult
    }

    private func statement(of kind: AnyHashable, _ make: () -> Query) -> (shape: String, query: Query) {
        if let known = kinds[kind] { return known }
        if kinds.count >= Self.kindLimit { kinds.removeAll() }
        let query = make()
        let made = (shape: Self.shape(of: query([])), query: query)
        kinds[kind] = made
        return made
    }

    private func send(_ shape: String, run: @Sendable (SQLQueryString) -> EventLoopFuture<[any SQLRow]>) {
        guard let batch = pending.removeValue(forKey: shape) else { return }
        sent.withLockedValue { $0 += 1 }
        run(batch.query(Array(batch.waiting.keys))).whenComplete { result in
            switch result {
            case .success(let rows):
                var byID: [UUID: any SQLRow] = [:]
                for row in rows {
                    if let id = try? row.decode(column: "id", as: UUID.self) { byID[id] = row }
                }
                for (id, promises) in batch.waiting {
                    for promise in promises { promise.succeed(byID[id]) }
                }
            case .failure(let error):
                for promise in batch.waiting.values.joined() { promise.fail(error) }
            }
        }
    }

    /// The statement's SQL and its values other than the ids (given as an empty list).
    private static func shape(of query: SQLQueryString) -> String {
        var serializer = SQLSerializer(database: ShapeDatabase())
        query.serialize(to: &serializer)
        return ([serializer.sql] + serializer.binds.map { "\(ObjectIdentifier(type(of: $0))) \($0)" }).joined(separator: "\u{0}")
    }
}

/// Serializes like PostgreSQL (`$1` placeholders), without a connection.
private struct ShapeDatabase: SQLDatabase {
    var logger: Logger { Logger(label: "rapport.shape") }
    var eventLoop: any EventLoop { fatalError("only serializes") }
    var dialect: any SQLDialect { PostgresDialect() }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        fatalError("only serializes")
    }
}
