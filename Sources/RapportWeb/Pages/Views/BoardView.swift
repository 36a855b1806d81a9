import Foundation
import RapportDomain
import RapportPersistence

struct BoardView {
    let context: PageContext
    let entity: EntityDefinition
    let pipelines: [PipelineStore.Pipeline]
    let pipeline: PipelineStore.Pipeline
    let stages: [PipelineStore.Stage]
    let columns: [BoardController.Column]
    let names: ReferenceNames
    private var text: Catalogue { context.text }

    func render(flash: String?) -> HTML {
        let picker: [HTML] = pipelines.map { item in
            "<option value=\"\(item.id.lowercaseString)\"\(item.id == pipeline.id ? HTML(trusted: " selected") : .empty)>\(item.name)</option>"
        }
        return Layout.page(context, title: text["board.title"], section: .board, flash: flash, body: """
            <div class="title-row">
              <h1>\(text["board.title"])</h1>
              <form method="get" action="/board"><label for="pipeline">\(text["field.opportunity.pipelineId"])</label>
              <select id="pipeline" name="pipeline">\(picker)</select> <button type="submit" class="secondary">\(text["board.show"])</button></form>
            </div>
            <p class="muted" id="board-help">\(text["board.help"])</p>
            <div class="board" aria-describedby="board-help">\(columns.map(column))</div>
            """)
    }

    private func column(_ column: BoardController.Column) -> HTML {
        let stageId = column.stage.id.lowercaseString
        let totals: [HTML] = column.totals.compactMap { total in
            guard let code = CurrencyCode(total.currency) else { return nil }
            return """
                <div class="totals" data-currency="\(code.code)"><span>\(text["home.total"]): <span class="money total">\(context.format.money(Money(amount: total.total, currency: code)))</span></span>
                <span>\(text["home.weightedTotal"]): <span class="money weighted">\(context.format.money(Money(amount: total.weighted, currency: code)))</span></span></div>
                """
        }
        let more = column.count - column.cards.count
        let moreLink: HTML? = more > 0 ? """
            <a href="\(SiteURL.list(entity, query: "filter%5BstageId%5D=\(stageId)").path)">\(text.format("value.more", ["count": String(more)]))</a>
            """ : nil
        return """
            <section class="stage" data-stage="\(stageId)" aria-labelledby="stage-\(stageId)">
              <h2 id="stage-\(stageId)">\(text.stageName(column.stage)) <span class="count" data-count="\(column.count)"><span class="sr">\(text["board.count"]): </span>\(context.format.number(Int64(column.count)))</span></h2>
              \(totals)
              <ol class="cards">\(column.cards.map { card($0, in: column) })</ol>
              \(moreLink)
            </section>
            """
    }

    private func card(_ record: Record, in column: BoardController.Column) -> HTML {
        let id = record.id.lowercaseString
        let options: [HTML] = stages.map { stage in
            "<option value=\"\(stage.id.lowercaseString)\"\(stage.id == column.stage.id ? HTML(trusted: " selected") : .empty)>\(text.stageName(stage))</option>"
        }
        let amount: HTML? = record["amount"].moneyValue.map { "<span class=\"money\">\(context.format.money($0))</span>" }
        let account: HTML? = record["accountId"].idValue.flatMap { names[$0] }.map { "<span class=\"muted\">\($0)</span>" }
        return """
            <li class="card-item" id="card-\(id)" draggable="true" tabindex="0" data-id="\(id)" aria-describedby="board-help">
              <a href="\(SiteURL.record(entity, record.id).path)">\(ReferenceNames.title(of: record))</a>
              \(account) \(amount)
              <form method="post" action="/board/move" class="move">
                \(Layout.csrfField(context))
                <input type="hidden" name="id" value="\(id)"><input type="hidden" name="version" value="\(record.version)">
                <label for="move-\(id)">\(text["board.moveTo"])</label>
                <select id="move-\(id)" name="stageId">\(options)</select>
                <button type="submit" class="secondary">\(text["board.move"])</button>
              </form>
            </li>
            """
    }
}

/// Asks why a deal was lost, and to which competitor, before closing it as lost.
struct LostDealView {
    let context: PageContext
    let record: Record
    let stage: PipelineStore.Stage
    let version: Int64
    let error: String?
    /// Where to go once the deal is closed or the question cancelled, when it was not asked from the board (the record page).
    var back: String? = nil

    func render() -> HTML {
        let text = context.text
        let known = record["competitors"].listValue ?? []
        let backField: HTML? = back.map { "<input type=\"hidden\" name=\"back\" value=\"\($0)\">" }
        return Layout.page(context, title: text["board.lostTitle"], section: .board, body: """
            <h1>\(text["board.lostTitle"])</h1>
            <p>\(ReferenceNames.title(of: record)) → \(text.stageName(stage))</p>
            <form method="post" action="/board/move" class="card stack">
              \(Layout.csrfField(context))
              <input type="hidden" name="id" value="\(record.id.lowercaseString)">
              <input type="hidden" name="stageId" value="\(stage.id.lowercaseString)">
              <input type="hidden" name="version" value="\(version)">\(backField)
              <label for="lostReason">\(text["field.opportunity.lostReason"])</label>
              <input id="lostReason" name="lostReason" required maxlength="200"\(error == nil ? HTML.empty : HTML(trusted: " aria-invalid=\"true\" aria-describedby=\"lostReason-error\""))>
              \(error.map { "<p class=\"field-error\" id=\"lostReason-error\">\($0)</p>" as HTML })
              <label for="competitor">\(text["board.competitor"])</label>
              <input id="competitor" name="competitor" maxlength="200">
              \(known.isEmpty ? HTML.empty : "<p class=\"muted\">\(text["field.opportunity.competitors"]): \(known.joined(separator: ", "))</p>" as HTML)
              <button type="submit">\(text["board.markLost"])</button>
              <a href="\(back ?? "/board")">\(text["record.cancel"])</a>
            </form>
            """)
    }
}
