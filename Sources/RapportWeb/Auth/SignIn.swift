import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// One sign-in attempt, the same for the API and the web form: throttled per
/// e-mail and per address, checked against the bcrypt hash, answered with a session token.
enum SignIn {
    static let sessionLifetime: TimeInterval = 12 * 3600

    enum Outcome: Sendable {
        case signedIn(token: String, user: Directory.User)
        case refused(retryAfter: Duration)
        case invalid
    }

    static func attempt(email: String, password: String, request: Request) async throws -> Outcome {
        // Text a database cannot hold (NUL and other control characters) matches no account.
        guard !FieldDecoder.containsControlCharacters(email), email.utf8.count <= 254, password.utf8.count <= 200 else { return .invalid }
        let services = request.rapport
        let keys = ["email:" + email.lowercased(), "ip:" + (request.remoteAddress?.ipAddress ?? "unknown")]
        switch await services.throttle.check(keys: keys) {
        case .refuse(let retryAfter): return .refused(retryAfter: retryAfter)
        case .allow(let delay):
            if delay > .zero { try await Task.sleep(for: delay) }
        }
        guard let credentials = try await services.directory.credentials(email: email),
              credentials.user.active,
              try await services.passwords.verify(password, hash: credentials.passwordHash) else {
            await services.throttle.failed(keys: keys)
            return .invalid
        }
        await services.throttle.succeeded(keys: keys)
        let issued = TokenAuthenticator.newToken()
        _ = try await services.tokens.insert(tokenHash: issued.hash, prefix: issued.prefix, kind: .session, name: "sign-in",
                                             user: credentials.user, expiresAt: Date().addingTimeInterval(sessionLifetime))
        return .signedIn(token: issued.token, user: credentials.user)
    }
}
