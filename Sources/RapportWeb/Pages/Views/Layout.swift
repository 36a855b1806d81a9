import Foundation
import RapportPersistence
import RapportDomain
import Vapor

/// The page shell: landmarks, navigation, language and the flash message.
enum Layout {
    enum Section: String { case home, accounts, contacts, leads, opportunities, activities, products, pricebooks, quotes, orders, invoices, payments, expenses, approvals, receivables, reports, board, inbox, calendar, settings, profile }

    /// The records of selling, from catalogue to cash, and the sales reports: one menu, so the
    /// bar keeps to the pages a person opens all day.
    static let salesSections: Set<Section> = [.products, .pricebooks, .quotes, .orders, .invoices, .payments, .expenses, .approvals, .receivables, .reports]

    static func page(_ context: PageContext, title: String, section: Section?, flash: String? = nil, body: HTML) -> HTML {
        let text = context.text
        let role = context.principal.role
        let links: [(Section, String, String)] = [(.home, SiteURL.home.path, text["nav.home"])]
            + Catalog.builtIn.map { (Section(rawValue: $0.plural) ?? .home, SiteURL.list($0).path, text.entityPlural($0)) }
            + [(.board, "/board", text["nav.board"]), (.inbox, "/leads/inbox", text["nav.leadsInbox"]), (.calendar, "/calendar", text["nav.calendar"])]
            + ([.admin, .manager].contains(role) ? [(.approvals, "/quotes/approvals", text["nav.approvals"])] : [])
            + (role == .partner ? [] : [(.reports, "/reports/forecast", text["nav.reports"])])
            + ([.admin, .manager].contains(role) ? [(.receivables, "/reports/aging", text["nav.receivables"])] : [])
        func item(_ link: (Section, String, String)) -> HTML {
            let current: HTML = link.0 == section ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(link.1)\"\(current)>\(link.2)</a></li>"
        }
        let sales = links.filter { salesSections.contains($0.0) }.map(item)
        let inSales = section.map(salesSections.contains) == true
        let menu: HTML = """
            <li class="menu"><details><summary\(inSales ? HTML(trusted: " class=\"current\"") : .empty)>\(text["nav.sales"])</summary><ul>\(sales)</ul></details></li>
            """
        let navigation: [HTML] = links.filter { !salesSections.contains($0.0) }.map(item) + [menu]
            + (role == .admin ? [item((.settings, "/settings", text["nav.settings"]))] : [])
        return document(language: context.language, title: title, body: """
            <a class="skip" href="#main">\(text["app.skip"])</a>
            <header class="top">
              <a class="brand" href="/">\(text["app.name"])</a>
              <nav aria-label="\(text["nav.main"])"><ul>\(navigation)</ul></nav>
              <div class="me">
                <a href="\(SiteURL.profile.path)"\(section == .profile ? HTML(trusted: " aria-current=\"page\"") : .empty)>\(context.user.name)</a>
                <form method="post" action="\(SiteURL.signOut.path)">\(csrfField(context))<button type="submit" class="link">\(text["nav.signOut"])</button></form>
              </div>
            </header>
            <main id="main" tabindex="-1">
            \(flash.map { "<p class=\"flash\" role=\"status\">\($0)</p>" as HTML })
            \(body)
            </main>
            """)
    }

    /// A page without the signed-in chrome (sign-in, errors before sign-in).
    static func document(language: Language, title: String, body: HTML) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Rapport</title>
        <link rel="stylesheet" href="\(SiteURL.asset("app.css").path)">
        <script src="\(SiteURL.asset("app.js").path)" defer></script>
        </head>
        <body>
        \(body)
        </body>
        </html>
        """
    }

    static func csrfField(_ context: PageContext) -> HTML {
        "<input type=\"hidden\" name=\"\(PageSession.csrfField)\" value=\"\(context.csrf)\">"
    }

    static func response(_ html: HTML, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        // Pages show one person's data: never keep them in shared caches.
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: html.text))
    }
}
