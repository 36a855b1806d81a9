import Foundation
import RapportDomain
import Testing
import Vapor

@Suite("Sharing and settings API")
struct SharingAndSettingsTests {
    @Test("Sharing lets another rep read, and with canEdit change, a record; unsharing takes it away")
    func sharing() async throws {
        try await APITestContext.with { api in
            // setup
            let rep2 = try #require(try await api.send(.GET, "/api/v1/me", as: "rep2")["id"]?.stringValue)
            let account = try await api.send(.POST, "/api/v1/accounts", as: "rep", json: #"{"name": "Shared Ltd"}"#)
            let id = try #require(account["id"]?.stringValue)
            #expect(try await api.send(.GET, "/api/v1/accounts/\(id)", as: "rep2").status == .notFound)
            // MUT + validate
            let readShare = try await api.send(.PUT, "/api/v1/accounts/\(id)/shares/\(rep2)", as: "rep", json: #"{"canEdit": false}"#)
            #expect(readShare.status == .ok)
            #expect(try await api.send(.GET, "/api/v1/accounts/\(id)", as: "rep2").status == .ok)
            #expect(try await api.send(.PATCH, "/api/v1/accounts/\(id)", as: "rep2", json: #"{"tier": "key"}"#).status == .forbidden)
            #expect(try await api.send(.PUT, "/api/v1/accounts/\(id)/shares/\(rep2)", as: "rep2", json: #"{"canEdit": true}"#).status == .forbidden)

            _ = try await api.send(.PUT, "/api/v1/accounts/\(id)/shares/\(rep2)", as: "rep", json: #"{"canEdit": true}"#)
            #expect(try await api.send(.PATCH, "/api/v1/accounts/\(id)", as: "rep2", json: #"{"tier": "key"}"#).status == .ok)
            let listed = try await api.send(.GET, "/api/v1/accounts?count=true", as: "rep2")
            #expect(listed["meta"]?["total"] == .number("1"))

            #expect(try await api.send(.DELETE, "/api/v1/accounts/\(id)/shares/\(rep2)", as: "rep").status == .noContent)
            #expect(try await api.send(.GET, "/api/v1/accounts/\(id)", as: "rep2").status == .notFound)
            let history = try await api.send(.GET, "/api/v1/accounts/\(id)/history", as: "rep")
            #expect(history["data"]?.arrayValue?.compactMap { $0["action"]?.stringValue }.contains("share") == true)
        }
    }

    @Test("The lead response rule is per tenant and sets each new lead's deadline")
    func leadResponseRule() async throws {
        try await APITestContext.with { api in
            #expect(try await api.send(.GET, "/api/v1/settings", as: "rep")["leadResponseDays"] == .number("7"))
            #expect(try await api.send(.PATCH, "/api/v1/settings", as: "manager", json: #"{"leadResponseDays": 2}"#).status == .forbidden)
            #expect(try await api.send(.PATCH, "/api/v1/settings", json: #"{"leadResponseDays": 0}"#).status == .unprocessableEntity)
            let changed = try await api.send(.PATCH, "/api/v1/settings", json: #"{"leadResponseDays": 2}"#)
            #expect(changed["leadResponseDays"] == .number("2"))
            let lead = try await api.send(.POST, "/api/v1/leads", as: "rep", json: #"{"name": "Olga", "receivedAt": "2026-03-01T10:00:00Z"}"#)
            #expect(lead["responseDueAt"] == .string("2026-03-03T10:00:00.000Z"))
            #expect(lead["status"] == .string("new"))
        }
    }
}
