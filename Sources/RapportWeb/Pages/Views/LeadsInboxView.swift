import Foundation
import RapportDomain
import RapportPersistence

struct LeadsInboxView {
    let context: PageContext
    let entity: EntityDefinition
    let groups: [(grade: String, leads: [Record])]
    let names: ReferenceNames
    let owners: [Directory.User]
    let partners: [(UUID, String)]
    let now: Date
    private var text: Catalogue { context.text }

    func render(flash: String?, problem: String? = nil) -> HTML {
        let gradeField = entity.field(named: "grade")!
        let sections: [HTML] = groups.map { group in
            let id = "grade-\(group.grade)"
            return """
                <section class="card" aria-labelledby="\(id)">
                <h2 id="\(id)">\(text.label(gradeField, of: entity)) \(text.choice(group.grade, of: gradeField, in: entity)) <span class="count">\(context.format.number(Int64(group.leads.count)))</span></h2>
                \(group.leads.isEmpty ? "<p class=\"muted\">\(text["home.nothing"])</p>" as HTML : "<ul class=\"inbox\">\(group.leads.map(row))</ul>" as HTML)
                </section>
                """
        }
        return Layout.page(context, title: text["nav.leadsInbox"], section: .leads, flash: flash, body: """
            <div class="title-row"><h1>\(text["nav.leadsInbox"])</h1>
            <a class="button secondary" href="\(SiteURL.list(entity).path)">\(text.entityPlural(entity))</a></div>
            \(problem.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
            <div class="columns">\(sections)</div>
            """)
    }

    private func row(_ lead: Record) -> HTML {
        let id = lead.id.lowercaseString
        let owner = lead["ownerId"].idValue
        // An owner who may not be chosen again (deactivated) still shows, selected, so assigning a partner alone keeps them.
        let kept: [(UUID, String)] = owner.flatMap { id in owners.contains { $0.id == id } ? nil : names[id].map { [(id, $0)] } } ?? []
        let ownerOptions: [HTML] = (kept + owners.map { ($0.id, $0.name) }).map {
            "<option value=\"\($0.0.lowercaseString)\"\(owner == $0.0 ? HTML(trusted: " selected") : .empty)>\($0.1)</option>"
        }
        let partnerSelect: HTML? = partners.isEmpty ? nil : """
            <label for="partner-\(id)">\(text["field.partnerId"])</label>
            <select id="partner-\(id)" name="partnerId"><option value="">—</option>\(partners.map { "<option value=\"\($0.0.lowercaseString)\"\(lead["partnerId"].idValue == $0.0 ? HTML(trusted: " selected") : .empty)>\($0.1)</option>" as HTML })</select>
            """
        return """
            <li class="lead">
              <a href="\(SiteURL.record(entity, lead.id).path)">\(ReferenceNames.title(of: lead))</a>
              \(lead["company"].textValue.map { "<span class=\"muted\">\($0)</span>" as HTML })
              \(countdown(lead["responseDueAt"].timestampValue))
              <form method="post" action="/leads/\(id)/assign" class="assign">
                \(Layout.csrfField(context))
                <label for="owner-\(id)">\(text["field.ownerId"])</label>
                <select id="owner-\(id)" name="ownerId">\(ownerOptions)</select>
                \(partnerSelect)
                <button type="submit" class="secondary">\(text["inbox.assign"])</button>
              </form>
              <a href="/leads/\(id)/convert">\(text["inbox.convert"])</a>
            </li>
            """
    }

    /// Time left to answer, or how late the answer is, in days, hours and minutes.
    private func countdown(_ due: Date?) -> HTML? {
        guard let due else { return nil }
        let seconds = Int(due.timeIntervalSince(now))
        let magnitude = abs(seconds)
        let days = magnitude / 86_400, hours = magnitude % 86_400 / 3_600, minutes = magnitude % 3_600 / 60
        let span = days > 0 ? text.format("time.daysHours", ["days": String(days), "hours": String(hours)])
            : text.format("time.hoursMinutes", ["hours": String(hours), "minutes": String(minutes)])
        let late = seconds < 0
        return """
            <time class="\(late ? "countdown late" : "countdown")" datetime="\(Timestamp.format(due))" title="\(context.format.dateTime(due))">\(text.format(late ? "inbox.overdue" : "inbox.dueIn", ["time": span]))</time>
            """
    }
}

/// Shows which account and contact the lead will be matched to (or that new ones will be made) before converting.
struct ConvertLeadView {
    let context: PageContext
    let matches: EntityStore.ConversionMatches
    let stages: [PipelineStore.Stage]
    let currency: String
    /// The lead owner's name when they are deactivated: the new records will be the converting user's.
    let departedOwner: String?
    let error: String?

    func render() -> HTML {
        let text = context.text
        let lead = matches.lead
        let company = lead["company"].textValue ?? lead["name"].textValue ?? ""
        func target(_ record: Record?, _ entity: EntityDefinition, newName: String) -> HTML {
            if let record {
                return "\(text["convert.matched"]): <a href=\"\(SiteURL.record(entity, record.id).path)\">\(ReferenceNames.title(of: record))</a>"
            }
            return "\(text["convert.new"]): \(newName)"
        }
        let stageOptions: [HTML] = stages.map { "<option value=\"\($0.id.lowercaseString)\">\(text.stageName($0))</option>" }
        return Layout.page(context, title: text["inbox.convert"], section: .leads, body: """
            <h1>\(text["inbox.convert"]): \(ReferenceNames.title(of: lead))</h1>
            \(error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
            <dl class="facts card" id="conversion-matches">
              <dt>\(text["entity.account"])</dt><dd id="match-account">\(target(matches.account, .account, newName: company))</dd>
              <dt>\(text["entity.contact"])</dt><dd id="match-contact">\(target(matches.contact, .contact, newName: lead["name"].textValue ?? ""))</dd>
            </dl>
            \(departedOwner.map { "<p class=\"flash\" id=\"conversion-owner\">\(text.format("convert.ownerDeactivated", ["name": $0]))</p>" as HTML })
            <form method="post" action="/leads/\(lead.id.lowercaseString)/convert" class="card stack">
              \(Layout.csrfField(context))
              <div class="check"><input type="checkbox" id="createOpportunity" name="createOpportunity" checked> <label for="createOpportunity">\(text["convert.createOpportunity"])</label></div>
              <label for="opportunityName">\(text["field.opportunity.name"])</label>
              <input id="opportunityName" name="opportunityName" maxlength="200" value="\(company)">
              <label for="stageId">\(text["field.opportunity.stageId"])</label>
              <select id="stageId" name="stageId">\(stageOptions)</select>
              <label for="amount">\(text["field.opportunity.amount"])</label>
              <span class="money-input"><input id="amount" name="amount" inputmode="decimal">
              <label for="currency">\(text["convert.currency"])</label><input id="currency" name="currency" value="\(currency)" size="4" maxlength="3"></span>
              <button type="submit">\(text["inbox.convert"])</button>
            </form>
            """)
    }
}
