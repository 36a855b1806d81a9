import Foundation
import RapportDomain
import RapportPersistence

/// The reassignment form (leaver, successor, kinds of record, optional country of the accounts)
/// and, once asked for, the job's progress and what it moved.
struct ReassignView {
    let context: PageContext
    let users: [Directory.User]
    let job: JobQueue.Job?
    var errors: [String: String] = [:]
    var form = SettingsPageController.ReassignForm()

    private var text: Catalogue { context.text }

    func render() -> HTML {
        Layout.page(context, title: text["reassign.title"], section: .settings, body: """
            <nav aria-label="breadcrumb" class="muted"><a href="/settings">\(text["nav.settings"])</a></nav>
            <h1>\(text["reassign.title"])</h1>
            \(job.map(progress))
            <section class="card wide" aria-labelledby="reassign-form-title">
            <h2 id="reassign-form-title">\(text["reassign.form"])</h2>
            <p class="muted">\(text["reassign.intro"])</p>
            \(formHTML())
            </section>
            """)
    }

    private func formHTML() -> HTML {
        let chosen = Set(form.entities ?? Reassignment.entities)
        let boxes: [HTML] = Reassignment.entities.map { name in
            let label = Catalog.builtIn(named: name).map { text.entityPlural($0) } ?? name
            return """
                <label><input type="checkbox" name="entities[]" value="\(name)"\(chosen.contains(name) ? HTML(trusted: " checked") : .empty)> \(label)</label>
                """
        }
        return """
            <form method="post" action="/settings/reassign" class="stacked">\(Layout.csrfField(context))
            \(userSelect("fromUserId", "reassign.from", selected: form.fromUserId, activeOnly: false))
            \(userSelect("toUserId", "reassign.to", selected: form.toUserId, activeOnly: true))
            <fieldset><legend>\(text["reassign.entities"])</legend>\(boxes)
            <p class="muted">\(text["reassign.doneActivities"])</p>\(error("entities"))</fieldset>
            <label for="reassign-country">\(text["reassign.country"])</label>
            <input id="reassign-country" name="accountCountry" maxlength="100" value="\(form.accountCountry ?? "")"\(invalid("accountCountry"))>
            <p class="muted">\(text["reassign.countryHint"])</p>\(error("accountCountry"))
            <button type="submit">\(text["reassign.submit"])</button>
            </form>
            """
    }

    private func userSelect(_ name: String, _ key: String, selected: String?, activeOnly: Bool) -> HTML {
        let options: [HTML] = ["<option value=\"\"></option>" as HTML] + users.filter { !activeOnly || $0.active }.map { user in
            let id = user.id.lowercaseString
            let state: String = user.active ? "" : " (\(text["settings.inactive"]))"
            return "<option value=\"\(id)\"\(selected == id ? HTML(trusted: " selected") : .empty)>\(user.name) · \(user.email)\(state)</option>"
        }
        return """
            <label for="reassign-\(name)">\(text[key])</label>
            <select id="reassign-\(name)" name="\(name)" required\(invalid(name))>\(options)</select>\(error(name))
            """
    }

    private func invalid(_ field: String) -> HTML {
        errors[field] == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"reassign-\(field)-error\"" as HTML
    }

    private func error(_ field: String) -> HTML? {
        errors[field].map { "<p class=\"field-error\" id=\"reassign-\(field)-error\" role=\"alert\">\($0)</p>" as HTML }
    }

    private func progress(_ job: JobQueue.Job) -> HTML {
        let done = job.progressDone ?? 0
        let total = job.progressTotal ?? 0
        let moved: [HTML] = (job.result?["moved"]?.objectValue?.pairs ?? []).map { pair in
            let label = Catalog.builtIn(named: pair.key).map { text.entityPlural($0) } ?? pair.key
            return "<li>\(label): \(pair.value.numberText ?? "0")</li>"
        }
        let skipped = job.result?["skipped"]?.arrayValue ?? []
        return """
            <section class="card wide" aria-labelledby="reassign-job-title" aria-live="polite">
            <h2 id="reassign-job-title">\(text["reassign.progress"])</h2>
            <p>\(text["reassign.state"]): <strong>\(text["reassign.state.\(job.state.rawValue)"])</strong></p>
            <progress max="\(max(total, 1))" value="\(job.state == .done ? max(total, 1) : done)">\(done) / \(total)</progress>
            <p>\(text.format("reassign.count", ["done": String(done), "total": String(total)]))</p>
            \(moved.isEmpty ? nil : "<h3>\(text["reassign.moved"])</h3><ul>\(moved)</ul>" as HTML)
            \(skipped.isEmpty ? nil : "<p class=\"error\">\(text.format("reassign.skipped", ["count": String(skipped.count)]))</p>" as HTML)
            \(job.lastError.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
            </section>
            """
    }
}
