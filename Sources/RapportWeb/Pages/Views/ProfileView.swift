import Foundation
import RapportPersistence

/// Language, time zone and password of the signed-in user.
enum ProfileView {
    static let commonTimeZones = [
        "UTC", "Europe/London", "Europe/Berlin", "Europe/Moscow", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore",
        "Asia/Tokyo", "America/New_York", "America/Chicago", "America/Los_Angeles", "Australia/Sydney",
    ]

    static func render(_ context: PageContext, flash: String? = nil, passwordErrors: [String: String] = [:]) -> HTML {
        let text = context.text
        let languageOptions: [HTML] = [("auto", "—")] .map { "<option value=\"\($0.0)\">\($0.1)</option>" }
            + Language.allCases.map { language in
                let selected: HTML = Language(preference: context.user.locale) == language ? " selected" : ""
                return "<option value=\"\(language.rawValue)\" lang=\"\(language.rawValue)\"\(selected)>\(language.nativeName)</option>"
            }
        let zones = commonTimeZones.contains(context.user.timeZone) ? commonTimeZones : [context.user.timeZone] + commonTimeZones
        let zoneOptions: [HTML] = zones.map { zone in
            let selected: HTML = zone == context.user.timeZone ? " selected" : ""
            return "<option\(selected)>\(zone)</option>"
        }
        func passwordInput(_ name: String, _ label: String, _ autocomplete: String) -> HTML {
            let error = passwordErrors[name]
            let described: HTML = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(name)-error\""
            return """
                <label for="\(name)">\(label)</label>
                <input id="\(name)" name="\(name)" type="password" autocomplete="\(autocomplete)" required\(described)>
                \(error.map { "<p class=\"field-error\" id=\"\(name)-error\">\($0)</p>" as HTML })
                """
        }
        return Layout.page(context, title: text["profile.title"], section: .profile, flash: flash, body: """
            <h1>\(text["profile.title"])</h1>
            <div class="columns">
            <form method="post" action="\(SiteURL.profile.path)" class="card stack">
              \(Layout.csrfField(context))
              <label for="language">\(text["profile.language"])</label>
              <select id="language" name="language">\(languageOptions)</select>
              <label for="timeZone">\(text["profile.timeZone"])</label>
              <select id="timeZone" name="timeZone">\(zoneOptions)</select>
              <button type="submit">\(text["profile.save"])</button>
            </form>
            <form method="post" action="\(SiteURL.password.path)" class="card stack">
              <h2>\(text["password.title"])</h2>
              \(Layout.csrfField(context))
              \(passwordInput("current", text["password.current"], "current-password"))
              \(passwordInput("new", text["password.new"], "new-password"))
              \(passwordInput("confirm", text["password.confirm"], "new-password"))
              <button type="submit">\(text["password.submit"])</button>
            </form>
            </div>
            """)
    }
}
