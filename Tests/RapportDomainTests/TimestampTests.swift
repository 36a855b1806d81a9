import Foundation
import RapportDomain
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test("The hand-written formatter agrees with Foundation's ISO-8601 formatter", arguments: [
        0.0, 1.5, 951_782_400.123, 1_709_251_199.999, 4_102_444_800.0, -2_208_988_800.0, 1_795_000_000.042,
    ])
    func matchesFoundation(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let rounded = Timestamp.date(milliseconds: Timestamp.milliseconds(date))
        #expect(Timestamp.format(rounded) == rounded.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    @Test("Formatting and parsing round-trip to the millisecond")
    func roundTrip() throws {
        let text = "2026-02-28T23:59:59.999Z"
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == text)
    }
}

@Suite("Calendar dates")
struct LocalDateTests {
    @Test("Days since 1970 and dates convert both ways, across leap days and centuries", arguments: [
        (0, "1970-01-01"), (59, "1970-03-01"), (11_016, "2000-02-29"), (20_513, "2026-03-01"), (-1, "1969-12-31"), (-25_508, "1900-03-01"),
    ])
    func roundTrip(days: Int, text: String) throws {
        let date = LocalDate(daysSince1970: days)
        #expect(date.description == text)
        #expect(try #require(LocalDate(iso: text)).daysSince1970 == days)
    }
}
