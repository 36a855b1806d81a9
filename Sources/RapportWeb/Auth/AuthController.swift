import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Sign-in, sign-out, the current user and API keys.
enum AuthController {
    static func login(_ request: Request) async throws -> Response {
        let body = try await JSONIO.body(request)
        guard case .object(let object) = body, let email = object["email"]?.stringValue, let password = object["password"]?.stringValue,
              object.keys.allSatisfy({ $0 == "email" || $0 == "password" }) else {
            throw Problem.validation([FieldError(field: "body", code: "invalid_type", message: "Send {\"email\": \"…\", \"password\": \"…\"}.")])
        }
        switch try await SignIn.attempt(email: email, password: password, request: request) {
        case .refused(let retryAfter):
            var problem = Problem(.tooManyRequests, code: "too_many_attempts", title: "Too many attempts",
                                  detail: "Too many failed sign-ins. Try again in \(Int(retryAfter.components.seconds / 60) + 1) minutes.")
            problem.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter.components.seconds + 1))
            throw problem
        case .invalid:
            throw Problem(.unauthorized, code: "invalid_credentials", title: "Sign-in failed", detail: "The e-mail or password is not right.")
        case .signedIn(let token, let user):
            return JSONIO.response(.object(JSONObject(["token": .string(token), "user": userJSON(user)])))
        }
    }

    static func logout(_ request: Request) async throws -> Response {
        let session = try request.session
        try await request.rapport.tokens.revoke(tokenHash: session.tokenHash)
        await request.rapport.authenticator.forget(tokenHash: session.tokenHash)
        return Response(status: .noContent)
    }

    static func me(_ request: Request) async throws -> Response {
        JSONIO.response(userJSON(try request.session.user))
    }

    static func userJSON(_ user: Directory.User) -> JSONValue {
        .object(JSONObject([
            "id": .string(user.id.lowercaseString),
            "tenantId": .string(user.tenantId.lowercaseString),
            "email": .string(user.email),
            "name": .string(user.name),
            "role": .string(user.role.rawValue),
            "teamId": user.teamId.map { .string($0.lowercaseString) } ?? .null,
            "partnerId": user.partnerId.map { .string($0.lowercaseString) } ?? .null,
            "locale": .string(user.locale),
            "timeZone": .string(user.timeZone),
        ]))
    }

    static func listKeys(_ request: Request) async throws -> Response {
        let keys = try await request.rapport.tokens.apiKeys(userId: try request.session.user.id)
        return JSONIO.response(.object(JSONObject(["data": .array(keys.map(keyJSON))])))
    }

    static func createKey(_ request: Request) async throws -> Response {
        let session = try request.session
        let body = try await JSONIO.body(request)
        guard case .object(let object) = body, object.keys.allSatisfy({ $0 == "name" }), let json = object["name"] else {
            throw Problem.validation([FieldError(field: "name", code: "required", message: "Send {\"name\": \"…\"} with 1 to 100 characters.")])
        }
        let name = try FieldDecoder.decode(json, for: keyName).mapError { ValidationFailure([$0]) }.get().textValue ?? ""
        let issued = TokenAuthenticator.newToken()
        let key = try await request.rapport.tokens.insert(tokenHash: issued.hash, prefix: issued.prefix, kind: .apiKey, name: name,
                                                           user: session.user, expiresAt: nil)
        guard case .object(var json) = keyJSON(key) else { throw Abort(.internalServerError) }
        // The secret is shown once, here; only its hash is kept.
        json["token"] = .string(issued.token)
        return JSONIO.response(.object(json), status: .created)
    }

    static func revokeKey(_ request: Request) async throws -> Response {
        let session = try request.session
        guard let id = request.parameters.get("keyId").flatMap(UUID.init(parsing:)),
              let hash = try await request.rapport.tokens.revoke(id: id, userId: session.user.id) else {
            throw Problem.notFound("API key")
        }
        await request.rapport.authenticator.forget(tokenHash: hash)
        return Response(status: .noContent)
    }

    static let keyName = FieldDefinition("name", .text(maxLength: 100), label: "Key name", required: true)

    static func keyJSON(_ key: TokenStore.Token) -> JSONValue {
        .object(JSONObject([
            "id": .string(key.id.lowercaseString),
            "name": .string(key.name),
            "prefix": .string(key.prefix),
            "createdAt": .string(Timestamp.format(key.createdAt)),
            "revokedAt": key.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
        ]))
    }
}
