import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor

@Suite("Settings pages", .serialized)
struct SettingsPageTests {
    @Test("A custom field added in settings appears at once in forms, lists, filters and exports")
    func customFieldEverywhere() async throws {
        try await APITestContext.with { context in
            let token = try await context.csrf()
            let added = try await context.post("/settings/custom-fields", form: [("_csrf", token), ("entity", "account"), ("label", "Fleet size"),
                                                                               ("key", "fleetSize"), ("type", "number")])
            #expect(added.status == .seeOther)
            #expect(try await context.page("/settings").text.contains("custom.fleetSize"))
            let form = try await context.page("/accounts/new")
            #expect(form.text.contains("name=\"custom.fleetSize\""))
            let created = try await context.post("/accounts", form: [("_csrf", token), ("name", "Big Fleet Ltd"), ("custom.fleetSize", "120")])
            #expect(created.status == .seeOther)
            _ = try await context.post("/accounts", form: [("_csrf", token), ("name", "Small Fleet Ltd"), ("custom.fleetSize", "3")])
            let list = try await context.page("/accounts?filter%5Bcustom.fleetSize%5D%5Bgte%5D=100&cols=name,custom.fleetSize")
            #expect(list.text.contains("name=\"filter[custom.fleetSize][gte]\""))
            #expect(list.text.contains("Big Fleet Ltd"))
            #expect(!list.text.contains("Small Fleet Ltd"))
            let csv = try await context.page("/accounts/export.csv?filter%5Bcustom.fleetSize%5D%5Bgte%5D=100&cols=name,custom.fleetSize")
            #expect(csv.text.contains("Fleet size"))
            #expect(csv.text.contains("Big Fleet Ltd,120"))
            let bad = try await context.post("/settings/custom-fields", form: [("_csrf", token), ("entity", "account"), ("label", "Broken"),
                                                                             ("key", "broken"), ("type", "choice")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("field-error"))
        }
    }

    @Test("Only administrators reach settings; the lead rule, teams, partners and users are managed there")
    func adminOnly() async throws {
        try await APITestContext.with { context in
            #expect(try await context.page("/settings", as: "manager").status == .forbidden)
            #expect(try await context.post("/settings/partners", form: [("_csrf", try await context.csrf(as: "manager")), ("name", "Sneaky")], as: "manager").status == .forbidden)
            let token = try await context.csrf()
            #expect(try await context.post("/settings/lead-rule", form: [("_csrf", token), ("days", "3")]).status == .seeOther)
            #expect(try await Directory(database: context.fixture.database).tenant(id: context.fixture.tenant.id)?.leadResponseDays == 3)
            #expect(try await context.post("/settings/lead-rule", form: [("_csrf", token), ("days", "0")]).status == .unprocessableEntity)
            #expect(try await context.post("/settings/partners", form: [("_csrf", token), ("name", "Harbour Resellers")]).status == .seeOther)
            #expect(try await context.post("/settings/teams", form: [("_csrf", token), ("name", "East branch"),
                                                                     ("parentId", context.fixture.teams.head.lowercaseString)]).status == .seeOther)
            let email = "new-\(UUID().uuidString.prefix(6).lowercased())@example.com"
            #expect(try await context.post("/settings/users", form: [("_csrf", token), ("name", "New Rep"), ("email", email), ("role", "rep"),
                                                                     ("teamId", context.fixture.teams.north.lowercaseString), ("password", "long enough password")]).status == .seeOther)
            let page = try await context.page("/settings")
            #expect(page.text.contains("Harbour Resellers") && page.text.contains("East branch") && page.text.contains(email))
            #expect(try await context.post("/settings/users", form: [("_csrf", token), ("name", "Short"), ("email", "short@example.com"),
                                                                     ("role", "rep"), ("password", "short")]).status == .unprocessableEntity)
        }
    }
}

@Suite("Saved views", .serialized)
struct SavedViewPageTests {
    @Test("A view is saved for me, or shared with my team; a member of another team does not see it")
    func personalAndShared() async throws {
        try await APITestContext.with { context in
            let query = "filter%5Bindustry%5D%5Bcontains%5D=Steel&sort=name"
            let token = try await context.csrf(as: "rep")
            #expect(try await context.post("/accounts/views", form: [("_csrf", token), ("name", "Mine only"), ("query", query)], as: "rep").status == .seeOther)
            #expect(try await context.post("/accounts/views", form: [("_csrf", token), ("name", "For the team"), ("query", query), ("shared", "on")], as: "rep").status == .seeOther)
            let mine = try await context.page("/accounts", as: "rep")
            #expect(mine.text.contains("Mine only") && mine.text.contains("For the team"))
            #expect(mine.text.contains("href=\"/accounts?filter%5Bindustry%5D%5Bcontains%5D=Steel&amp;sort=name\""))
            // readOnly is in the rep's team (North); rep2 is in South.
            let teammate = try await context.page("/accounts", as: "readOnly")
            #expect(teammate.text.contains("For the team") && !teammate.text.contains("Mine only"))
            #expect(!(try await context.page("/accounts", as: "rep2")).text.contains("For the team"))
        }
    }
}
