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

    /// With `everyDirectoryName`, all users, teams, partners, stages and pipelines are named too
    /// (the change history mentions ids the records themselves no longer hold).
    static func load(
        for records: [Record], request: Request, context: PageContext, everyDirectoryName: Bool = false
    ) async throws -> ReferenceNames {
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
        if everyDirectoryName || wanted["user"] != nil {
            for user in try await services.directory.users(tenantId: tenantId) { result.names[user.id] = user.name }
        }
        if everyDirectoryName || wanted["team"] != nil { result.names.merge(try await services.directory.teamNames(tenantId: tenantId)) { a, _ in a } }
        if everyDirectoryName || wanted["partner"] != nil { result.names.merge(try await services.directory.partnerNames(tenantId: tenantId)) { a, _ in a } }
        if everyDirectoryName || wanted["stage"] != nil || wanted["pipeline"] != nil {
            for stage in try await services.pipelines.stages(tenantId: tenantId) { result.names[stage.id] = context.text.stageName(stage) }
            for pipeline in try await services.pipelines.pipelines(tenantId: tenantId) { result.names[pipeline.id] = pipeline.name }
        }
        for target in Catalog.builtIn {
            guard let ids = wanted[target.name], !ids.isEmpty,
                  let tenantEntity = try await services.store.entity(named: target.name, tenantId: tenantId) else { continue }
            let found = try await services.store.records(tenantEntity, ids: Array(ids), principal: context.principal)
            for record in found {
                result.names[record.id] = title(of: record)
                result.entities[record.id] = tenantEntity
            }
        }
        return result
    }

    /// What a record is called on screen.
    static func title(of record: Record) -> String {
        record["name"].textValue ?? record["subject"].textValue ?? record.id.lowercaseString
    }
}
