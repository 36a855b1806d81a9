import Foundation
import RapportPersistence
import RapportDomain

struct HomeView {
    let context: PageContext
    let model: HomeController.Model
    private var text: Catalogue { context.text }

    func render() -> HTML {
        Layout.page(context, title: text["home.title"], section: .home, body: """
            <h1>\(text["home.title"])</h1>
            <div class="columns">
            \(recordList("home-overdue", text["home.tasksOverdue"], model.overdue, dateField: "dueAt"))
            \(recordList("home-today", text["home.tasksToday"], model.dueToday, dateField: "dueAt"))
            \(recordList("home-reminders", text["home.reminders"], model.reminders, dateField: "reminderAt"))
            \(recordList("home-leads", text["home.leadsDue"], model.leadsDue, dateField: "responseDueAt"))
            \(pipeline("home-pipeline", text["home.pipeline"], model.myPipeline))
            \(model.teamPipeline.map { pipeline("home-team-pipeline", text["home.teamPipeline"], $0) })
            \(model.team.map(teamLists))
            \(recordList("home-recent", text["home.recentActivity"], model.recent, dateField: "dueAt"))
            </div>
            \(wonChart())
            """)
    }

    private func wonChart() -> HTML {
        let title = context.principal.role == .manager || context.principal.role == .admin ? text["home.teamWonByMonth"] : text["home.wonByMonth"]
        let code = model.wonCurrency.flatMap(CurrencyCode.init)
        let bars = model.wonByMonth.map { entry in
            BarChart.Bar(label: context.format.month(year: entry.year, month: entry.month), value: NSDecimalNumber(decimal: entry.amount).doubleValue,
                         valueText: code.map { context.format.money(Money(amount: entry.amount, currency: $0)) } ?? "\(entry.amount)")
        }
        return """
            <section class="card" aria-labelledby="home-won"><h2 id="home-won">\(title)\(code.map { " (\($0.code))" } ?? "")</h2>
            \(BarChart(title: title, bars: bars).svg())</section>
            """
    }

    /// A manager's team: whose task or lead it is matters, so each row names its owner.
    private func teamLists(_ team: HomeController.TeamAgendaLists) -> HTML {
        """
        \(recordList("home-team-overdue", text["home.teamTasksOverdue"], team.overdue, dateField: "dueAt", showOwner: true))
        \(recordList("home-team-today", text["home.teamTasksToday"], team.dueToday, dateField: "dueAt", showOwner: true))
        \(recordList("home-team-leads", text["home.teamLeadsDue"], team.leadsDue, dateField: "responseDueAt", showOwner: true))
        """
    }

    private func recordList(_ id: String, _ title: String, _ records: [Record], dateField: String, showOwner: Bool = false) -> HTML {
        let items: [HTML] = records.map { record in
            let when = record[dateField].timestampValue
            let owner = showOwner ? record["ownerId"].idValue.flatMap { model.names[$0] } : nil
            return """
                <li><a href="\(SiteURL.record(record.entity, record.id).path)">\(ReferenceNames.title(of: record))</a>
                \(owner.map { "<span class=\"owner\">\($0)</span>" as HTML })
                \(when.map { "<time class=\"muted\" datetime=\"\(Timestamp.format($0))\">\(context.format.dateTime($0))</time>" as HTML })</li>
                """
        }
        return """
            <section class="card" aria-labelledby="\(id)"><h2 id="\(id)">\(title)</h2>
            \(items.isEmpty ? "<p class=\"muted\">\(text["home.nothing"])</p>" as HTML : "<ul>\(items)</ul>" as HTML)</section>
            """
    }

    private func pipeline(_ id: String, _ title: String, _ totals: [HomeController.PipelineTotal]) -> HTML {
        let rows: [HTML] = totals.compactMap { total in
            guard let code = CurrencyCode(total.currency) else { return nil }
            return """
                <tr><td>\(code.code)</td><td>\(context.format.number(Int64(total.count)))</td>
                <td class="money">\(context.format.money(Money(amount: total.total, currency: code)))</td>
                <td class="money">\(context.format.money(Money(amount: total.weighted, currency: code)))</td></tr>
                """
        }
        return """
            <section class="card" aria-labelledby="\(id)"><h2 id="\(id)">\(title)</h2>
            \(rows.isEmpty ? "<p class=\"muted\">\(text["home.nothing"])</p>" as HTML : """
            <table class="records"><thead><tr><th scope="col">\(text.label(Catalog.builtIn(named: "opportunity")!.field(named: "amount")!, of: .opportunity))</th>
            <th scope="col">#</th><th scope="col">\(text["home.total"])</th><th scope="col">\(text["home.weightedTotal"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """ as HTML)</section>
            """
    }
}
