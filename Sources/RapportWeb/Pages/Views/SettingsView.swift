import Foundation
import RapportDomain
import RapportPersistence

struct SettingsView {
    let context: PageContext
    let tenant: Directory.Tenant?
    let users: [Directory.User]
    let teams: [(UUID, String)]
    let partners: [(UUID, String)]
    let pipelines: [PipelineStore.Pipeline]
    let stages: [PipelineStore.Stage]
    let catalog: Catalog
    let errors: [String: String]
    var sales: SalesSettingsData
    var text: Catalogue { context.text }

    func render(flash: String?) -> HTML {
        Layout.page(context, title: text["nav.settings"], section: .settings, flash: flash, body: """
            <h1>\(text["nav.settings"])</h1>
            <div class="columns">
            \(leadRule())
            \(customFields())
            \(usersSection())
            \(namedList(id: "teams", title: text["settings.teams"], items: teams, action: "/settings/teams", errorKey: "team", withParent: true))
            \(namedList(id: "partners", title: text["settings.partners"], items: partners, action: "/settings/partners", errorKey: "partner", withParent: false))
            \(pipelinesSection())
            \(salesSections())
            <section class="card" aria-labelledby="reassign-link-title"><h2 id="reassign-link-title">\(text["reassign.title"])</h2>
            <p>\(text["reassign.intro"])</p><a href="/settings/reassign">\(text["reassign.form"])</a></section>
            </div>
            """)
    }

    func error(_ key: String) -> HTML? {
        errors[key].map { "<p class=\"field-error\" role=\"alert\">\($0)</p>" }
    }

    private func leadRule() -> HTML {
        """
        <section class="card" id="lead-rule" aria-labelledby="lead-rule-title"><h2 id="lead-rule-title">\(text["settings.leadRule"])</h2>
        <form method="post" action="/settings/lead-rule" class="stack">\(Layout.csrfField(context))
          <label for="days">\(text["settings.leadDays"])</label>
          <input id="days" name="days" type="number" min="1" max="365" required value="\(tenant?.leadResponseDays ?? 7)">
          \(error("days"))
          <button type="submit">\(text["profile.save"])</button>
        </form></section>
        """
    }

    private func customFields() -> HTML {
        let rows: [HTML] = catalog.entities.flatMap { entity in
            entity.fields.filter(\.isCustom).map { field in
                "<tr><td>\(text.entityTitle(entity))</td><td>\(field.label)</td><td><code>\(field.name)</code></td><td>\(field.type.name)</td></tr>" as HTML
            }
        }
        let entities: [HTML] = Catalog.builtIn.map { "<option value=\"\($0.name)\">\(text.entityTitle($0))</option>" }
        let types: [HTML] = CustomField.allowedTypes.map { "<option value=\"\($0)\">\(text["settings.type.\($0)"])</option>" }
        let targets: [HTML] = [HTML(trusted: "<option value=\"\">—</option>")] + Catalog.builtIn.map { "<option value=\"\($0.name)\">\(text.entityTitle($0))</option>" }
        return """
            <section class="card" id="fields" aria-labelledby="fields-title"><h2 id="fields-title">\(text["settings.customFields"])</h2>
            \(rows.isEmpty ? HTML.empty : "<table class=\"records\"><thead><tr><th scope=\"col\">\(text["settings.entity"])</th><th scope=\"col\">\(text["settings.label"])</th><th scope=\"col\">\(text["settings.key"])</th><th scope=\"col\">\(text["settings.type"])</th></tr></thead><tbody>\(rows)</tbody></table>" as HTML)
            <form method="post" action="/settings/custom-fields" class="stack">\(Layout.csrfField(context))
              \(error("field"))
              <label for="cf-entity">\(text["settings.entity"])</label><select id="cf-entity" name="entity">\(entities)</select>\(error("field.entity"))
              <label for="cf-label">\(text["settings.label"])</label><input id="cf-label" name="label" required maxlength="100">\(error("field.label"))
              <label for="cf-key">\(text["settings.key"])</label><input id="cf-key" name="key" required maxlength="40" pattern="[a-z][a-zA-Z0-9]*">\(error("field.key"))
              <label for="cf-type">\(text["settings.type"])</label><select id="cf-type" name="type">\(types)</select>\(error("field.type"))
              <label for="cf-choices">\(text["settings.choices"])</label><textarea id="cf-choices" name="choices" rows="3"></textarea>\(error("field.choices"))
              <label for="cf-reference">\(text["settings.referenceEntity"])</label><select id="cf-reference" name="referenceEntity">\(targets)</select>\(error("field.referenceEntity"))
              <button type="submit">\(text["settings.addField"])</button>
            </form></section>
            """
    }

