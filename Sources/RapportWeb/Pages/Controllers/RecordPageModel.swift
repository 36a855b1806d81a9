import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Everything the 360° page shows about one record, read through the user's scope.
struct RecordPageModel: Sendable {
    struct Related: Sendable {
        let entity: EntityDefinition
        let titleKey: String
        let records: [Record]
        /// Field of the related entity that points back here, for "new …" links.
        let backField: String
    }

    let context: PageContext
    let entity: EntityDefinition
    let record: Record
    let names: ReferenceNames
    let related: [Related]
    /// Ancestors of an account, from the top down to its parent.
    let ancestors: [Record]
    let timeline: [Record]
    let history: [AuditLog.Entry]
    let activityEntity: EntityDefinition
    /// The key fact being edited in place, if any.
    var editing: FactEdit?
    /// Lines, entries and product choices of a quote or price book.
    var sales: SalesPageData?
    /// Problems with a posted document form (lines, decision), by row or `_form`.
    var documentErrors: [String: String] = [:]

    static let relatedLimit = 50
    static let timelineLimit = 200

    static func load(record: Record, entity: EntityDefinition, request: Request, context: PageContext) async throws -> RecordPageModel {
        let store = request.rapport.store
        let tenantId = context.user.tenantId
        func records(_ target: EntityDefinition, where field: String, sort: SortKey, limit: Int) async throws -> [Record] {
            try await store.list(target, request: ListRequest(target, where: [(field, .eq, [.id(record.id)])], sort: [sort], limit: limit),
                                 principal: context.principal).records
        }
        var related: [Related] = []
        var ancestors: [Record] = []
        let contacts = try await request.entity(named: "contact", context), opportunities = try await request.entity(named: "opportunity", context)
        switch entity.name {
        case "account":
            related.append(Related(entity: entity, titleKey: "record.children",
                                   records: try await records(entity, where: "parentId", sort: SortKey("name"), limit: relatedLimit), backField: "parentId"))
            related.append(Related(entity: contacts, titleKey: "record.contacts",
                                   records: try await records(contacts, where: "accountId", sort: SortKey("name"), limit: relatedLimit), backField: "accountId"))
            related.append(Related(entity: opportunities, titleKey: "record.opportunities",
                                   records: try await records(opportunities, where: "accountId", sort: SortKey("updatedAt", descending: true), limit: relatedLimit),
                                   backField: "accountId"))
            var parent = record["parentId"].idValue
            while let id = parent, ancestors.count < 20 {
                guard let found = try? await store.get(entity, id: id, principal: context.principal) else { break }
                ancestors.insert(found, at: 0)
                parent = found["parentId"].idValue
            }
        case "contact":
            related.append(Related(entity: entity, titleKey: "record.orgChart",
                                   records: try await records(entity, where: "reportsToId", sort: SortKey("name"), limit: relatedLimit), backField: "reportsToId"))
        case "opportunity":
            let quotes = try await request.entity(named: "quote", context)
            related.append(Related(entity: quotes, titleKey: "record.quotes",
                                   records: try await records(quotes, where: "opportunityId", sort: SortKey("updatedAt", descending: true), limit: relatedLimit),
                                   backField: "opportunityId"))
        default: break
        }
        let activities = try await request.entity(named: "activity", context)
        let timeline = try await records(activities, where: "relatedId", sort: SortKey("dueAt", descending: true), limit: timelineLimit)
        let history = try await AuditLog(database: request.rapport.database).entries(recordId: record.id, tenantId: tenantId, limit: 100)
        let everything = [record] + related.flatMap(\.records) + ancestors
        let names = try await ReferenceNames.load(for: everything, request: request, context: context, everyDirectoryName: true)
        var model = RecordPageModel(context: context, entity: entity, record: record, names: names, related: related, ancestors: ancestors,
                                    timeline: timeline, history: history, activityEntity: activities)
        model.sales = try await SalesPageData.load(for: record, entity: entity, request: request, context: context)
        return model
    }
}
