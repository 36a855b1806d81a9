import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Display names for the ids a page shows: users, teams, partners, stages and the records
/// it links to. Records are read through the access scope, so a name the user may not see
/// stays hidden (shown as "—").
struct ReferenceNames: Sendable {
    var names: [UUID: String] = [:]
    /// The entity a linked record belongs to, for building its link.
    var entities: [UUID: EntityDefinition] = [:]

    subscript(_ id: UUID) -> String? { names[id] }

    static func load(for records: [Record], entity: EntityDefinition, request: Request, context: PageContext) async throws -> ReferenceNames {
        var result = ReferenceNames()
        var wanted: [String: Set<UUID>] = [:]
        for record in records {
            for field in record.entity.allFields {
                guard let id = record[field.name].idValue else { continue }
                switch field.type {
                case .reference(let target): wanted[target, default: []].insert(id)
                case .uuid where field.name == "relatedId":
                    if let target = record["relatedType"].textValue { wanted[target, default: []].insert(id) }
                default: break
                }
            }
        }
        let services = request.rapport
        let tenantId = context.user.tenantId
        if wanted["user"] != nil {
            for user in try await services.directory.users(tenantId: tenantId) { result.names[user.id] = user.name }
        }
        if wanted["team"] != nil { result.names.merge(try await services.directory.teamNames(tenantId: tenantId)) { a, _ in a } }
        if wanted["partner"] != nil { result.names.merge(try await services.directory.partnerNames(tenantId: tenantId)) { a, _ in a } }
        if wanted["stage"] != nil || wanted["pipeline"] != nil {
            for stage in try await services.pipelines.stages(tenantId: tenantId) { result.names[stage.id] = stage.name }
            for pipeline in try await services.pipelines.pipelines(tenantId: tenantId) { result.names[pipeline.id] = pipeline.name }
        }
        for target in Catalog.builtIn {
            guard let ids = wanted[target.name], !ids.isEmpty,
                  let tenantEntity = try await services.store.entity(named: target.name, tenantId: tenantId) else { continue }
            let found = try await Self.records(tenantEntity, ids: Array(ids), request: request, context: context)
            for record in found {
                result.names[record.id] = title(of: record)
                result.entities[record.id] = tenantEntity
            }
        }
        return result
    }

    static func records(_ entity: EntityDefinition, ids: [UUID], request: Request, context: PageContext) async throws -> [Record] {
        try await request.rapport.store.records(entity, ids: ids, principal: context.principal)
    }

    /// What a record is called on screen.
    static func title(of record: Record) -> String {
        record["name"].textValue ?? record["subject"].textValue ?? record.id.lowercaseString
    }
}
