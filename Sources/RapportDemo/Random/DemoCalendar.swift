import Foundation
import RapportDomain

/// Date arithmetic on whole days in UTC, without `Calendar`, so results never depend
/// on the machine's time zone or locale.
enum DemoCalendar {
    static func days(year: Int, month: Int, day: Int) -> Int {
        LocalDate(year: year, month: month, day: day)!.daysSince1970
    }

    static func date(days: Int) -> LocalDate {
        LocalDate(daysSince1970: days)
    }

    static func timestamp(days: Int, seconds: Int = 0) -> Date {
        Date(timeIntervalSince1970: Double(days) * 86_400 + Double(seconds))
    }
}
