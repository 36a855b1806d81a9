import Crypto
import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The browser's sign-in: a session token in an HttpOnly cookie, and the CSRF token its forms carry.
enum PageSession {
    static let cookieName = "rapport_session"
    /// Before sign-in there is no session to bind a CSRF token to, so the sign-in form
    /// carries a random token that must match this cookie (double submit).
    static let signInCookieName = "rapport_signin"
    static let csrfField = "_csrf"

    static func sessionCookie(_ token: String, request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, expires: Date().addingTimeInterval(SignIn.sessionLifetime), path: "/",
                          isSecure: isSecure(request), isHTTPOnly: true, sameSite: .lax)
    }

    static func expiredCookie(request: Request, path: String = "/") -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: path,
                          isSecure: isSecure(request), isHTTPOnly: true, sameSite: .lax)
    }

    /// Secure cookies whenever the browser reached us over TLS, directly or through a proxy.
    static func isSecure(_ request: Request) -> Bool {
        request.url.scheme == "https" || request.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    /// Bound to the session: a token stolen from one session is useless in another.
    static func csrfToken(for session: TokenAuthenticator.Session) -> String {
        let key = SymmetricKey(data: Data(session.tokenHash.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("rapport-csrf".utf8), using: key)
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func randomToken() -> String { TokenAuthenticator.newToken().token }

    /// Compares without an early exit, so timing does not tell how much of a guess was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// Pages need a signed-in user: without one the browser goes to the sign-in page and comes back.
/// Every form post must carry the session's CSRF token.
struct PageSessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let token = request.cookies[PageSession.cookieName]?.string, !token.isEmpty, token.count < 200,
              let session = try await request.rapport.authenticator.session(for: token) else {
            if request.method == .GET {
                let target = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
                return request.redirect(to: SiteURL.signIn(next: target).path)
            }
            return request.redirect(to: SiteURL.signIn(next: nil).path, redirectType: .normal)
        }
        request.storage[SessionKey.self] = session
        if request.method == .POST {
            let sent = try? request.content.get(String.self, at: PageSession.csrfField)
            guard let sent, PageSession.constantTimeEqual(sent, PageSession.csrfToken(for: session)) else {
                throw PageError.csrf
            }
        }
        return try await next.respond(to: request)
    }
}

/// Headers every response carries: a strict Content-Security-Policy (no inline script or
/// style, nothing from other origins), no MIME sniffing, no framing, no referrer leaks.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        return response
    }
}
