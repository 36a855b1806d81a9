import Foundation
import RapportDomain
import RapportTestSupport
import Testing
import Vapor

/// The flags a browser reads from the Set-Cookie header itself, checked as sent.
@Suite("Session cookie flags", .serialized)
struct SessionCookieTests {
    static let behindTLS: HTTPHeaders = ["X-Forwarded-Proto": "https"]

    @Test("Over plain http the session cookie is HttpOnly and SameSite=Lax, for the whole site, and not Secure")
    func plainHTTP() async throws {
        try await APITestContext.with { context in
            // MUT
            let signedIn = try await context.signIn(email: try await context.email(of: context.fixture.rep), password: TenantFixture.password)
            // validate
            #expect(signedIn.status == .seeOther)
            let flags = try #require(Self.attributes(of: "rapport_session", in: signedIn.headers))
            #expect(flags.contains("httponly"))
            #expect(flags.contains("samesite=lax"))
            #expect(flags.contains("path=/"))
            #expect(!flags.contains("secure"), "a Secure cookie would never come back over plain http")
            let form = try await context.page("/sign-in", as: nil)
            let formFlags = try #require(Self.attributes(of: "rapport_signin", in: form.headers))
            #expect(formFlags.contains("httponly") && formFlags.contains("samesite=strict") && !formFlags.contains("secure"))
        }
    }

    @Test("When the browser came over TLS (a proxy says X-Forwarded-Proto: https) every cookie is also Secure")
    func behindTLSProxy() async throws {
        try await APITestContext.with { context in
            // MUT
            let form = try await context.page("/sign-in", as: nil, headers: Self.behindTLS)
            let signedIn = try await context.signIn(email: try await context.email(of: context.fixture.rep), password: TenantFixture.password,
                                                    headers: Self.behindTLS)
            // validate
            #expect(signedIn.status == .seeOther)
            let flags = try #require(Self.attributes(of: "rapport_session", in: signedIn.headers))
            #expect(flags.contains("secure"))
            #expect(flags.contains("httponly"))
            #expect(flags.contains("samesite=lax"))
            #expect(try #require(Self.attributes(of: "rapport_signin", in: form.headers)).contains("secure"))
            let session = try #require(signedIn.sessionCookie)
            let home = try await context.page("/", as: nil, cookies: ["rapport_session": session], headers: Self.behindTLS)
            let out = try await context.post("/sign-out", form: [("_csrf", try #require(home.csrf))], as: nil,
                                             cookies: ["rapport_session": session], headers: Self.behindTLS)
            #expect(out.status == .seeOther)
            let cleared = try #require(Self.attributes(of: "rapport_session", in: out.headers))
            #expect(cleared.contains("secure") && cleared.contains("httponly") && cleared.contains("max-age=0"))
        }
    }

    /// The lower-cased attributes after `name=value` of the Set-Cookie header for `name`, or nil when none was set.
    static func attributes(of name: String, in headers: HTTPHeaders) -> Set<String>? {
        guard let header = headers[.setCookie].first(where: { $0.hasPrefix(name + "=") }) else { return nil }
        let parts = header.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return Set(parts)
    }
}
