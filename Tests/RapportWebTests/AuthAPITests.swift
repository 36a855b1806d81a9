import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Sign-in and API keys")
struct AuthAPITests {
    @Test("Sign-in returns a working token; sign-out revokes it")
    func loginLogout() async throws {
        try await APITestContext.with { api in
            let email = try #require(try await api.send(.GET, "/api/v1/me", as: "rep")["email"]?.stringValue)
            let login = try await api.send(.POST, "/api/v1/auth/login", as: nil, json: #"{"email": "\#(email.uppercased())", "password": "\#(TenantFixture.password)"}"#)
            #expect(login.status == .ok)
            let token = try #require(login["token"]?.stringValue)
            #expect(login["user"]?["role"] == .string("rep"))
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            #expect(try await api.send(.GET, "/api/v1/me", as: nil, headers: bearer).status == .ok)
            #expect(try await api.send(.POST, "/api/v1/auth/logout", as: nil, headers: bearer).status == .noContent)
            #expect(try await api.send(.GET, "/api/v1/me", as: nil, headers: bearer).status == .unauthorized)
        }
    }

    @Test("Repeated failures are slowed, then refused with 429 even for the right password")
    func throttling() async throws {
        try await APITestContext.with { api in
            let email = try #require(try await api.send(.GET, "/api/v1/me", as: "rep2")["email"]?.stringValue)
            var statuses: [HTTPResponseStatus] = []
            for _ in 0..<4 {
                statuses.append(try await api.send(.POST, "/api/v1/auth/login", as: nil, json: #"{"email": "\#(email)", "password": "wrong password!"}"#).status)
            }
            let locked = try await api.send(.POST, "/api/v1/auth/login", as: nil, json: #"{"email": "\#(email)", "password": "\#(TenantFixture.password)"}"#)
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .unauthorized])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test("Passwords are stored as bcrypt hashes, never as given")
    func hashed() async throws {
        try await APITestContext.with { api in
            let email = try #require(try await api.send(.GET, "/api/v1/me", as: "manager")["email"]?.stringValue)
            let stored = try #require(try await Directory(database: api.fixture.database).credentials(email: email)).passwordHash
            #expect(stored.hasPrefix("$2"))
            #expect(!stored.contains(TenantFixture.password))
        }
    }

    @Test("An API key works until revoked, and its secret is shown only once")
    func apiKeys() async throws {
        try await APITestContext.with { api in
            let created = try await api.send(.POST, "/api/v1/api-keys", as: "rep", json: #"{"name": "ERP sync"}"#)
            #expect(created.status == .created)
            let token = try #require(created["token"]?.stringValue)
            let keyId = try #require(created["id"]?.stringValue)
            let listed = try await api.send(.GET, "/api/v1/api-keys", as: "rep")
            #expect(listed["data"]?.arrayValue?.contains { $0["id"]?.stringValue == keyId && $0["token"] == nil } == true)
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            #expect(try await api.send(.GET, "/api/v1/contacts", as: nil, headers: bearer).status == .ok)
            #expect(try await api.send(.DELETE, "/api/v1/api-keys/\(keyId)", as: "rep2").status == .notFound)
            #expect(try await api.send(.DELETE, "/api/v1/api-keys/\(keyId)", as: "rep").status == .noContent)
            #expect(try await api.send(.GET, "/api/v1/contacts", as: nil, headers: bearer).status == .unauthorized)
        }
    }
}
