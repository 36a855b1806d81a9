import Foundation
import RapportDomain
@testable import RapportWeb
import Testing

@Suite("Message catalogues")
struct CatalogueTests {
    @Test("Every language has every key the pages and the entity declarations use", arguments: Language.allCases)
    func complete(language: Language) {
        let expected = Set(Catalogue.messages(for: .english).keys).union(Catalogue.schemaKeys)
        let actual = Set(Catalogue.messages(for: language).keys)
        #expect(expected.subtracting(actual).sorted() == [], "missing in \(language.rawValue)")
        #expect(actual.subtracting(expected).sorted() == [], "unused in \(language.rawValue)")
    }

    @Test("Every refusal code has its own words in each language, so pages never show the API's English reason")
    func refusals() {
        for language in Language.allCases {
            let messages = Catalogue.messages(for: language)
            #expect(RefusalCode.allCases.filter { messages["error.forbidden.\($0.rawValue)"] == nil } == [], "\(language.rawValue)")
        }
    }

    @Test("Placeholders survive translation", arguments: Language.allCases)
    func placeholders(language: Language) {
        let messages = Catalogue.messages(for: language)
        for (key, english) in Catalogue.messages(for: .english) {
            let wanted = Set(english.matches(of: /\{[a-z]+\}/).map { String($0.output) })
            let found = Set((messages[key] ?? "").matches(of: /\{[a-z]+\}/).map { String($0.output) })
            #expect(wanted == found, "\(language.rawValue) \(key)")
        }
    }

    @Test("The browser's language is followed by its q-values", arguments: [
        ("zh-CN,zh;q=0.9,en;q=0.8", Language.chinese), ("ru-RU,ru;q=0.9", .russian), ("de-DE,ru;q=0.5,en;q=0.7", .english),
        ("fr", .english), ("en;q=0,ru", .russian), ("", .english),
    ])
    func negotiation(header: String, expected: Language) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }

    @Test("Markup characters are escaped and script links refused")
    func escaping() {
        #expect(HTML.escape("\"<>&'") == "&quot;&lt;&gt;&amp;&#39;")
        let name = "<script>alert(1)</script>"
        let html: HTML = "<td title=\"\(name)\">\(name)</td>"
        #expect(html.text == "<td title=\"&lt;script&gt;alert(1)&lt;/script&gt;\">&lt;script&gt;alert(1)&lt;/script&gt;</td>")
        #expect(HTML.safeLink(" JavaScript:alert(1)") == nil)
        #expect(HTML.safeLink("data:text/html,x") == nil)
        #expect(HTML.safeLink("https://example.com/a?b=c") == "https://example.com/a?b=c")
        #expect(SiteURL.localPath("//evil.example/") == nil)
        #expect(SiteURL.localPath("/contacts?q=1") == "/contacts?q=1")
    }

    @Test("Money and dates follow the language and the user's time zone")
    func formats() throws {
        let money = Money(amount: try #require(Decimal(string: "1234567.5")), currency: try #require(CurrencyCode("EUR")))
        #expect(LocaleFormat(language: .english, timeZoneIdentifier: "UTC").money(money).contains("1,234,567.50"))
        let russian = LocaleFormat(language: .russian, timeZoneIdentifier: "UTC").money(money)
        #expect(russian.filter { $0.isNumber || $0 == "," } == "1234567,50", "\(russian)")
        let instant = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01 00:00 UTC
        #expect(LocaleFormat(language: .chinese, timeZoneIdentifier: "Asia/Shanghai").dateTime(instant).contains("2026年1月1日"))
        #expect(LocaleFormat(language: .english, timeZoneIdentifier: "America/New_York").dateTime(instant).contains("Dec 31, 2025"))
    }

    @Test("Times in the hour after midnight keep the locale's two-digit hour: 00:22 in Chinese and Russian, 12:22 AM in English")
    func timesAfterMidnight() {
        let instant = Date(timeIntervalSince1970: 1_795_364_575) // 2026-11-22 16:22:55 UTC
        #expect(LocaleFormat(language: .chinese, timeZoneIdentifier: "Asia/Shanghai").dateTime(instant) == "2026年11月23日 00:22")
        #expect(LocaleFormat(language: .russian, timeZoneIdentifier: "Europe/Moscow").time(instant) == "19:22")
        #expect(LocaleFormat(language: .russian, timeZoneIdentifier: "Asia/Yekaterinburg").dateTime(instant)
            .hasSuffix(", 21:22"))
        #expect(LocaleFormat(language: .russian, timeZoneIdentifier: "Asia/Novosibirsk").time(instant) == "23:22")
        #expect(LocaleFormat(language: .russian, timeZoneIdentifier: "Asia/Vladivostok").time(instant) == "02:22")
        #expect(LocaleFormat(language: .english, timeZoneIdentifier: "Asia/Shanghai").dateTime(instant) == "Nov 23, 2026 at 12:22\u{202F}AM") // CLDR puts a narrow no-break space before AM
    }
}
