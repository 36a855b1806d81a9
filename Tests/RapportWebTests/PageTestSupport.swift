import Foundation
import NIOCore
import RapportDomain
import RapportPersistence
import RapportTestSupport
import RapportWeb
import Testing
import Vapor
import VaporTesting

/// Browser-like requests to the web pages: the session cookie of a role, form posts with the page's CSRF token.
extension APITestContext {
    struct PageReply {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let text: String

        var location: String? { headers.first(name: .location) }
        /// The session token a sign-in set, as the browser keeps it.
        var sessionCookie: String? { headers.setCookie?["rapport_session"]?.string }
        var csrf: String? {
            guard let range = text.range(of: "name=\"_csrf\" value=\"") else { return nil }
            return String(text[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func page(
        _ path: String, as role: String? = "admin", language: String? = nil, cookies: [String: String] = [:], headers extra: HTTPHeaders = [:]
    ) async throws -> PageReply {
        var headers = sessionHeaders(role, cookies)
        headers.add(contentsOf: extra)
        if let language { headers.replaceOrAdd(name: .acceptLanguage, value: language) }
        let response = try await app.testing().sendRequest(.GET, path, headers: headers)
        return PageReply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func post(
        _ path: String, form: [(String, String)], as role: String? = "admin", language: String? = nil, cookies: [String: String] = [:],
        headers extra: HTTPHeaders = [:]
    ) async throws -> PageReply {
        var headers = sessionHeaders(role, cookies)
        headers.add(contentsOf: extra)
        if let language { headers.replaceOrAdd(name: .acceptLanguage, value: language) }
        headers.contentType = .urlEncodedForm
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        return PageReply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// The role's session cookie (as the browser sends it after sign-in) and any other cookies.
    private func sessionHeaders(_ role: String?, _ cookies: [String: String]) -> HTTPHeaders {
        var headers = HTTPHeaders()
        var jar = cookies
        if let role, let token = tokens[role] { jar["rapport_session"] = token }
        if !jar.isEmpty { headers.replaceOrAdd(name: .cookie, value: jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        return headers
    }

    /// Signs in through the form as a browser does: the form's token with its cookie, then the post.
    func signIn(email: String, password: String, headers: HTTPHeaders = [:]) async throws -> PageReply {
        let form = try await page("/sign-in", as: nil, headers: headers)
        let token = try #require(form.csrf)
        return try await post("/sign-in", form: [("_csrf", token), ("email", email), ("password", password), ("next", "/")],
                              as: nil, cookies: ["rapport_signin": token], headers: headers)
    }

    /// The sign-in e-mail of a fixture user.
    func email(of principal: Principal) async throws -> String {
        try #require(try await Directory(database: fixture.database).user(id: principal.userId)).email
    }

    /// The CSRF token the pages give this role's session.
    func csrf(as role: String = "admin") async throws -> String {
        try #require(try await page("/me", as: role).csrf)
    }
}
