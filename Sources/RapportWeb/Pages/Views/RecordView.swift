import Foundation
import RapportDomain
import RapportPersistence

/// The 360° view: key facts, related records, the account tree, the timeline with
/// quick-add, and the change history.
struct RecordView {
    let model: RecordPageModel
    private var context: PageContext { model.context }
    private var text: Catalogue { context.text }
    private var entity: EntityDefinition { model.entity }

    func render(flash: String?, quickAddErrors: [String: String] = [:]) -> HTML {
        let record = model.record
        let title = ReferenceNames.title(of: record)
        let display = FieldDisplay(context: context, entity: entity, names: model.names)
        let keyFacts = Set(KeyFacts.fields(entity).map(\.name))
        let facts: [HTML] = entity.allFields.filter { !["id", "version"].contains($0.name) && !keyFacts.contains($0.name) }.compactMap { field in
            let value = record[field.name]
            if value.isNull && !field.required { return nil }
            return "<dt>\(text.label(field, of: entity))</dt><dd>\(display.html(value, field))</dd>"
        }
        let changeButtons: HTML = """
            <a class="button" href="\(SiteURL.edit(entity, record.id).path)">\(text["record.edit"])</a>
            <form method="post" action="\(SiteURL.record(entity, record.id).path)/delete">\(Layout.csrfField(context))<button type="submit" class="secondary">\(text["record.delete"])</button></form>
            """
        return Layout.page(context, title: title, section: Layout.Section(rawValue: entity.plural), flash: flash, body: """
            <nav aria-label="breadcrumb" class="muted"><a href="\(SiteURL.list(entity).path)">\(text.entityPlural(entity))</a></nav>
            <header class="record-header card">
              <div class="title-row">
                <h1>\(title)</h1>
                \(context.principal.mayWrite(entity) ? changeButtons : .empty)
              </div>
              \(KeyFactsView(model: model).render())
            </header>
            \(salesSections())
            \(AccountBalanceView(model: model).render())
            <div class="columns">
              <section class="card" aria-labelledby="facts-title"><h2 id="facts-title">\(text["record.details"])</h2><dl class="facts">\(facts)</dl></section>
              \(treeSection())
              \(orgChartSection())
              \(model.related.map(relatedSection))
            </div>
            \(EntityDefinition.activityTargets.contains(entity.name) ? timelineSection(errors: quickAddErrors) : nil)
            \(historySection())
            """)
    }

    private func treeSection() -> HTML? {
        guard entity.name == "account", !model.ancestors.isEmpty else { return nil }
        let chain: [HTML] = model.ancestors.map { "<li><a href=\"\(SiteURL.record(entity, $0.id).path)\">\(ReferenceNames.title(of: $0))</a></li>" }
        return """
            <section class="card" aria-labelledby="tree-title"><h2 id="tree-title">\(text["record.tree"])</h2>
            <ol class="tree">\(chain)<li aria-current="page"><strong>\(ReferenceNames.title(of: model.record))</strong></li></ol></section>
            """
    }

    /// The account's contacts by whom they report to.
    private func orgChartSection() -> HTML? {
        guard entity.name == "account", let contacts = model.related.first(where: { $0.titleKey == "record.contacts" }), !contacts.records.isEmpty else { return nil }
        let contactEntity = contacts.entity
        let roleField = contactEntity.field(named: "decisionRole")!
        let people = contacts.records.map { record in
            OrgChart.Person(id: record.id, name: ReferenceNames.title(of: record), managerId: record["reportsToId"].idValue,
                            role: record["decisionRole"].textValue.map { text.choice($0, of: roleField, in: contactEntity) },
                            influence: record["influence"].integerValue.map(Int.init), link: SiteURL.record(contactEntity, record.id).path)
        }
        guard let svg = OrgChart(title: text["record.orgChart"], people: people).svg() else { return nil }
        return """
            <section class="card wide" aria-labelledby="org-title"><h2 id="org-title">\(text["record.orgChart"])</h2>
            <div class="chart-wrap">\(svg)</div></section>
            """
    }

