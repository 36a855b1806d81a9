import Foundation
import RapportDomain
import RapportPersistence

/// One entity's list: search and filters, the table with sortable headers and a column
/// chooser, bulk actions on the checked rows, the next-page link and CSV export.
struct ListView {
    let context: PageContext
    let entity: EntityDefinition
    let query: ListQuery
    let page: EntityStore.Page?
    let names: ReferenceNames
    /// Whom the checked rows can be given to: active users the viewer may hand records to.
    let owners: [Directory.User]
    /// Whom the list can be filtered by, deactivated users too.
    let filterUsers: [Directory.User]
    let views: [SavedViewStore.View]
    let problem: String?

    private var text: Catalogue { context.text }

    func render(flash: String?) -> HTML {
        let title = text.entityPlural(entity)
        let records = page?.records ?? []
        let display = FieldDisplay(context: context, entity: entity, names: names)
        // Whoever may not change these records (read-only users, dealers on orders) gets no actions to be refused.
        let mayWrite = context.principal.mayWrite(entity)
        let rows: [HTML] = records.map { record in
            let cells: [HTML] = query.columns.enumerated().map { index, field in
                let value = display.html(record[field.name], field)
                if index == 0 {
                    return "<td><a href=\"\(SiteURL.record(entity, record.id).path)\">\(field.type.isList ? value : "\(display.plain(record[field.name], field))" as HTML)</a></td>"
                }
                return "<td>\(value)</td>"
            }
            let label = ReferenceNames.title(of: record)
            let select: HTML = mayWrite ? """
                <td class="select"><input type="checkbox" name="ids" value="\(record.id.lowercaseString)" form="bulk" aria-label="\(text["list.select"]) \(label)"></td>
                """ : .empty
            return "<tr>\(select)\(cells)</tr>"
        }
        let back = SiteURL.list(entity, query: query.query(keepCursor: true)).path
        return Layout.page(context, title: title, section: Layout.Section(rawValue: entity.plural), flash: flash, body: """
            <div class="title-row">
              <h1>\(title)</h1>
              \(mayWrite ? "<a class=\"button\" href=\"\(SiteURL.newRecord(entity).path)\">\(text.format("list.new", ["entity": text.entityTitle(entity)]))</a>" as HTML : .empty)
              <a class="button secondary" href="\(SiteURL.export(entity, query: query.query()).path)">\(text["list.export"])</a>
            </div>
            \(searchAndFilters())
            \(problem.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
            \(page?.total.map { "<p class=\"muted\">\(text.format("list.count", ["count": context.format.number(Int64($0))]))</p>" as HTML })
            \(columnChooser())
            \(savedViews())
            \(mayWrite ? bulkForm(back: back) : .empty)
            <div class="table-wrap" tabindex="0" role="region" aria-label="\(title)">
            <table class="records">
              <thead><tr>\(mayWrite ? "<th scope=\"col\" class=\"select\"><input type=\"checkbox\" data-select-all=\"ids\" aria-label=\"\(text["list.selectAll"])\"></th>" as HTML : .empty)\(headers())</tr></thead>
              <tbody>\(rows)</tbody>
            </table>
            </div>
            \(records.isEmpty ? "<p class=\"empty\">\(text["list.empty"])</p>" as HTML : .empty)
            <nav class="pager" aria-label="\(title)">
              \(query.value(of: "cursor") != nil ? "<a href=\"\(SiteURL.list(entity, query: query.query()).path)\">\(text["list.first"])</a>" as HTML : .empty)
              \(page?.nextCursor.map { "<a rel=\"next\" href=\"\(SiteURL.list(entity, query: query.query(replacing: ["cursor": $0])).path)\">\(text["list.next"])</a>" as HTML })
            </nav>
            """)
    }

