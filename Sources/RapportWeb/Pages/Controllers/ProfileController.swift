import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The signed-in user's own settings: language, time zone and password.
enum ProfileController {
    static let minimumPasswordLength = 10

    struct PreferencesForm: Content {
        var language: String?
        var timeZone: String?
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    static func show(_ request: Request) async throws -> Response {
        let context = try request.page
        let flash = request.query[String.self, at: "saved"] != nil ? context.text["profile.saved"]
            : request.query[String.self, at: "password"] != nil ? context.text["password.changed"] : nil
        return Layout.response(ProfileView.render(context, flash: flash))
    }

    static func savePreferences(_ request: Request) async throws -> Response {
        let context = try request.page
        let form = try request.content.decode(PreferencesForm.self)
        let language = form.language.flatMap(Language.init(preference:))?.rawValue ?? Directory.browserLocale
        let zone = form.timeZone.flatMap { TimeZone(identifier: $0) != nil ? $0 : nil } ?? context.user.timeZone
        try await request.rapport.directory.setPreferences(userId: context.user.id, tenantId: context.user.tenantId, locale: language, timeZone: zone)
        await request.rapport.authenticator.forget(tokenHash: context.session.tokenHash)
        return request.redirect(to: SiteURL.profile.path + "?saved=1", redirectType: .normal)
    }

    static func changePassword(_ request: Request) async throws -> Response {
        let context = try request.page
        let form = try request.content.decode(PasswordForm.self)
        let services = request.rapport
        var errors: [String: String] = [:]
        let new = form.new ?? ""
        if new.count < minimumPasswordLength { errors["new"] = context.text.format("password.tooShort", ["count": String(minimumPasswordLength)]) }
        if new != (form.confirm ?? "") { errors["confirm"] = context.text["password.mismatch"] }
        let credentials = try await services.directory.credentials(email: context.user.email)
        var currentIsRight = false
        if let credentials { currentIsRight = try await services.passwords.verify(form.current ?? "", hash: credentials.passwordHash) }
        if !currentIsRight { errors["current"] = context.text["password.wrongCurrent"] }
        guard errors.isEmpty else {
            return Layout.response(ProfileView.render(context, passwordErrors: errors), status: .unprocessableEntity)
        }
        try await services.directory.setPasswordHash(try await services.passwords.hash(new), userId: context.user.id,
                                                     tenantId: context.user.tenantId, keepingSession: context.session.tokenHash)
        // The other sessions are revoked in the database; dropping the cached ones ends them at once, not in seconds.
        await services.authenticator.forget(userId: context.user.id)
        return request.redirect(to: SiteURL.profile.path + "?password=1", redirectType: .normal)
    }
}