    private func relatedSection(_ related: RecordPageModel.Related) -> HTML {
        let items: [HTML] = related.records.map { "<li><a href=\"\(SiteURL.record(related.entity, $0.id).path)\">\(ReferenceNames.title(of: $0))</a></li>" }
        let id = "rel-" + related.titleKey.replacingOccurrences(of: ".", with: "-")
        let newLink = SiteURL.newRecord(related.entity).path + "?\(related.backField)=\(model.record.id.lowercaseString)"
        return """
            <section class="card" aria-labelledby="\(id)"><h2 id="\(id)">\(text[related.titleKey])</h2>
            \(items.isEmpty ? "<p class=\"muted\">\(text["home.nothing"])</p>" as HTML : "<ul>\(items)</ul>" as HTML)
            <a href="\(newLink)">\(text.format("list.new", ["entity": text.entityTitle(related.entity)]))</a></section>
            """
    }

    private func timelineSection(errors: [String: String]) -> HTML {
        let activity = model.activityEntity
        let typeField = activity.field(named: "type")!
        let items: [HTML] = model.timeline.map { item in
            let when = item["dueAt"].timestampValue ?? item["createdAt"].timestampValue
            let type = item["type"].textValue.map { text.choice($0, of: typeField, in: activity) } ?? ""
            return """
                <li><strong>\(type)</strong> · <a href="\(SiteURL.record(activity, item.id).path)">\(item["subject"].textValue ?? "")</a>
                \(when.map { "<time datetime=\"\(Timestamp.format($0))\" class=\"muted\">\(context.format.dateTime($0))</time>" as HTML })
                \(item["done"].boolValue == true ? "✓" as HTML : .empty)</li>
                """
        }
        let types: [HTML] = ["call", "meeting", "task", "note"].map { "<option value=\"\($0)\">\(text.choice($0, of: typeField, in: activity))</option>" }
        let subjectError = errors["subject"]
        return """
            <section class="card" id="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">\(text["record.timeline"])</h2>
            <form method="post" action="\(SiteURL.quickAdd(entity, model.record.id).path)" class="quick-add">
              \(Layout.csrfField(context))
              <fieldset><legend>\(text["record.quickAdd"])</legend>
              <label for="qa-type">\(text.label(typeField, of: activity))</label>
              <select id="qa-type" name="type">\(types)</select>
              <label for="qa-subject">\(text.label(activity.field(named: "subject")!, of: activity))</label>
              <input id="qa-subject" name="subject" required maxlength="300"\(subjectError == nil ? HTML.empty : HTML(trusted: " aria-invalid=\"true\" aria-describedby=\"qa-subject-error\""))>
              \(subjectError.map { "<p class=\"field-error\" id=\"qa-subject-error\">\($0)</p>" as HTML })
              <label for="qa-due">\(text.label(activity.field(named: "dueAt")!, of: activity))</label>
              <input id="qa-due" name="dueAt" type="datetime-local">
              <label for="qa-details">\(text.label(activity.field(named: "details")!, of: activity))</label>
              <textarea id="qa-details" name="details" rows="2" maxlength="10000"></textarea>
              <button type="submit">\(text["record.quickAddSubmit"])</button>
              </fieldset>
            </form>
            \(items.isEmpty ? "<p class=\"muted\">\(text["home.nothing"])</p>" as HTML : "<ol class=\"timeline\">\(items)</ol>" as HTML)
            </section>
            """
    }

