import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// My activities by day or by week, in my time zone.
enum CalendarController {
    static let limit = 500

    static func show(_ request: Request) async throws -> Response {
        let context = try request.page
        let weekView = request.query[String.self, at: "view"] != "day"
        let today = context.format.day(of: Date())
        let chosen = request.query[String.self, at: "date"].flatMap(LocalDate.init(iso:)) ?? today
        // Weeks start on Monday (ISO 8601), as in China and Russia.
        let first = weekView ? LocalDate(daysSince1970: chosen.daysSince1970 - (chosen.daysSince1970 + 3) % 7) : chosen
        let days = (0..<(weekView ? 7 : 1)).map { LocalDate(daysSince1970: first.daysSince1970 + $0) }
        let start = context.format.startOfDay(first)
        let end = context.format.startOfDay(LocalDate(daysSince1970: first.daysSince1970 + days.count))
        let activity = try await request.entity(named: "activity", context)
        let list = ListRequest(activity, where: [("ownerId", .eq, [.id(context.user.id)]), ("dueAt", .gte, [.timestamp(start)]),
                                                 ("dueAt", .lt, [.timestamp(end)])], sort: [SortKey("dueAt")], limit: limit)
        let records = try await request.rapport.store.list(activity, request: list, principal: context.principal).records
        var byDay: [LocalDate: [Record]] = [:]
        for record in records {
            guard let due = record["dueAt"].timestampValue else { continue }
            byDay[context.format.day(of: due), default: []].append(record)
        }
        let view = CalendarView(context: context, entity: activity, weekView: weekView, days: days, byDay: byDay, today: today,
                                step: weekView ? 7 : 1, anchor: chosen)
        return Layout.response(view.render())
    }
}
