import Foundation
import RapportDomain
import SQLKit

/// A tenant's pipelines and their ordered stages.
public struct PipelineStore: Sendable {
    public struct Pipeline: Sendable, Hashable {
        public let id: UUID
        public let name: String
        public let isDefault: Bool
    }

    public struct Stage: Sendable, Hashable {
        public let id: UUID
        public let pipelineId: UUID
        public let name: String
        public let position: Int
        public let probability: Int
        /// `open`, `won` or `lost`.
        public let kind: String
    }

    let database: Database
    var dialect: Dialect { database.dialect }

    public init(database: Database) { self.database = database }

    public func pipelines(tenantId: UUID) async throws -> [Pipeline] {
        let codec = FieldCodec(dialect: dialect)
        return try await database.withConnection { db in
            try await db.raw("SELECT id, name, is_default FROM pipelines WHERE tenant_id = \(bind: dialect.bind(tenantId)) ORDER BY position").all().map {
                Pipeline(id: try codec.decodeID($0, "id")!, name: try $0.decode(column: "name", as: String.self),
                         isDefault: try codec.decodeBool($0, "is_default"))
            }
        }
    }

    public func stages(tenantId: UUID) async throws -> [Stage] {
        try await database.withConnection { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.stageColumns) FROM stages
                WHERE tenant_id = \(bind: dialect.bind(tenantId)) ORDER BY pipeline_id, position
                """).all().map(decodeStage)
        }
    }

    static let stageColumns = "id, pipeline_id, name, position, probability, kind"

    func decodeStage(_ row: any SQLRow) throws -> Stage {
        let codec = FieldCodec(dialect: dialect)
        return Stage(id: try codec.decodeID(row, "id")!, pipelineId: try codec.decodeID(row, "pipeline_id")!,
                     name: try row.decode(column: "name", as: String.self), position: try row.decode(column: "position", as: Int.self),
                     probability: try row.decode(column: "probability", as: Int.self), kind: try row.decode(column: "kind", as: String.self))
    }
}
