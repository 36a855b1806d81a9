import Foundation
import RapportDomain
import RapportPersistence

/// Writes demo records through the store's bulk path in batches, so validation,
/// ownership, audit and search documents are exactly what an import would produce.
struct DemoWriter: Sendable {
    let store: EntityStore
    let principal: Principal
    let batchSize: Int

    /// Writes the records `make` returns for `indices`, in order; returns the ids the
    /// store assigned, in the same order. Any rejected row stops the load: demo data
    /// that fails validation is a bug in the generator, not something to skip.
    func write(
        _ entity: EntityDefinition, indices: [Int], label: String, total: Int, done: inout Int,
        progress: (String) -> Void, make: (Int) -> RecordInput
    ) async throws -> [UUID] {
        var ids: [UUID] = []
        ids.reserveCapacity(indices.count)
        for start in stride(from: 0, to: indices.count, by: batchSize) {
            let batch = indices[start..<min(start + batchSize, indices.count)]
            let rows = batch.map { Result<RecordInput, ValidationFailure>.success(make($0)) }
            let outcomes = try await store.bulkUpsert(entity, rows: rows, upsertOnExternalId: false, principal: principal)
            for (row, outcome) in zip(rows, outcomes) {
                guard case .created(let id, _) = outcome else {
                    let externalId = (try? row.get())?["externalId"]?.textValue ?? "?"
                    throw DemoLoadError("\(entity.title) \(externalId) was not stored: \(outcome)")
                }
                ids.append(id)
            }
            done += batch.count
            progress("\(label) \(done)/\(total)")
        }
        return ids
    }
}

/// The demo data could not be loaded; the message says which record and why.
public struct DemoLoadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
