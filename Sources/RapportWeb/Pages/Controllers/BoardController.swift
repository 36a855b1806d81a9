import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The pipeline board: open deals in columns by stage, those closing soonest first, with count,
/// total and weighted total; moved by drag and drop, by keyboard, or by the plain form on each card.
enum BoardController {
    static let cardsPerColumn = 50

    struct Column: Sendable {
        let stage: PipelineStore.Stage
        var cards: [Record] = []
        var totals: [HomeController.PipelineTotal] = []
        var count: Int { totals.reduce(0) { $0 + $1.count } }
    }

    static func show(_ request: Request) async throws -> Response {
        let context = try request.page
        let services = request.rapport
        let tenantId = context.user.tenantId
        let pipelines = try await services.pipelines.pipelines(tenantId: tenantId)
        guard let pipeline = request.query[String.self, at: "pipeline"].flatMap(UUID.init(parsing:)).flatMap({ id in pipelines.first { $0.id == id } })
                ?? pipelines.first(where: \.isDefault) ?? pipelines.first else { throw PageError.notFound }
        let stages = try await services.pipelines.stages(tenantId: tenantId).filter { $0.pipelineId == pipeline.id }.sorted { $0.position < $1.position }
        let opportunity = try await request.entity(named: "opportunity", context)
        let probability = Dictionary(uniqueKeysWithValues: stages.map { ($0.id, Decimal($0.probability) / 100) })
        let rows = try await PipelineReport(database: services.database).run(principal: context.principal)
        var columns: [Column] = []
        for stage in stages where stage.kind == "open" {
            var column = Column(stage: stage)
            column.totals = HomeController.totals(rows.filter { $0.stageId == stage.id }, probability: probability)
            let list = ListRequest(opportunity, where: [("stageId", .eq, [.id(stage.id)])], sort: [SortKey("expectedCloseDate")],
                                   limit: cardsPerColumn)
            column.cards = try await services.store.list(opportunity, request: list, principal: context.principal).records
            columns.append(column)
        }
        let names = try await ReferenceNames.load(for: columns.flatMap(\.cards), request: request, context: context)
        let view = BoardView(context: context, entity: opportunity, pipelines: pipelines, pipeline: pipeline, stages: stages, columns: columns, names: names)
        let flash = request.query[String.self, at: "moved"].map { _ in context.text["board.moved"] }
        return Layout.response(view.render(flash: flash))
    }

    struct MoveForm: Content {
        var id: String?
        var stageId: String?
        var version: Int64?
        var lostReason: String?
        var competitor: String?
        /// The record page that asked instead of the board (see LostDealView).
        var back: String?
    }

    static func move(_ request: Request) async throws -> Response {
        let context = try request.page
        let services = request.rapport
        let form = try request.content.decode(MoveForm.self)
        let opportunity = try await request.entity(named: "opportunity", context)
        guard let id = form.id.flatMap(UUID.init(parsing:)), let stageId = form.stageId.flatMap(UUID.init(parsing:)),
              let stage = try await services.pipelines.stages(tenantId: context.user.tenantId).first(where: { $0.id == stageId }) else {
            throw PageError.notFound
        }
        let record: Record
        do { record = try await services.store.get(opportunity, id: id, principal: context.principal) } catch StoreError.notFound { throw PageError.notFound }
        let back = form.back.flatMap(SiteURL.localPath)
        var values: [String: FieldValue] = ["stageId": .id(stageId)]
        if stage.kind == "lost" {
            // A lost deal is only closed with the reason it was lost, and to whom.
            guard let reason = form.lostReason?.trimmed, !reason.isEmpty else {
                let view = LostDealView(context: context, record: record, stage: stage, version: form.version ?? record.version, error: form.lostReason == nil ? nil : context.text["board.lostReasonRequired"], back: back)
                return Layout.response(view.render(), status: form.lostReason == nil ? .ok : .unprocessableEntity)
            }
            values["lostReason"] = .text(String(reason.prefix(200)))
            if let competitor = form.competitor?.trimmed, !competitor.isEmpty {
                let known = record["competitors"].listValue ?? []
                values["competitors"] = .list(known.contains(competitor) ? known : known + [String(competitor.prefix(200))])
            }
        }
        do {
            _ = try await services.store.update(opportunity, id: id, input: RecordInput(values: values), principal: context.principal,
                                                expectedVersion: form.version)
        } catch StoreError.versionMismatch {
            // The record page shows what is stored now, so moving again is a deliberate choice.
            return request.redirect(to: back ?? "/board?pipeline=\(stage.pipelineId.lowercaseString)&conflict=1", redirectType: .normal)
        }
        if let back {
            return request.redirect(to: back + (back.contains("?") ? "&" : "?") + "saved=1", redirectType: .normal)
        }
        return request.redirect(to: "/board?pipeline=\(stage.pipelineId.lowercaseString)&moved=1#card-\(id.lowercaseString)", redirectType: .normal)
    }
}
