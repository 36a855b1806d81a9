import Foundation
import RapportDomain
import RapportPersistence

/// A demo deal as stored, with what its sales documents need: whose it is, where it stands,
/// what it is worth and when it closes.
struct DemoDeal: Sendable {
    /// Its position in the demo (from `demo-opp-0000042`), which seeds its documents.
    let index: Int
    let id: UUID
    let name: String
    let accountId: UUID
    let contactId: UUID?
    let ownerId: UUID
    let partnerId: UUID?
    let stage: PipelineStore.Stage
    /// The stage's place in the pipeline, from 0.
    let stageRank: Int
    let amount: Money
    /// The expected close date, or the day it closed, as days since 1970.
    let closeDay: Int

    var market: DemoMarket { DemoMarket.all.first { $0.currency == amount.currency } ?? DemoMarket.all[2] }

    /// Every demo deal of the tenant, in demo order, read a page at a time through the store; `stages`
    /// are the default pipeline's, in order.
    static func all(store: EntityStore, principal: Principal, stages: [PipelineStore.Stage]) async throws -> [DemoDeal] {
        let entity = try await store.entity(named: "opportunity", tenantId: principal.tenantId) ?? .opportunity
        let rankById = Dictionary(uniqueKeysWithValues: stages.enumerated().map { ($0.element.id, $0.offset) })
        var request = ListRequest(entity, where: [("externalId", .gte, [.text("demo-opp-0")]), ("externalId", .lte, [.text("demo-opp-9")])],
                                  sort: [SortKey("externalId")], limit: ListRequest.maximumLimit)
        var deals: [DemoDeal] = []
        while true {
            let page = try await store.list(entity, request: request, principal: principal)
            for record in page.records {
                guard let externalId = record["externalId"].textValue, let number = Int(externalId.dropFirst("demo-opp-".count)),
                      let rank = record["stageId"].idValue.flatMap({ rankById[$0] }), let amount = record["amount"].moneyValue,
                      let account = record["accountId"].idValue, let owner = record["ownerId"].idValue,
                      let close = record["expectedCloseDate"].dateValue else { continue }
                deals.append(DemoDeal(
                    index: number - 1, id: record.id, name: record["name"].textValue ?? externalId, accountId: account,
                    contactId: record["primaryContactId"].idValue, ownerId: owner, partnerId: record["partnerId"].idValue,
                    stage: stages[rank], stageRank: rank, amount: amount, closeDay: close.daysSince1970))
            }
            guard let next = page.nextCursor else { break }
            request.cursor = next
        }
        return deals
    }
}
