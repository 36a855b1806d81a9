import Foundation
import RapportDomain
import SQLKit

/// Hands everything one user owns to another, when a salesperson leaves: accounts, contacts,
/// leads, opportunities, open activities, quotes and orders. Done activities keep their owner,
/// so the leaver's history stays theirs; every move is an ordinary update, audited with the
/// administrator as actor, and the team follows the new owner as on any write.
///
/// Narrowed by `accountCountry`, only the leaver's accounts with an address in that country move,
/// with the leaver's contacts, deals, quotes and orders of those accounts and the open activities
/// linked to any of them. Leads belong to no account, so a narrowed run leaves them alone.
///
/// Safe to run again: only records still owned by the leaver move, checked under the row lock.
public struct Reassignment: Sendable {
    /// In the order they move: the parents before what hangs off them.
    public static let entities = ["account", "contact", "lead", "opportunity", "quote", "order", "activity"]
    public static let batchSize = 500

    public struct Request: Sendable, Hashable {
        public var fromUserId: UUID
        public var toUserId: UUID
        public var entities: [String]
        public var accountCountry: String?

        public init(fromUserId: UUID, toUserId: UUID, entities: [String] = Reassignment.entities, accountCountry: String? = nil) {
            self.fromUserId = fromUserId
            self.toUserId = toUserId
            self.entities = entities
            self.accountCountry = accountCountry.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The records that would move, by entity, in moving order.
    public struct Plan: Sendable {
        public let items: [(entity: String, ids: [UUID])]
        public var total: Int { items.reduce(0) { $0 + $1.ids.count } }
        public var counts: [String: Int] { Dictionary(items.map { ($0.entity, $0.ids.count) }) { first, _ in first } }
    }

    /// What a run did: records moved per entity, and those it could not move with the reason.
    public struct Outcome: Sendable {
        public var moved: [String: Int] = [:]
        public var skipped: [(entity: String, id: UUID, reason: String)] = []

        public var json: JSONValue {
            var counts = JSONObject()
            for (name, count) in moved.sorted(by: { $0.key < $1.key }) { counts.append(name, .int(count)) }
            return .object(JSONObject([
                "moved": .object(counts),
                "skipped": .array(skipped.map { .object(JSONObject([
                    "entity": .string($0.entity), "id": .string($0.id.lowercaseString), "reason": .string($0.reason),
                ])) }),
            ]))
        }
    }

    let store: EntityStore
    var dialect: Dialect { store.dialect }

    public init(store: EntityStore) { self.store = store }

    /// Refuses what cannot run: not an administrator, the same user twice, an unknown entity, or a
    /// user outside the tenant. The successor must be active; the leaver is usually deactivated.
    public func check(_ request: Request, principal: Principal) async throws {
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators reassign another user's records.") }
        var errors: [FieldError] = []
        let directory = Directory(database: store.database)
        let from = try await directory.user(id: request.fromUserId)
        let to = try await directory.user(id: request.toUserId)
        if from?.tenantId != principal.tenantId {
            errors.append(FieldError(field: "fromUserId", code: .notFound, message: "No user with this id in this tenant."))
        }
        if to?.tenantId != principal.tenantId {
            errors.append(FieldError(field: "toUserId", code: .notFound, message: "No user with this id in this tenant."))
        } else if to?.active != true {
            errors.append(FieldError(field: "toUserId", code: .deactivatedUser, message: "This user is deactivated; records cannot be given to them."))
        } else if request.toUserId == request.fromUserId {
            errors.append(FieldError(field: "toUserId", code: .invalidValue, message: "Choose another user than the one whose records move."))
        }
        for name in request.entities where !Self.entities.contains(name) {
            errors.append(FieldError(field: "entities", code: .invalidChoice,
                                     message: "\(name) cannot be reassigned; choose among \(Self.entities.joined(separator: ", "))."))
        }
        if request.entities.isEmpty {
            errors.append(FieldError(field: "entities", code: .required, message: "Choose at least one kind of record."))
        }
        if let country = request.accountCountry, country.count > 100 || FieldDecoder.containsControlCharacters(country) {
            errors.append(FieldError(field: "accountCountry", code: .tooLong, message: "accountCountry is text of at most 100 characters.",
                                     limits: ["max": "100"]))
        }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
    }

    /// What would move now, read through the administrator's scope.
    public func plan(_ request: Request, principal: Principal) async throws -> Plan {
        var owned: [String: [Record]] = [:]
        for name in Self.entities where request.entities.contains(name) || (request.accountCountry != nil && name != "lead") {
            owned[name] = try await records(name, ownedBy: request.fromUserId, principal: principal)
        }
        let open = (owned["activity"] ?? []).filter { $0["done"] != .bool(true) }
        var chosen: [String: [Record]] = owned
        chosen["activity"] = open
        if let country = request.accountCountry?.lowercased() {
            let accounts = Set((owned["account"] ?? []).filter { account in
                account["addresses"].addressesValue.contains { ($0.parts["country"] ?? "").trimmed.lowercased() == country }
            }.map(\.id))
            for name in ["contact", "opportunity", "quote", "order"] {
                chosen[name] = (owned[name] ?? []).filter { $0["accountId"].idValue.map(accounts.contains) == true }
            }
            chosen["account"] = (owned["account"] ?? []).filter { accounts.contains($0.id) }
            chosen["lead"] = []
            let linked = accounts.union((chosen["contact"] ?? []).map(\.id)).union((chosen["opportunity"] ?? []).map(\.id))
            chosen["activity"] = open.filter { $0["relatedId"].idValue.map(linked.contains) == true }
        }
        return Plan(items: Self.entities.filter(request.entities.contains).map { name in (name, (chosen[name] ?? []).map(\.id)) })
    }

    /// Moves the planned records in batches of `batchSize`, one transaction each, reporting the
    /// records handled so far after each batch.
    public func execute(
        _ plan: Plan, request: Request, principal: Principal, batchSize: Int = Reassignment.batchSize,
        progress: @Sendable (_ done: Int, _ total: Int) async throws -> Void = { _, _ in }
    ) async throws -> Outcome {
        try await check(request, principal: principal)
        var found: [String: EntityDefinition] = [:]
        for (name, _) in plan.items {
            found[name] = try await store.entity(named: name, tenantId: principal.tenantId) ?? Catalog.builtIn(named: name)
        }
        let entities = found
        let work = plan.items.flatMap { item in item.ids.map { (entity: item.entity, id: $0) } }
        var outcome = Outcome()
        var done = 0
        try await progress(0, work.count)
        for start in stride(from: 0, to: work.count, by: max(1, batchSize)) {
            let batch = Array(work[start..<min(start + max(1, batchSize), work.count)])
            let result = try await store.database.transaction { db in
                var part = Outcome()
                for item in batch {
                    guard let entity = entities[item.entity] else { continue }
                    try await move(item.id, entity, request: request, principal: principal, into: &part, on: db)
                }
                return part
            }
            for (name, count) in result.moved { outcome.moved[name, default: 0] += count }
            outcome.skipped += result.skipped
            done += batch.count
            try await progress(done, work.count)
        }
        return outcome
    }

    private func move(
        _ id: UUID, _ entity: EntityDefinition, request: Request, principal: Principal, into outcome: inout Outcome, on db: any SQLDatabase
    ) async throws {
        let scope = AccessScope(principal: principal, entity: entity, dialect: dialect)
        // Gone, handed over meanwhile, or done since the plan: nothing to move.
        guard let record = try await store.fetch(entity, id: id, scope: scope, purpose: .write, forUpdate: true, on: db),
              record["ownerId"].idValue == request.fromUserId, record["done"] != .bool(true) else { return }
        do {
            _ = try await store.update(record, input: RecordInput(values: ["ownerId": .id(request.toUserId)]), principal: principal, on: db)
            outcome.moved[entity.name, default: 0] += 1
        } catch StoreError.validation(let errors) {
            outcome.skipped.append((entity.name, id, errors.map(\.message).joined(separator: " ")))
        }
    }

    private func records(_ name: String, ownedBy owner: UUID, principal: Principal) async throws -> [Record] {
        guard let entity = try await store.entity(named: name, tenantId: principal.tenantId) ?? Catalog.builtIn(named: name) else { return [] }
        var request = ListRequest(entity, where: [("ownerId", .eq, [.id(owner)])], limit: ListRequest.maximumLimit)
        var found: [Record] = []
        repeat {
            let page = try await store.list(entity, request: request, principal: principal)
            found += page.records
            request.cursor = page.nextCursor
        } while request.cursor != nil
        return found
    }
}

extension FieldValue {
    var addressesValue: [PostalAddress] { if case .addresses(let list) = self { list } else { [] } }
}
