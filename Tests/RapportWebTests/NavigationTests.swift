import Foundation
import RapportDomain
import Testing
@testable import RapportWeb

/// The header's navigation: the daily pages in the bar, selling in one Sales menu, each
/// shown only to the roles that may use it.
@Suite("Main navigation", .serialized)
struct NavigationTests {
    /// The hrefs of the bar (outside the menu) and of the menu, in order.
    static func links(_ html: String) throws -> (bar: [String], menu: [String]) {
        let nav = try #require(html.range(of: #"<nav aria-label="[^"]*"><ul>"#, options: .regularExpression).map { String(html[$0.upperBound...]) })
        let body = String(nav[..<(try #require(nav.range(of: "</nav>"))).lowerBound])
        let menuStart = try #require(body.range(of: "<details>"))
        let menuEnd = try #require(body.range(of: "</details>"))
        let hrefs = { (text: Substring) in
            text.matches(of: /href="([^"]+)"/).map { String($0.output.1) }
        }
        return (hrefs(body[..<menuStart.lowerBound]) + hrefs(body[menuEnd.upperBound...]), hrefs(body[menuStart.upperBound..<menuEnd.lowerBound]))
    }

    @Test("Selling sits in one Sales menu; the bar keeps the daily pages, and Settings for admins only")
    func grouping() async throws {
        try await APITestContext.with { context in
            // MUT
            let admin = try Self.links(try await context.page("/", as: "admin").text)
            let rep = try Self.links(try await context.page("/", as: "rep").text)
            let partner = try Self.links(try await context.page("/", as: "partner").text)
            // validate
            #expect(admin.bar == ["/", "/accounts", "/contacts", "/leads", "/opportunities", "/activities", "/board", "/leads/inbox", "/calendar", "/settings"])
            #expect(admin.menu == ["/products", "/pricebooks", "/quotes", "/orders", "/invoices", "/payments", "/expenses",
                                   "/quotes/approvals", "/reports/forecast", "/reports/aging"])
            #expect(!rep.bar.contains("/settings") && !rep.menu.contains("/quotes/approvals") && rep.menu.contains("/reports/forecast"))
            #expect(partner.menu.contains("/orders") && !partner.menu.contains("/reports/forecast"))
        }
    }

    @Test("On a sales page the menu's summary and the page's link are marked current", arguments: ["/quotes", "/reports/forecast"])
    func current(path: String) async throws {
        try await APITestContext.with { context in
            let html = try await context.page(path, as: "manager").text
            #expect(html.contains(#"<summary class="current">"#))
            #expect(html.contains(#"<a href="\#(path)" aria-current="page">"#))
            let home = try await context.page("/accounts", as: "manager").text
            #expect(!home.contains(#"<summary class="current">"#) && home.contains(#"<a href="/accounts" aria-current="page">"#))
        }
    }
}
