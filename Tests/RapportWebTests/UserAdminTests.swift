import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("User administration", .serialized)
struct UserAdminTests {
    @Test("A deactivated user's API key and sessions stop at once and sign-in fails as for a wrong password; reactivation restores the key")
    func deactivation() async throws {
        try await APITestContext.with { api in
            // setup
            let fixture = api.fixture
            let rep = fixture.rep.userId.lowercaseString
            let email = try #require(try await api.send(.GET, "/api/v1/me", as: "rep")["email"]?.stringValue)
            let login = try await api.send(.POST, "/api/v1/auth/login", as: nil, json: #"{"email": "\#(email)", "password": "\#(TenantFixture.password)"}"#)
            let session: HTTPHeaders = ["Authorization": "Bearer \(try #require(login["token"]?.stringValue))"]
            #expect(try await api.send(.GET, "/api/v1/me", as: nil, headers: session).status == .ok)
            #expect(try await api.page("/", as: "rep").status == .ok)
            // MUT
            let changed = try await api.send(.PATCH, "/api/v1/users/\(rep)", json: #"{"active": false}"#)
            // validate
            #expect(changed.status == .ok && changed["active"] == .bool(false))
            #expect(try await api.send(.GET, "/api/v1/me", as: "rep").status == .unauthorized)
            #expect(try await api.send(.GET, "/api/v1/me", as: nil, headers: session).status == .unauthorized)
            #expect(try await api.page("/", as: "rep").status == .seeOther, "the web session goes back to sign-in")
            let again = try await api.send(.POST, "/api/v1/auth/login", as: nil, json: #"{"email": "\#(email)", "password": "\#(TenantFixture.password)"}"#)
            #expect(again.status == .unauthorized && again["code"] == .string("invalid_credentials"))
            let form = try await api.page("/sign-in", as: nil)
            let token = try #require(form.csrf)
            let web = try await api.post("/sign-in", form: [("_csrf", token), ("email", email), ("password", TenantFixture.password)],
                                         as: nil, cookies: ["rapport_signin": token])
            #expect(web.status == .unauthorized && web.text.contains("The e-mail or password is not right."))
            let listed = try await api.send(.GET, "/api/v1/users", as: "manager")
            #expect(listed["data"]?.arrayValue?.first { $0["id"] == .string(rep) }?["active"] == .bool(false))
            let audit = try await AuditLog(database: fixture.database).entries(recordId: fixture.rep.userId, tenantId: fixture.tenant.id)
            #expect(audit.first?.action == "update" && audit.first?.actorId == fixture.admin.userId)
            #expect(audit.first?.changes["active"]?["old"] == .bool(true) && audit.first?.changes["active"]?["new"] == .bool(false))

            // MUT: reactivate from the settings page
            let back = try await api.post("/settings/users/\(rep)/active", form: [("_csrf", try await api.csrf()), ("active", "true")])
            // validate
            #expect(back.status == .seeOther)
            #expect(try await api.send(.GET, "/api/v1/me", as: "rep").status == .ok)
        }
    }

    @Test("An administrator cannot deactivate or demote themselves, by API or page")
    func notYourself() async throws {
        try await APITestContext.with { api in
            // setup
            let admin = api.fixture.admin.userId.lowercaseString
            // MUT + validate
            let off = try await api.send(.PATCH, "/api/v1/users/\(admin)", json: #"{"active": false}"#)
            #expect(off.status == .unprocessableEntity && off.errorFields == ["active"])
            let demoted = try await api.send(.PATCH, "/api/v1/users/\(admin)", json: #"{"role": "manager"}"#)
            #expect(demoted.status == .unprocessableEntity && demoted.errorFields == ["role"])
            let token = try await api.csrf()
            let page = try await api.post("/settings/users/\(admin)/active", form: [("_csrf", token), ("active", "false")])
            #expect(page.status == .unprocessableEntity && page.text.contains("You cannot deactivate your own account"))
            let role = try await api.post("/settings/users/\(admin)", form: [("_csrf", token), ("role", "rep"), ("teamId", ""), ("partnerId", "")])
            #expect(role.status == .unprocessableEntity && role.text.contains("You cannot give up your own administrator role"))
            let me = try await api.send(.GET, "/api/v1/me")
            #expect(me["role"] == .string("admin"))
            #expect(try await api.send(.GET, "/api/v1/me").status == .ok)
        }
    }

    @Test("A new role or team applies at once: a rep made manager of head office sees the team's records; a read-only user cannot write")
    func roleChange() async throws {
        try await APITestContext.with { api in
            // setup
            let fixture = api.fixture
            let rep = fixture.rep.userId.lowercaseString, rep2 = fixture.rep2.userId.lowercaseString
            let account = try await api.send(.POST, "/api/v1/accounts", json: #"{"name": "South Steel", "ownerId": "\#(rep2)"}"#)
            let accountId = try #require(account["id"]?.stringValue)
            #expect(try await api.send(.GET, "/api/v1/accounts/\(accountId)", as: "rep").status == .notFound)
            // MUT
            let promoted = try await api.send(.PATCH, "/api/v1/users/\(rep)", json: #"{"role": "manager", "teamId": "\#(fixture.teams.head.lowercaseString)"}"#)
            // validate
            #expect(promoted.status == .ok && promoted["role"] == .string("manager"))
            #expect(try await api.send(.GET, "/api/v1/accounts/\(accountId)", as: "rep").status == .ok)

            // MUT: the settings page's form
            let changed = try await api.post("/settings/users/\(rep2)", form: [("_csrf", try await api.csrf()), ("role", "readOnly"),
                                                                              ("teamId", fixture.teams.north.lowercaseString), ("partnerId", "")])
            // validate
            #expect(changed.status == .seeOther)
            #expect(try await api.send(.POST, "/api/v1/accounts", as: "rep2", json: #"{"name": "Not allowed"}"#).status == .forbidden)
            let audit = try await AuditLog(database: fixture.database).entries(recordId: fixture.rep2.userId, tenantId: fixture.tenant.id)
            #expect(audit.first?.changes["role"]?["new"] == .string("readOnly"))
            #expect(audit.first?.changes["teamId"]?["new"] == .string(fixture.teams.north.lowercaseString))
            let settings = try await api.page("/settings")
            #expect(settings.text.contains("id=\"user-\(rep2)\""))

            // Refusals: a partner user needs an organisation; teams must be the tenant's.
            let partner = try await api.send(.PATCH, "/api/v1/users/\(rep)", json: #"{"role": "partner"}"#)
            #expect(partner.status == .unprocessableEntity && partner.errorFields == ["partnerId"])
            let team = try await api.send(.PATCH, "/api/v1/users/\(rep)", json: #"{"teamId": "\#(UUID().lowercaseString)"}"#)
            #expect(team.status == .unprocessableEntity && team.errorCodes == ["not_found"])
            #expect(try await api.send(.PATCH, "/api/v1/users/\(rep)", json: #"{"role": "boss"}"#).errorCodes == ["invalid_choice"])
            #expect(try await api.send(.PATCH, "/api/v1/users/\(UUID().lowercaseString)", json: #"{"active": true}"#).status == .notFound)
        }
    }

    @Test("Only administrators change users")
    func adminOnly() async throws {
        try await APITestContext.with { api in
            let rep = api.fixture.rep.userId.lowercaseString
            #expect(try await api.send(.PATCH, "/api/v1/users/\(rep)", as: "manager", json: #"{"active": false}"#).status == .forbidden)
            #expect(try await api.send(.PATCH, "/api/v1/users/\(rep)", as: "rep", json: #"{"role": "admin"}"#).status == .forbidden)
            let token = try await api.csrf(as: "manager")
            #expect(try await api.post("/settings/users/\(rep)/active", form: [("_csrf", token), ("active", "false")], as: "manager").status == .forbidden)
            #expect(try await api.send(.GET, "/api/v1/me", as: "rep")["role"] == .string("rep"))
        }
    }
}
