import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// An opportunity moved to a lost stage from its record page is asked for the reason, as on the board:
/// the full edit form wants its lost-reason field filled in, the header asks with the board's own page.
extension RecordPageController {
    /// The lost stage this change moves an opportunity to with no lost reason; nil when nothing is missing.
    static func lostStageWithoutReason(
        _ request: Request, _ context: PageContext, _ entity: EntityDefinition, _ record: Record, _ input: RecordInput
    ) async throws -> PipelineStore.Stage? {
        guard entity.name == "opportunity", let stageId = input.values["stageId"]?.idValue, stageId != record["stageId"].idValue else { return nil }
        let reason = input.values["lostReason"] ?? record["lostReason"]
        guard reason.textValue?.trimmed.isEmpty ?? true else { return nil }
        return try await request.rapport.pipelines.stages(tenantId: context.user.tenantId).first { $0.id == stageId && $0.kind == "lost" }
    }

    /// The board's lost-deal question for a move made in the record's header; answering it comes back to the record.
    static func lostDealPage(_ context: PageContext, _ entity: EntityDefinition, _ record: Record, _ stage: PipelineStore.Stage, version: Int64?) -> Response {
        let view = LostDealView(context: context, record: record, stage: stage, version: version ?? record.version, error: nil,
                                back: SiteURL.record(entity, record.id).path)
        return Layout.response(view.render())
    }
}
