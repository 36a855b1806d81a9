import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// What the printable quote looks like on paper: the stylesheet it links, as served, and the
/// rules that stylesheet applies only in print.
@Suite("Printable quote stylesheet", .serialized)
struct QuotePrintStyleTests {
    struct Rule: Equatable {
        let selectors: [String]
        let declarations: [String: String]
    }

    /// The rules inside every `@media print { … }` block of `css` (no nested at-rules expected).
    static func printRules(_ css: String) -> [Rule] {
        var rules: [Rule] = []
        var rest = Substring(css)
        while let media = rest.range(of: "@media print") {
            guard let open = rest[media.upperBound...].firstIndex(of: "{") else { break }
            var depth = 0, index = open, close = rest.endIndex
            while index < rest.endIndex {
                if rest[index] == "{" { depth += 1 }
                if rest[index] == "}" { depth -= 1; if depth == 0 { close = index; break } }
                index = rest.index(after: index)
            }
            for block in rest[rest.index(after: open)..<close].split(separator: "}") {
                let parts = block.split(separator: "{", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let selectors = parts[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                var declarations: [String: String] = [:]
                for declaration in parts[1].split(separator: ";") {
                    let pair = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    if pair.count == 2 { declarations[pair[0]] = pair[1] }
                }
                rules.append(Rule(selectors: selectors, declarations: declarations))
            }
            rest = close < rest.endIndex ? rest[rest.index(after: close)...] : ""
        }
        return rules
    }

    @Test("The printable quote links the served stylesheet, whose print rules hide the app's chrome and the print button and let the document fill the page")
    func printStylesheet() async throws {
        try await APITestContext.with { context in
            // setup
            let setup = try await context.quoteSetup()
            _ = try await context.fixture.store.setQuoteLines(quoteId: setup.quote.id, lines: [QuoteLineInput(productId: setup.laptop, quantity: 1)],
                                                             sent: SentTotals(), expectedVersion: nil, principal: context.fixture.rep)

            // MUT
            let printed = try await context.page("/quotes/\(setup.quote.id.lowercaseString)/print", as: "rep")
            let links = printed.text.components(separatedBy: "<link rel=\"stylesheet\" href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            let href = try #require(links.first)
            let stylesheet = try await context.page(href, as: nil)
            let script = try await context.page("/assets/app.js", as: nil)

            // validate: the page
            #expect(printed.status == .ok && links == ["/assets/app.css"])
            #expect(printed.text.contains("<main class=\"print-document\">"))
            #expect(printed.text.contains("<p class=\"no-print\"><button type=\"button\" data-print>"))
            #expect(!printed.text.contains("<nav") && !printed.text.contains("class=\"top\""), "no navigation on the printable page")
            // the stylesheet, served without a session
            #expect(stylesheet.status == .ok && stylesheet.headers.contentType?.description.hasPrefix("text/css") == true)
            let rules = Self.printRules(stylesheet.text)
            let hidden = Set(rules.filter { $0.declarations["display"] == "none" }.flatMap(\.selectors))
            #expect(hidden.isSuperset(of: [".no-print", "header.top", "form.search", ".pager", "form.bulk"]), "\(rules)")
            let document = try #require(rules.first { $0.selectors == [".print-document"] }, "\(rules)")
            #expect(document.declarations == ["margin": "0", "max-width": "none"])
            #expect(rules.contains(Rule(selectors: [".print-document tr"], declarations: ["page-break-inside": "avoid"])))
            // and the button that prints
            #expect(script.text.contains(#"event.target.closest("[data-print]")) window.print();"#))
        }
    }
}
