import Foundation
import RapportDomain
import RapportTestSupport
import Testing
import Vapor

@Suite("Record API")
struct RecordAPITests {
    @Test("Create, read with ETag, patch with If-Match, stale If-Match answers 412 and writes nothing")
    func crudWithConcurrency() async throws {
        try await APITestContext.with { api in
            // setup
            let created = try await api.send(.POST, "/api/v1/accounts", as: "rep", json: #"{"name": "Volga Motors", "tier": "key"}"#)
            #expect(created.status == .created)
            let id = try #require(created["id"]?.stringValue)
            #expect(created.headers.first(name: .location) == "/api/v1/accounts/\(id)")
            // MUT
            let read = try await api.send(.GET, "/api/v1/accounts/\(id)", as: "rep")
            let patched = try await api.send(.PATCH, "/api/v1/accounts/\(id)", as: "rep", json: #"{"industry": "Automotive"}"#,
                                             headers: ["If-Match": "\"1\""])
            let stale = try await api.send(.PATCH, "/api/v1/accounts/\(id)", as: "rep", json: #"{"industry": "Mining"}"#,
                                           headers: ["If-Match": "\"1\""])
            let after = try await api.send(.GET, "/api/v1/accounts/\(id)", as: "rep")
            // validate
            #expect(read.headers.first(name: .eTag) == "\"1\"")
            #expect(patched.status == .ok)
            #expect(patched.headers.first(name: .eTag) == "\"2\"")
            #expect(stale.status == .preconditionFailed)
            #expect(stale.headers.contentType?.subType == "problem+json")
            #expect(stale["code"] == .string("version_mismatch"))
            #expect(after["industry"] == .string("Automotive"))
            #expect(after["version"] == .number("2"))
        }
    }

    @Test("Soft delete hides the record; restore brings it back; history shows every change")
    func deleteRestoreHistory() async throws {
        try await APITestContext.with { api in
            let created = try await api.send(.POST, "/api/v1/contacts", as: "rep", json: #"{"name": "Анна Смирнова"}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(try await api.send(.DELETE, "/api/v1/contacts/\(id)", as: "rep").status == .noContent)
            #expect(try await api.send(.GET, "/api/v1/contacts/\(id)", as: "rep").status == .notFound)
            let restored = try await api.send(.POST, "/api/v1/contacts/\(id)/restore", as: "rep")
            #expect(restored.status == .ok)
            #expect(restored["name"] == .string("Анна Смирнова"))
            let history = try await api.send(.GET, "/api/v1/contacts/\(id)/history", as: "rep")
            #expect(history["data"]?.arrayValue?.compactMap { $0["action"]?.stringValue } == ["restore", "delete", "create"])
        }
    }

    @Test("A record of another rep or another tenant answers 404, never 403")
    func deniedGetIsNotFound() async throws {
        try await APITestContext.with { api in
            let mine = try await api.send(.POST, "/api/v1/leads", as: "rep", json: #"{"name": "Li Wei", "grade": "H"}"#)
            let id = try #require(mine["id"]?.stringValue)
            #expect(try await api.send(.GET, "/api/v1/leads/\(id)", as: "rep2").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/leads/\(id)", as: "partner").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/leads/\(id)", as: "manager").status == .ok)
            try await APITestContext.with { (other: APITestContext) async throws in
                let get = try await other.send(.GET, "/api/v1/leads/\(id)", as: "admin")
                let patch = try await other.send(.PATCH, "/api/v1/leads/\(id)", as: "admin", json: #"{"grade": "C"}"#)
                let delete = try await other.send(.DELETE, "/api/v1/leads/\(id)", as: "admin")
                #expect([get.status, patch.status, delete.status] == [.notFound, .notFound, .notFound])
            }
            #expect(try await api.send(.PATCH, "/api/v1/leads/\(id)", as: "readOnly", json: #"{"grade": "C"}"#).status == .forbidden)
            #expect(try await api.send(.GET, "/api/v1/leads/\(id)", as: nil).status == .unauthorized)
        }
    }

    @Test("Lists filter, sort, page with a cursor and count")
    func listing() async throws {
        try await APITestContext.with { api in
            for (name, influence) in [("Ann", 1), ("Bob", 3), ("Cid", 5), ("Dan", 4), ("Eve", 2)] {
                try await api.send(.POST, "/api/v1/contacts", as: "rep", json: #"{"name": "\#(name)", "influence": \#(influence)}"#)
            }
            let first = try await api.send(.GET, "/api/v1/contacts?filter%5Binfluence%5D%5Bgte%5D=2&sort=-influence&limit=2&count=true", as: "rep")
            #expect(first.status == .ok)
            #expect(first["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Cid", "Dan"])
            #expect(first["meta"]?["total"] == .number("4"))
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await api.send(.GET, "/api/v1/contacts?filter%5Binfluence%5D%5Bgte%5D=2&sort=-influence&limit=2&cursor=\(cursor)", as: "rep")
            #expect(second["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Bob", "Eve"])
            #expect(second["nextCursor"] == .null)
        }
    }
}
