import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// A tenant that names its approver: the quote goes to that person's queue, not to the owner's
/// manager, through the API and the pages.
@Suite("Named quote approver", .serialized)
struct QuoteApproverTests {
    @Test("Over the limit, the quote waits in the named approver's queue (not the owner's manager's); the manager is refused, the approver approves")
    func namedApprover() async throws {
        try await APITestContext.with { base in
            // setup: a controller who manages South; the quote's owner (rep) is in North, under Head office's manager.
            let fixture = base.fixture
            let directory = Directory(database: fixture.database)
            let user = try await directory.addUser(.init(email: "controller-\(UUID().lowercaseString.prefix(8))@example.com", name: "Controller",
                                                         passwordHash: "x", role: .manager, teamId: fixture.teams.south), tenantId: fixture.tenant.id)
            let issued = TokenAuthenticator.newToken()
            _ = try await TokenStore(database: fixture.database).insert(
                tokenHash: issued.hash, prefix: issued.prefix, kind: .apiKey, name: "test", user: user, expiresAt: nil)
            let context = APITestContext(app: base.app, fixture: fixture, tokens: base.tokens.merging(["controller": issued.token]) { $1 })
            let setup = try await context.quoteSetup(discountLimit: 10)
            let controller = user.id.lowercaseString
            let named = try await context.send(.PATCH, "/api/v1/settings/sales", as: "admin", json: #"{"approverId": "\#(controller)"}"#)
            #expect(named.status == .ok && named["approverId"] == .string(controller))
            let path = "/api/v1/quotes/\(setup.quote.id.lowercaseString)"
            _ = try await context.send(.PUT, path + "/lines", as: "rep", json: """
                {"lines": [{"productId": "\(setup.laptop)", "quantity": 1, "discountPercent": 20}]}
                """)

            // MUT
            let submitted = try await context.send(.POST, path + "/submit", as: "rep")
            let controllerQueue = try await context.page("/quotes/approvals", as: "controller")
            let managerQueue = try await context.page("/quotes/approvals", as: "manager")
            let byManager = try await context.send(.POST, path + "/approve", as: "manager", json: #"{"comment": "Fine by me"}"#)
            let read = try await context.send(.GET, path, as: "controller")
            let approved = try await context.send(.POST, path + "/approve", as: "controller", json: #"{"comment": "Within the regional budget"}"#)
            let emptied = try await context.page("/quotes/approvals", as: "controller")

            // validate
            #expect(submitted["status"] == .string("submitted") && submitted["approverId"] == .string(controller))
            let link = "href=\"/quotes/\(setup.quote.id.lowercaseString)\""
            #expect(controllerQueue.status == .ok && controllerQueue.text.contains(link), "\(controllerQueue.text)")
            #expect(controllerQueue.text.contains("20% is above the 10% limit"))
            #expect(managerQueue.status == .ok && !managerQueue.text.contains(link), "the owner's manager is not the approver")
            #expect(byManager.status == .forbidden && byManager["code"] == .string("approver_only"))
            #expect(read.status == .ok && read["status"] == .string("submitted"), "the submission shares the quote with its approver")
            #expect(approved.status == .ok && approved["status"] == .string("approved"))
            #expect(approved["decisionComment"] == .string("Within the regional budget"))
            #expect(!emptied.text.contains(link))
            let audit = try await AuditLog(database: fixture.database).entries(recordId: setup.quote.id, tenantId: fixture.tenant.id)
            let decision = try #require(audit.first)
            #expect(decision.actorId == user.id && decision.changes["status"]?["new"] == .string("approved"))
            #expect(decision.changes["decisionComment"]?["new"] == .string("Within the regional budget"))
            #expect(!audit.contains { $0.actorId == fixture.manager.userId })
        }
    }
}
