import Foundation
import RapportDomain
import RapportPersistence

/// Pipelines with their stages in board order: rename, probability, up/down, and forms to add
/// a stage or a pipeline. Plain forms, so it works without JavaScript.
extension SettingsView {
    func pipelinesSection() -> HTML {
        """
        <section class="card wide" id="pipelines" aria-labelledby="pipelines-title"><h2 id="pipelines-title">\(text["settings.pipelines"])</h2>
        \(pipelines.map(pipelineBlock))
        <h3 id="new-pipeline-title">\(text["settings.newPipeline"])</h3>
        <form method="post" action="/settings/pipelines" class="stack" aria-labelledby="new-pipeline-title">\(Layout.csrfField(context))
          <label for="pipeline-name">\(text["settings.name"])</label><input id="pipeline-name" name="name" required maxlength="100">
          \(error("pipeline"))
          <button type="submit">\(text["settings.addPipeline"])</button>
        </form></section>
        """
    }

    private func pipelineBlock(_ pipeline: PipelineStore.Pipeline) -> HTML {
        let id = pipeline.id.lowercaseString
        let own = stages.filter { $0.pipelineId == pipeline.id }.sorted { $0.position < $1.position }
        // A stage moves only past a neighbour of its own sort (open, or an outcome), as the store allows.
        let rows: [HTML] = own.enumerated().map { index, stage in
            stageRow(stage, canMoveUp: index > 0 && PipelineStore.maySwap(stage, own[index - 1]),
                     canMoveDown: index < own.count - 1 && PipelineStore.maySwap(stage, own[index + 1]))
        }
        let kinds: [HTML] = PipelineStore.stageKinds.map { "<option value=\"\($0)\">\(text["settings.kind.\($0)"])</option>" }
        let table: HTML = own.isEmpty ? "<p class=\"empty\">\(text["settings.noStages"])</p>" : """
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="pipeline-\(id)"><table class="records"><thead><tr>
            <th scope="col">#</th><th scope="col">\(text["settings.stage"])</th><th scope="col">\(text["settings.kind"])</th><th scope="col">\(text["settings.order"])</th>
            </tr></thead><tbody>\(rows)</tbody></table></div>
            """
        return """
            <h3 id="pipeline-\(id)">\(pipeline.name)</h3>
            \(table)
            <form method="post" action="/settings/pipelines/\(id)/stages" class="stack">\(Layout.csrfField(context))
              <label for="new-stage-name-\(id)">\(text["settings.stageName"])</label><input id="new-stage-name-\(id)" name="name" required maxlength="100">
              <label for="new-stage-probability-\(id)">\(text["settings.probability"])</label>
              <input id="new-stage-probability-\(id)" name="probability" type="number" min="0" max="100" step="1" required>
              <label for="new-stage-kind-\(id)">\(text["settings.kind"])</label><select id="new-stage-kind-\(id)" name="kind">\(kinds)</select>
              \(error("stage-new-\(id)"))
              <button type="submit">\(text["settings.addStage"])</button>
            </form>
            """
    }

    private func stageRow(_ stage: PipelineStore.Stage, canMoveUp: Bool, canMoveDown: Bool) -> HTML {
        let id = stage.id.lowercaseString
        let name = text.stageName(stage)
        return """
            <tr id="stage-\(id)"><td>\(stage.position)</td>
            <td><form method="post" action="/settings/stages/\(id)" class="inline">\(Layout.csrfField(context))
              <label class="sr" for="stage-name-\(id)">\(name): \(text["settings.stageName"])</label>
              <input id="stage-name-\(id)" name="name" required maxlength="100" value="\(name)">
              <label class="sr" for="stage-probability-\(id)">\(name): \(text["settings.probability"])</label>
              <input id="stage-probability-\(id)" name="probability" type="number" min="0" max="100" step="1" required value="\(stage.probability)"> %
              <button type="submit" class="secondary">\(text["profile.save"])</button>
            </form>\(error("stage-\(id)"))</td>
            <td>\(text["settings.kind.\(stage.kind)"])</td>
            <td>\(moveButton(stage, name: name, direction: .up, disabled: !canMoveUp)) \(moveButton(stage, name: name, direction: .down, disabled: !canMoveDown))\(error("move-\(id)"))</td></tr>
            """
    }

    private func moveButton(_ stage: PipelineStore.Stage, name: String, direction: PipelineStore.Direction, disabled: Bool) -> HTML {
        let label = text[direction == .up ? "settings.moveUp" : "settings.moveDown"]
        return """
            <form method="post" action="/settings/stages/\(stage.id.lowercaseString)/move" class="inline">\(Layout.csrfField(context))
            <input type="hidden" name="direction" value="\(direction.rawValue)">
            <button type="submit" class="secondary"\(disabled ? HTML(trusted: " disabled") : .empty)>\(label)<span class="sr"> \(name)</span></button></form>
            """
    }
}
