import Foundation
import RapportDomain
import RapportPersistence

/// Writes demo records through the store's bulk path in batches, so validation,
/// ownership, audit and search documents are exactly what an import would produce.
struct DemoWriter: Sendable {
    let store: EntityStore
    let principal: Principal
    let batchSize: Int
    /// Batches in flight at once; more than one only pays where the database can work
    /// on one batch while this process prepares the next (PostgreSQL).
    let concurrency: Int

    /// Writes the records `make` returns for `indices`, in order; returns the ids the
    /// store assigned, in the same order. The records must not refer to each other:
    /// batches may be stored in any order. Any rejected row stops the load, since demo
    /// data that fails validation is a bug in the generator, not something to skip.
    func write(
        _ entity: EntityDefinition, indices: [Int], label: String, total: Int, done: inout Int,
        progress: (String) -> Void, make: (Int) -> RecordInput
    ) async throws -> [UUID] {
        typealias Stored = (offset: Int, rows: [Result<RecordInput, ValidationFailure>], outcomes: [EntityStore.BulkOutcome])
        var ids = [UUID](repeating: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), count: indices.count)
        let (store, principal) = (self.store, self.principal)
        try await withThrowingTaskGroup(of: Stored.self) { group in
            var next = 0
            var inFlight = 0
            while next < indices.count || inFlight > 0 {
                if next < indices.count && inFlight < concurrency {
                    let offset = next
                    let rows = indices[offset..<min(offset + batchSize, indices.count)].map {
                        Result<RecordInput, ValidationFailure>.success(make($0))
                    }
                    group.addTask {
                        (offset, rows, try await store.bulkUpsert(entity, rows: rows, upsertOnExternalId: false, principal: principal))
                    }
                    next += rows.count
                    inFlight += 1
                    continue
                }
                guard let stored = try await group.next() else { break }
                inFlight -= 1
                for (position, (row, outcome)) in zip(stored.rows, stored.outcomes).enumerated() {
                    guard case .created(let id, _) = outcome else {
                        let externalId = (try? row.get())?["externalId"]?.textValue ?? "?"
                        throw DemoLoadError("\(entity.title) \(externalId) was not stored: \(outcome)")
                    }
                    ids[stored.offset + position] = id
                }
                done += stored.rows.count
                progress("\(label) \(done)/\(total)")
            }
        }
        return ids
    }
}

/// The demo data could not be loaded; the message says which record and why.
public struct DemoLoadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
