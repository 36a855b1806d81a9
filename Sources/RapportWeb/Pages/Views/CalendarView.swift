import Foundation
import RapportDomain
import RapportPersistence

struct CalendarView {
    let context: PageContext
    let entity: EntityDefinition
    let weekView: Bool
    let days: [LocalDate]
    let byDay: [LocalDate: [Record]]
    let today: LocalDate
    let step: Int
    let anchor: LocalDate
    private var text: Catalogue { context.text }

    func render() -> HTML {
        let mode = weekView ? "week" : "day"
        func link(_ day: LocalDate, _ view: String) -> String { "/calendar?view=\(view)&date=\(day.description)" }
        let previous = LocalDate(daysSince1970: anchor.daysSince1970 - step), next = LocalDate(daysSince1970: anchor.daysSince1970 + step)
        let typeField = entity.field(named: "type")!
        let sections: [HTML] = days.map { day in
            let items: [HTML] = (byDay[day] ?? []).map { record in
                let time = record["dueAt"].timestampValue.map { context.format.time($0) } ?? ""
                let type = record["type"].textValue.map { text.choice($0, of: typeField, in: entity) } ?? ""
                return """
                    <li><time datetime="\(record["dueAt"].timestampValue.map(Timestamp.format) ?? "")">\(time)</time> · \(type) ·
                    <a href="\(SiteURL.record(entity, record.id).path)">\(record["subject"].textValue ?? "")</a>\(record["done"].boolValue == true ? " ✓" as HTML : .empty)</li>
                    """
            }
            let id = "day-\(day.description)"
            return """
                <section class="card day\(day == today ? HTML(trusted: " today") : .empty)" aria-labelledby="\(id)">
                <h2 id="\(id)"><a href="\(link(day, "day"))">\(context.format.date(day))</a></h2>
                \(items.isEmpty ? "<p class=\"muted\">\(text["home.nothing"])</p>" as HTML : "<ol class=\"agenda\">\(items)</ol>" as HTML)
                </section>
                """
        }
        return Layout.page(context, title: text["nav.calendar"], section: .calendar, body: """
            <div class="title-row"><h1>\(text["nav.calendar"])</h1>
            <nav class="pager" aria-label="\(text["nav.calendar"])">
              <a href="\(link(previous, mode))">\(text["calendar.previous"])</a>
              <a href="\(link(today, mode))">\(text["calendar.today"])</a>
              <a href="\(link(next, mode))">\(text["calendar.next"])</a>
              <a href="\(link(anchor, "day"))"\(weekView ? HTML.empty : HTML(trusted: " aria-current=\"page\""))>\(text["calendar.day"])</a>
              <a href="\(link(anchor, "week"))"\(weekView ? HTML(trusted: " aria-current=\"page\"") : HTML.empty)>\(text["calendar.week"])</a>
            </nav></div>
            <div class="\(weekView ? "week" : "single")">\(sections)</div>
            """)
    }
}
