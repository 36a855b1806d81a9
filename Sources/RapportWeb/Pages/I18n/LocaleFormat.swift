import Foundation
import RapportDomain

/// Dates, times, numbers and money as a person in this language and time zone writes them.
/// Times are stored in UTC; they are shown in the user's zone.
struct LocaleFormat: Sendable {
    let language: Language
    let timeZone: TimeZone
    /// Gregorian days and hours in the user's zone; `utcCalendar` for calendar dates, which have no zone.
    private let calendar: Calendar
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    init(language: Language, timeZoneIdentifier: String) {
        self.language = language
        self.timeZone = TimeZone(identifier: timeZoneIdentifier) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    func date(_ date: LocalDate) -> String {
        let calendar = Self.utcCalendar
        guard let instant = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) else { return date.description }
        return instant.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, locale: language.locale, calendar: calendar, timeZone: .gmt))
    }

    func dateTime(_ instant: Date) -> String {
        StyledDateFormatters.shared.format(instant, date: .medium, time: .short, language: language, timeZone: timeZone)
    }

    func time(_ instant: Date) -> String {
        StyledDateFormatters.shared.format(instant, date: .none, time: .short, language: language, timeZone: timeZone)
    }

    /// The calendar day of an instant in the user's zone.
    func day(of instant: Date) -> LocalDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? LocalDate(daysSince1970: 0)
    }

    /// Midnight at the start of a calendar day in the user's zone.
    func startOfDay(_ day: LocalDate) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 0)
    }

    func money(_ money: Money) -> String {
        money.amount.formatted(Decimal.FormatStyle.Currency(code: money.currency.code, locale: language.locale)
            .precision(.fractionLength(money.currency.minorDigits)))
    }

    func number(_ value: Int64) -> String {
        value.formatted(IntegerFormatStyle<Int64>(locale: language.locale))
    }

    /// A quantity or percentage exactly as entered (2.5, 0.0125), grouped for the locale.
    func decimal(_ value: Decimal) -> String {
        value.formatted(Decimal.FormatStyle(locale: language.locale).precision(.fractionLength(0...4)))
    }

    func number(_ value: Double) -> String {
        value.formatted(FloatingPointFormatStyle<Double>(locale: language.locale))
    }

    /// A calendar month as a period, with the full year ("Dec 2026", "2026年12月", "дек. 2026 г."):
    /// a two-digit year ("Dec 26") reads like a day of the month.
    func month(year: Int, month: Int) -> String {
        let calendar = Self.utcCalendar
        let instant = calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? Date()
        return instant.formatted(Date.FormatStyle(locale: language.locale, calendar: calendar, timeZone: .gmt).month(.abbreviated).year(.defaultDigits))
    }

    /// The instant a `datetime-local` input means: the user's wall-clock time, without a zone.
    func instant(fromLocalInput text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" }).compactMap { Int($0) }
        guard parts.count >= 5 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))
    }

    /// The value for a `datetime-local` input, in the user's zone.
    func localInputValue(_ instant: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute))"
    }
}
