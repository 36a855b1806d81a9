import Foundation
import RapportDomain
import RapportTestSupport
import Testing
import Vapor

@Suite("List pages after a bulk action", .serialized)
struct ListBulkDonePageTests {
    @Test("The list a bulk action returns to (?changed=N) shows the count and keeps its search and filters")
    func backFromBulk() async throws {
        try await APITestContext.with { context in
            // setup
            let fixture = context.fixture
            for name in ["Ada Vireo", "Charles Vireo", "Grace Hopper"] {
                _ = try await fixture.create("contact", #"{"name": "\#(name)"}"#, as: fixture.rep)
            }
            // MUT
            let reply = try await context.page("/contacts?filter%5Bname%5D%5Bcontains%5D=Vireo&sort=name&changed=2", as: "rep")
            // validate
            #expect(reply.status == .ok)
            #expect(reply.text.contains("<p class=\"flash\" role=\"status\">2 records changed.</p>"))
            #expect(!reply.text.contains("role=\"alert\""), "no problem with the list's address")
            let names = reply.text.matches(of: /<td><a href="\/contacts\/[0-9a-f-]{36}">([^<]*)<\/a><\/td>/).map { String($0.output.1) }
            #expect(names == ["Ada Vireo", "Charles Vireo"])
        }
    }
}
