import Foundation

/// ISO-8601 in and out of the API. Storage keeps UTC epoch milliseconds.
public enum Timestamp {
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// `2026-05-01T09:30:00.000Z`. Written by hand: it runs for every time in every
    /// response, and the general formatter costs far more than this arithmetic.
    public static func format(_ date: Date) -> String {
        let total = milliseconds(date)
        let seconds = total >= 0 ? total / 1000 : (total - 999) / 1000
        let millis = Int(total - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let date = LocalDate(daysSince1970: Int(days))
        let parts = [date.month, date.day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, millis]
        // "MM-DDTHH:MM:SS.mmmZ", written into one buffer instead of a dozen small strings.
        let rest = String(unsafeUninitializedCapacity: 20) { buffer in
            var position = 0
            for (part, separator) in zip(parts, "-T::.Z".utf8) {
                let width = separator == UInt8(ascii: "Z") ? 3 : 2
                var value = part
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[position + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                buffer[position + width] = separator
                position += width + 1
            }
            return position
        }
        let year = String(date.year)
        return (date.year >= 0 && year.utf8.count < 4 ? String(repeating: "0", count: 4 - year.utf8.count) + year : year) + "-" + rest
    }

    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
