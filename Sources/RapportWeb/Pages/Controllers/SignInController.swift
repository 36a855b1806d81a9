import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Sign-in and sign-out in the browser.
enum SignInController {
    struct Form: Content {
        var email: String?
        var password: String?
        var next: String?
        var _csrf: String?
    }

    static func show(_ request: Request) async throws -> Response {
        let language = request.query[String.self, at: "lang"].flatMap(Language.init(preference:))
            ?? PageContext.language(user: nil, request: request)
        let token = PageSession.randomToken()
        let response = Layout.response(SignInView.render(language: language, csrf: token, next: request.query[String.self, at: "next"]))
        response.cookies[PageSession.signInCookieName] = HTTPCookies.Value(
            string: token, path: "/sign-in", isSecure: PageSession.isSecure(request), isHTTPOnly: true, sameSite: .strict)
        return response
    }

    static func submit(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        let language = PageContext.language(user: nil, request: request)
        guard let cookie = request.cookies[PageSession.signInCookieName]?.string, let sent = form._csrf,
              PageSession.constantTimeEqual(cookie, sent) else {
            throw PageError.csrf
        }
        let next = form.next.flatMap(SiteURL.localPath) ?? "/"
        let email = form.email ?? ""
        func again(_ message: String, status: HTTPResponseStatus) -> Response {
            let response = Layout.response(SignInView.render(language: language, csrf: cookie, next: next, email: email, error: message), status: status)
            return response
        }
        switch try await SignIn.attempt(email: email, password: form.password ?? "", request: request) {
        case .invalid:
            return again(Catalogue.shared(language)["signIn.failed"], status: .unauthorized)
        case .refused(let retryAfter):
            let response = again(Catalogue.shared(language).format("signIn.throttled", ["seconds": String(retryAfter.components.seconds + 1)]),
                                 status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter.components.seconds + 1))
            return response
        case .signedIn(let token, _):
            let response = request.redirect(to: next, redirectType: .normal)
            response.cookies[PageSession.cookieName] = PageSession.sessionCookie(token, request: request)
            response.cookies[PageSession.signInCookieName] = PageSession.expiredCookie(request: request, path: "/sign-in")
            return response
        }
    }

    static func signOut(_ request: Request) async throws -> Response {
        let session = try request.session
        try await request.rapport.tokens.revoke(tokenHash: session.tokenHash)
        await request.rapport.authenticator.forget(tokenHash: session.tokenHash)
        let response = request.redirect(to: SiteURL.signIn(next: nil).path, redirectType: .normal)
        response.cookies[PageSession.cookieName] = PageSession.expiredCookie(request: request)
        return response
    }
}