    private func usersSection() -> HTML {
        let teamNames = Dictionary(uniqueKeysWithValues: teams), partnerNames = Dictionary(uniqueKeysWithValues: partners)
        let rows: [HTML] = users.map { userRow($0, teamNames: teamNames, partnerNames: partnerNames) }
        let roles: [HTML] = Role.allCases.map { "<option value=\"\($0.rawValue)\">\(text["role.\($0.rawValue)"])</option>" }
        let teamOptions: [HTML] = [HTML(trusted: "<option value=\"\">—</option>")] + teams.map { "<option value=\"\($0.0.lowercaseString)\">\($0.1)</option>" }
        let partnerOptions: [HTML] = [HTML(trusted: "<option value=\"\">—</option>")] + partners.map { "<option value=\"\($0.0.lowercaseString)\">\($0.1)</option>" }
        return """
            <section class="card wide" id="users" aria-labelledby="users-title"><h2 id="users-title">\(text["settings.users"])</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="users-title"><table class="records"><thead><tr><th scope="col">\(text["settings.name"])</th><th scope="col">\(text["signIn.email"])</th>
            <th scope="col">\(text["settings.role"])</th><th scope="col">\(text["field.teamId"])</th><th scope="col">\(text["field.partnerId"])</th>
            <th scope="col">\(text["settings.status"])</th><th scope="col">\(text["settings.change"])</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <form method="post" action="/settings/users" class="stack">\(Layout.csrfField(context))
              \(error("user"))
              <label for="u-name">\(text["settings.name"])</label><input id="u-name" name="name" required maxlength="200">
              <label for="u-email">\(text["signIn.email"])</label><input id="u-email" name="email" type="email" required>\(error("user.email"))
              <label for="u-role">\(text["settings.role"])</label><select id="u-role" name="role">\(roles)</select>
              <label for="u-team">\(text["field.teamId"])</label><select id="u-team" name="teamId">\(teamOptions)</select>
              <label for="u-partner">\(text["field.partnerId"])</label><select id="u-partner" name="partnerId">\(partnerOptions)</select>\(error("user.partnerId"))
              <label for="u-password">\(text["signIn.password"])</label><input id="u-password" name="password" type="password" autocomplete="new-password" required>\(error("password"))
              <button type="submit">\(text["settings.addUser"])</button>
            </form></section>
            """
    }

    private func namedList(id: String, title: String, items: [(UUID, String)], action: String, errorKey: String, withParent: Bool) -> HTML {
        let list: [HTML] = items.map { "<li>\($0.1)</li>" }
        let parent: HTML? = withParent ? """
            <label for="\(id)-parent">\(text["settings.parentTeam"])</label>
            <select id="\(id)-parent" name="parentId"><option value="">—</option>\(items.map { "<option value=\"\($0.0.lowercaseString)\">\($0.1)</option>" as HTML })</select>\(error("\(errorKey).parentId"))
            """ : nil
        return """
            <section class="card" id="\(id)" aria-labelledby="\(id)-title"><h2 id="\(id)-title">\(title)</h2>
            <ul>\(list)</ul>
            <form method="post" action="\(action)" class="stack">\(Layout.csrfField(context))
              <label for="\(id)-name">\(text["settings.name"])</label><input id="\(id)-name" name="name" required maxlength="200">
              \(error(errorKey))
              \(parent)
              <button type="submit">\(text["settings.add"])</button>
            </form></section>
            """
    }
}
