import Foundation
import RapportDomain
import RapportPersistence

/// The record page's header facts. Each editable one links to `?edit=<field>`, where the
/// page shows that field's own small form in its place; app.js opens the same form in place.
struct KeyFactsView {
    let model: RecordPageModel
    private var context: PageContext { model.context }
    private var text: Catalogue { context.text }
    private var entity: EntityDefinition { model.entity }

    func render() -> HTML {
        "<dl class=\"facts key-facts\">\(KeyFacts.fields(entity).map(fact))</dl>"
    }

    private func fact(_ field: FieldDefinition) -> HTML {
        let label = text.label(field, of: entity)
        let id = KeyFacts.anchor(field)
        let value = FieldDisplay(context: context, entity: entity, names: model.names).html(model.record[field.name], field)
        guard context.principal.mayWrite(entity), KeyFacts.editableField(named: field.name, in: entity) != nil else {
            return "<dt>\(label)</dt><dd id=\"\(id)\">\(value)</dd>"
        }
        if let editing = model.editing, editing.field.name == field.name {
            return "<dt>\(label)</dt><dd id=\"\(id)\" class=\"fact\">\(form(editing))</dd>"
        }
        // The fragment is the field's control, which the browser then focuses.
        let link = SiteURL.record(entity, model.record.id).path + "?edit=\(field.name)#\(FieldInput.id(field))"
        return """
            <dt>\(label)</dt><dd id="\(id)" class="fact"><div class="fact-value">\(value)</div>
            <a class="fact-edit" id="\(KeyFacts.editLinkAnchor(field))" href="\(link)" aria-label="\(text.format("record.editFact", ["field": label]))">\(text["record.edit"])</a></dd>
            """
    }

    private func form(_ editing: FactEdit) -> HTML {
        let field = editing.field, record = model.record
        let input = FieldInput(context: context, entity: entity, options: editing.options, defaultCurrency: editing.defaultCurrency)
        return """
            <form method="post" action="\(SiteURL.fact(entity, record.id).path)" class="fact-form" novalidate>
              \(Layout.csrfField(context))
              <input type="hidden" name="_version" value="\(record.version)"><input type="hidden" name="_field" value="\(field.name)">
              \(input.html(field, value: record[field.name], rawValue: editing.raw.map { $0[RecordForm.inputName(field)] ?? "" }, error: editing.error))
              <button type="submit">\(text["record.save"])</button>
              <a class="fact-cancel" href="\(SiteURL.record(entity, record.id).path)#\(KeyFacts.editLinkAnchor(field))">\(text["record.cancel"])</a>
            </form>
            """
    }
}
