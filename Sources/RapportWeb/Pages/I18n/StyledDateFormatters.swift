import Foundation
import NIOConcurrencyHelpers

/// Times in each locale's own CLDR style pattern: 00:22 in Chinese and Russian, 12:22 AM in English.
/// `Date.FormatStyle(time: .shortened)` goes through a skeleton that gives "0:22" for zh-CN and ru,
/// which is not how either writes a time; the style patterns are.
/// DateFormatter is costly to make and not safe to share, so each one is made once and used under a lock.
final class StyledDateFormatters: Sendable {
    static let shared = StyledDateFormatters()

    private struct Key: Hashable {
        let language: Language
        let timeZone: String
        let date: DateFormatter.Style.RawValue
        let time: DateFormatter.Style.RawValue
    }

    private let formatters = NIOLockedValueBox<[Key: DateFormatter]>([:])

    func format(_ instant: Date, date: DateFormatter.Style, time: DateFormatter.Style,
                language: Language, timeZone: TimeZone) -> String {
        let key = Key(language: language, timeZone: timeZone.identifier, date: date.rawValue, time: time.rawValue)
        return formatters.withLockedValue { formatters in
            let formatter = formatters[key] ?? {
                let made = DateFormatter()
                made.locale = language.locale
                made.timeZone = timeZone
                made.dateStyle = date
                made.timeStyle = time
                formatters[key] = made
                return made
            }()
            return formatter.string(from: instant)
        }
    }
}
