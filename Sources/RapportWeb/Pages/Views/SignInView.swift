import Foundation
import RapportPersistence

/// The sign-in form; the only page a stranger can see.
enum SignInView {
    static func render(language: Language, csrf: String, next: String?, email: String = "", error: String? = nil) -> HTML {
        let text = Catalogue.shared(language)
        let errorHTML: HTML? = error.map { "<p class=\"error\" role=\"alert\" id=\"sign-in-error\">\($0)</p>" }
        let described: HTML = error == nil ? "" : " aria-describedby=\"sign-in-error\""
        return Layout.document(language: language, title: text["signIn.title"], body: """
            <main id="main" class="narrow">
            <h1>\(text["app.name"])</h1>
            <form method="post" action="/sign-in" class="card stack">
              <h2>\(text["signIn.title"])</h2>
              \(errorHTML)
              <input type="hidden" name="\(PageSession.csrfField)" value="\(csrf)">
              <input type="hidden" name="next" value="\(next ?? "/")">
              <label for="email">\(text["signIn.email"])</label>
              <input id="email" name="email" type="email" autocomplete="username" required value="\(email)"\(described)>
              <label for="password">\(text["signIn.password"])</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required\(described)>
              <button type="submit">\(text["signIn.submit"])</button>
            </form>
            <nav aria-label="\(text["nav.language"])" class="languages">\(Language.allCases.map { language in
                "<a href=\"/sign-in?lang=\(language.rawValue)\" lang=\"\(language.rawValue)\">\(language.nativeName)</a>" as HTML
            }.joined(separator: " · "))</nav>
            </main>
            """)
    }
}