    /// A value from the audit log in words: names for ids (a stage's translated), choices as the
    /// record page shows them (an order's status as its badge does), plain text for other strings.
    private func describe(_ value: JSONValue?, _ field: FieldDefinition?) -> String {
        if let field, case .multiChoice = field.type, case .array(let items)? = value, !items.isEmpty {
            return items.compactMap(\.stringValue).map { text.choice($0, of: field, in: entity) }.joined(separator: ", ")
        }
        switch value {
        case nil, .null?: return text["record.none"]
        case .string(let string)?:
            if let id = UUID(parsing: string), let name = model.names[id] { return name }
            if let field, field.type.isChoice { return text.choice(string, of: field, in: entity) }
            return string
        case .bool(let flag)?: return flag ? text["value.yes"] : text["value.no"]
        case .object(let object)? where object["amount"]?.stringValue != nil && object["currency"]?.stringValue != nil:
            // A money value: "1250.00" and "EUR" read as €1,250.00.
            guard let amount = object["amount"]?.stringValue.flatMap(Decimal.exact),
                  let currency = object["currency"]?.stringValue.flatMap(CurrencyCode.init) else { return JSONWriter.string(.object(object)) }
            return context.format.money(Money(amount: amount, currency: currency))
        case .number(let text)?:
            return Decimal.exact(text).map(context.format.decimal) ?? text
        case .array(let items)? where !items.isEmpty && items.allSatisfy({ $0["description"]?.stringValue != nil }):
            // Document lines as the audit keeps them: "Fleet tracker × 40 (−15 %)".
            return items.map { line in
                let quantity = line["quantity"]?.stringValue.flatMap(Decimal.exact).map(context.format.decimal) ?? "?"
                let discount = line["discountPercent"]?.stringValue.flatMap(Decimal.exact).flatMap { $0 == 0 ? nil : context.format.decimal($0) }
                return "\(line["description"]?.stringValue ?? "") × \(quantity)" + (discount.map { " (−\($0) %)" } ?? "")
            }.joined(separator: "; ")
        case .array(let items)? where items.isEmpty:
            return text["record.none"]
        case let other?: return JSONWriter.string(other)
        }
    }

    private func historySection() -> HTML {
        let entries: [HTML] = model.history.map { entry in
            let who = entry.actorId.flatMap { model.names[$0] } ?? "—"
            var changes: [HTML] = []
            if case .object(let object) = entry.changes, entry.action == "update" {
                for (name, change) in object.pairs {
                    let field = entity.field(named: name)
                    // A document's lines are audited as one change, under a name that is no field.
                    let label = field.map { text.label($0, of: entity) } ?? (name == "lines" ? text["history.lines"] : name)
                    let old = describe(change["old"], field), new = describe(change["new"], field)
                    changes.append("<li>\(text.format("history.change", ["field": label, "old": old, "new": new]))</li>")
                }
            }
            let action = ["create", "update", "delete", "restore", "share", "unshare"].contains(entry.action) ? text["history.\(entry.action)"] : entry.action
            return """
                <li><time datetime="\(Timestamp.format(entry.at))">\(context.format.dateTime(entry.at))</time> · \(action) · \(text.format("history.by", ["name": who]))
                \(changes.isEmpty ? HTML.empty : "<ul>\(changes)</ul>" as HTML)</li>
                """
        }
        return """
            <section class="card" aria-labelledby="history-title"><h2 id="history-title">\(text["record.history"])</h2>
            \(entries.isEmpty ? "<p class=\"muted\">\(text["record.noHistory"])</p>" as HTML : "<ol class=\"timeline\">\(entries)</ol>" as HTML)
            </section>
            """
    }
}

/// Create and edit forms, one input per editable field of the declaration (custom fields included).
struct RecordFormView {
    let context: PageContext
    let entity: EntityDefinition
    let record: Record?
    let values: [String: FieldValue]
    let raw: [String: String]
    let errors: [String: String]
    let input: FieldInput

    func render() -> HTML {
        let text = context.text
        let title = record.map(ReferenceNames.title(of:)) ?? text.format("list.new", ["entity": text.entityTitle(entity)])
        let action = record.map { SiteURL.edit(entity, $0.id).path } ?? SiteURL.list(entity).path
        let fields: [HTML] = RecordForm.editableFields(entity).map { field in
            input.html(field, value: values[field.name] ?? .null, rawValue: raw.isEmpty ? nil : (raw[field.name] ?? ""), error: errors[field.name])
        }
        let summary: HTML? = errors.isEmpty ? nil : "<p class=\"error\" role=\"alert\">\(errors["_form"] ?? text["record.fixErrors"])</p>"
        return Layout.page(context, title: title, section: Layout.Section(rawValue: entity.plural), body: """
            <h1>\(title)</h1>
            \(summary)
            <form method="post" action="\(action)" class="card record-form" novalidate>
              \(Layout.csrfField(context))
              \(record.map { "<input type=\"hidden\" name=\"_version\" value=\"\($0.version)\">" as HTML })
              <div class="form-grid">\(fields)</div>
              <button type="submit">\(record == nil ? text["record.create"] : text["record.save"])</button>
              <a href="\(record.map { SiteURL.record(entity, $0.id).path } ?? SiteURL.list(entity).path)">\(text["record.cancel"])</a>
            </form>
            """)
    }
}
