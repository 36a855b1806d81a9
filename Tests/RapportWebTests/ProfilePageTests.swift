import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Profile page: changing the password", .serialized)
struct ProfilePageTests {
    static let newPassword = "a much longer new secret"

    @Test("The right current password changes it: the old one no longer signs in, the new one does, other sessions end")
    func changePassword() async throws {
        try await APITestContext.with { context in
            // setup
            let email = try await context.email(of: context.fixture.rep)
            let session = try #require(try await context.signIn(email: email, password: TenantFixture.password).sessionCookie)
            let elsewhere = try #require(try await context.signIn(email: email, password: TenantFixture.password).sessionCookie)
            #expect(try await context.page("/contacts", as: nil, cookies: ["rapport_session": elsewhere]).status == .ok)
            let profile = try await context.page("/me", as: nil, cookies: ["rapport_session": session])
            // MUT
            let changed = try await context.post("/me/password", form: [
                ("_csrf", try #require(profile.csrf)), ("current", TenantFixture.password), ("new", Self.newPassword), ("confirm", Self.newPassword),
            ], as: nil, cookies: ["rapport_session": session])
            // validate
            #expect(changed.status == .seeOther)
            #expect(changed.location == "/me?password=1")
            let shown = try await context.page("/me?password=1", as: nil, cookies: ["rapport_session": session])
            #expect(shown.status == .ok, "the session that changed the password is kept")
            #expect(shown.text.contains("Your password is changed."))
            #expect(try await context.page("/contacts", as: nil, cookies: ["rapport_session": elsewhere]).status == .seeOther,
                    "another session of the same user ends at once")
            let old = try await context.signIn(email: email, password: TenantFixture.password)
            #expect(old.status == .unauthorized)
            #expect(old.sessionCookie == nil)
            #expect(old.text.contains("The e-mail or password is not right."))
            let new = try await context.signIn(email: email, password: Self.newPassword)
            #expect(new.status == .seeOther)
            let fresh = try #require(new.sessionCookie)
            #expect(try await context.page("/contacts", as: nil, cookies: ["rapport_session": fresh]).status == .ok)
        }
    }

    @Test("A wrong current password is refused with a message in the user's language, and the password stays", arguments: [
        ("en", "The current password is not right."), ("zh-CN,zh;q=0.9", "当前密码不正确。"), ("ru-RU,ru;q=0.8", "Текущий пароль указан неверно."),
    ])
    func wrongCurrentPassword(language: String, message: String) async throws {
        try await APITestContext.with { context in
            // setup
            let email = try await context.email(of: context.fixture.rep)
            // MUT
            let refused = try await context.post("/me/password", form: [
                ("_csrf", try await context.csrf(as: "rep")), ("current", "not the password"), ("new", Self.newPassword), ("confirm", Self.newPassword),
            ], as: "rep", language: language)
            // validate
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("<p class=\"field-error\" id=\"current-error\">\(message)</p>"))
            #expect(refused.text.contains("id=\"current\" name=\"current\" type=\"password\" autocomplete=\"current-password\" required aria-invalid=\"true\""))
            #expect(!refused.text.contains("id=\"new-error\""), "the new password itself was fine")
            try await Self.expectUnchanged(context, email: email, refusedPassword: Self.newPassword)
        }
    }

    @Test("A new password shorter than ten characters, or repeated differently, is refused and the password stays")
    func weakOrMismatchedNewPassword() async throws {
        try await APITestContext.with { context in
            // setup
            let email = try await context.email(of: context.fixture.rep)
            let token = try await context.csrf(as: "rep")
            // MUT
            let short = try await context.post("/me/password", form: [
                ("_csrf", token), ("current", TenantFixture.password), ("new", "short9chr"), ("confirm", "short9chr"),
            ], as: "rep")
            let mismatched = try await context.post("/me/password", form: [
                ("_csrf", token), ("current", TenantFixture.password), ("new", Self.newPassword), ("confirm", Self.newPassword + "!"),
            ], as: "rep")
            // validate
            #expect(short.status == .unprocessableEntity)
            #expect(short.text.contains("<p class=\"field-error\" id=\"new-error\">Use at least 10 characters.</p>"))
            #expect(!short.text.contains("id=\"current-error\""), "the current password was right")
            #expect(mismatched.status == .unprocessableEntity)
            #expect(mismatched.text.contains("<p class=\"field-error\" id=\"confirm-error\">The two new passwords differ.</p>"))
            try await Self.expectUnchanged(context, email: email, refusedPassword: "short9chr")
            try await Self.expectUnchanged(context, email: email, refusedPassword: Self.newPassword)
        }
    }

    @Test("Changing the password needs the session's CSRF token")
    func changeNeedsCSRF() async throws {
        try await APITestContext.with { context in
            let email = try await context.email(of: context.fixture.rep)
            let forged = try await context.post("/me/password", form: [
                ("current", TenantFixture.password), ("new", Self.newPassword), ("confirm", Self.newPassword),
            ], as: "rep")
            #expect(forged.status == .forbidden)
            try await Self.expectUnchanged(context, email: email, refusedPassword: Self.newPassword)
        }
    }

    /// The fixture password still signs in and the refused one does not.
    private static func expectUnchanged(_ context: APITestContext, email: String, refusedPassword: String) async throws {
        let refused = try await context.signIn(email: email, password: refusedPassword)
        #expect(refused.status == .unauthorized)
        let kept = try await context.signIn(email: email, password: TenantFixture.password)
        #expect(kept.status == .seeOther)
        #expect(kept.sessionCookie != nil)
    }
}