    private func headers() -> [HTML] {
        let current = query.sort ?? ""
        return query.columns.map { field in
            let label = text.label(field, of: entity)
            guard field.type.isOrdered && (field.indexed || field.isCustom) else { return "<th scope=\"col\">\(label)</th>" }
            let ascending = current == field.name
            let descending = current == "-" + field.name
            let next = ascending ? "-" + field.name : field.name
            let sortState: HTML = ascending ? " aria-sort=\"ascending\"" : descending ? " aria-sort=\"descending\"" : ""
            let arrow: HTML = ascending ? " ▲" : descending ? " ▼" : ""
            return """
                <th scope="col"\(sortState)><a href="\(SiteURL.list(entity, query: query.query(replacing: ["sort": next])).path)" title="\(text.format("list.sortBy", ["field": label]))">\(label)\(arrow)</a></th>
                """
        }
    }

    /// Assign, tag or delete the checked rows; `back` returns to this page of the list afterwards.
    private func bulkForm(back: String) -> HTML {
        let tags = entity.allFields.contains { $0.type == .textList(.tags) }
        return """
            <form id="bulk" method="post" action="\(SiteURL.bulk(entity).path)" class="bulk">
              \(Layout.csrfField(context))
              <input type="hidden" name="back" value="\(back)">
              <fieldset><legend>\(text["list.bulk"])</legend>
              <label for="bulk-action">\(text["list.bulk"])</label>
              <select id="bulk-action" name="action">
                <option value="assign">\(text["list.bulkAssign"])</option>
                \(tags ? "<option value=\"tag\">\(text["list.bulkTag"])</option>" as HTML : .empty)
                <option value="delete">\(text["list.bulkDelete"])</option>
              </select>
              <label for="bulk-owner">\(text.label(entity.field(named: "ownerId")!, of: entity))</label>
              <select id="bulk-owner" name="ownerId">\(owners.map { "<option value=\"\($0.id.lowercaseString)\">\($0.name)</option>" as HTML })</select>
              \(tags ? "<label for=\"bulk-tag\">\(text["list.bulkTag"])</label><input id=\"bulk-tag\" name=\"tag\" maxlength=\"100\">" as HTML : .empty)
              <button type="submit">\(text["list.bulkApply"])</button>
              </fieldset>
            </form>
            """
    }

    private func searchAndFilters() -> HTML {
        let filterFields = entity.allFields.filter { field in
            (field.indexed || field.isCustom) && !["id", "externalId", "teamId", "partnerId", "createdBy", "updatedBy"].contains(field.name)
                && field.access != .readOnly || ["createdAt", "updatedAt", "status"].contains(field.name)
        }
        let controls: [HTML] = filterFields.compactMap(filterControl)
        let active = query.pairs.contains { $0.0.hasPrefix("filter[") }
        return """
            <form method="get" action="\(SiteURL.list(entity).path)" class="search" role="search">
              <label for="q">\(text["list.search"])</label>
              <input id="q" name="q" type="search" value="\(query.search)" placeholder="\(text["list.searchPlaceholder"])">
              \(query.columns.map(\.name) != ListQuery.defaultColumns(entity).map(\.name) ? "<input type=\"hidden\" name=\"cols\" value=\"\(query.columns.map(\.name).joined(separator: ","))\">" as HTML : .empty)
              \(query.sort.map { "<input type=\"hidden\" name=\"sort\" value=\"\($0)\">" as HTML })
              <button type="submit">\(text["list.search"])</button>
              <details\(active ? HTML(trusted: " open") : .empty)><summary>\(text["list.filters"])</summary>
                <div class="filters">\(controls)</div>
                <button type="submit">\(text["list.addFilter"])</button>
                <a href="\(SiteURL.list(entity).path)">\(text["list.clearFilters"])</a>
              </details>
            </form>
            """
    }

    private func filterControl(_ field: FieldDefinition) -> HTML? {
        let label = text.label(field, of: entity)
        let id = "f-" + field.name.replacingOccurrences(of: ".", with: "-")
        func name(_ op: String?) -> String { op.map { "filter[\(field.name)][\($0)]" } ?? "filter[\(field.name)]" }
        func current(_ op: String?) -> String { query.value(of: name(op)) ?? "" }
        func select(_ options: [(String, String)], op: String? = nil) -> HTML {
            let chosen = current(op)
            let items: [HTML] = [("", text["list.any"])].map { "<option value=\"\($0.0)\">\($0.1)</option>" as HTML }
                + options.map { value, shown in
                    "<option value=\"\(value)\"\(chosen == value ? HTML(trusted: " selected") : .empty)>\(shown)</option>"
                }
            return "<div class=\"filter\"><label for=\"\(id)\">\(label)</label><select id=\"\(id)\" name=\"\(name(op))\">\(items)</select></div>"
        }
        func range(_ type: String) -> HTML {
            """
            <fieldset class="filter"><legend>\(label)</legend>
            <label for="\(id)-from">\(text["list.op.gte"])</label><input id="\(id)-from" type="\(type)" name="\(name("gte"))" value="\(current("gte"))"\(type == "number" ? HTML(trusted: " step=\"any\"") : .empty)>
            <label for="\(id)-to">\(text["list.op.lte"])</label><input id="\(id)-to" type="\(type)" name="\(name("lte"))" value="\(current("lte"))"\(type == "number" ? HTML(trusted: " step=\"any\"") : .empty)>
            </fieldset>
            """
        }
        switch field.type {
        case .text, .email, .phone, .url, .textList:
            return "<div class=\"filter\"><label for=\"\(id)\">\(label) (\(text["list.op.contains"]))</label><input id=\"\(id)\" name=\"\(name("contains"))\" value=\"\(current("contains"))\"></div>"
        case .choice(let values): return select(values.map { ($0, text.choice($0, of: field, in: entity)) })
        case .multiChoice(let values): return select(values.map { ($0, text.choice($0, of: field, in: entity)) }, op: "contains")
        case .boolean: return select([("true", text["list.yes"]), ("false", text["list.no"])])
        case .integer, .number, .money: return range("number")
        case .date, .timestamp: return range("date")
        case .reference("user"):
            return select(filterUsers.map { ($0.id.lowercaseString, $0.active ? $0.name : text.format("list.deactivatedUser", ["name": $0.name])) })
        default: return nil
        }
    }

    private func savedViews() -> HTML {
        let items: [HTML] = views.map { view in
            let delete: HTML? = view.ownerId == context.user.id ? """
                <form method="post" action="\(SiteURL.list(entity).path)/views/\(view.id.lowercaseString)/delete" class="inline">\(Layout.csrfField(context))
                <button type="submit" class="link-button">\(text["record.delete"])</button></form>
                """ : nil
            return "<li><a href=\"\(SiteURL.list(entity, query: view.query).path)\">\(view.name)</a>\(view.shared ? " · \(text["list.viewShared"])" : "") \(delete)</li>"
        }
        return """
            <details class="saved-views"\(views.isEmpty ? HTML.empty : HTML(trusted: " open"))><summary>\(text["list.views"])</summary>
            \(items.isEmpty ? "<p class=\"muted\">\(text["list.noViews"])</p>" as HTML : "<ul>\(items)</ul>" as HTML)
            <form method="post" action="\(SiteURL.list(entity).path)/views" class="save-view">\(Layout.csrfField(context))
              <input type="hidden" name="query" value="\(query.query())">
              <label for="view-name">\(text["list.viewName"])</label><input id="view-name" name="name" required maxlength="100">
              <span class="check"><input type="checkbox" id="view-shared" name="shared"> <label for="view-shared">\(text["list.viewShared"])</label></span>
              <button type="submit" class="secondary">\(text["list.saveView"])</button>
            </form>
            </details>
            """
    }

    private func columnChooser() -> HTML {
        let chosen = Set(query.columns.map(\.name))
        let boxes: [HTML] = ListQuery.choosableColumns(entity).map { field in
            let id = "c-" + field.name.replacingOccurrences(of: ".", with: "-")
            return """
                <label for="\(id)"><input type="checkbox" id="\(id)" name="cols" value="\(field.name)"\(chosen.contains(field.name) ? HTML(trusted: " checked") : .empty)> \(text.label(field, of: entity))</label>
                """
        }
        let kept: [HTML] = query.pairs.filter { $0.0 != "cursor" }.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" }
        return """
            <details class="columns-chooser"><summary>\(text["list.columns"])</summary>
            <form method="get" action="\(SiteURL.list(entity).path)">\(kept)<div class="checks">\(boxes)</div>
            <button type="submit">\(text["list.applyColumns"])</button></form>
            </details>
            """
    }
}
