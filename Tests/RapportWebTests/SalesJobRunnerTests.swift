import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
import Vapor
@testable import RapportWeb

/// The sales jobs as a server runs them: the server's own runner, with the handlers
/// `buildApplication` registers, claims the jobs that the API's writes scheduled.
@Suite("Sales jobs run by the server", .serialized)
struct SalesJobRunnerTests {
    static var today: LocalDate { LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400)) }

    /// The tenant's only job of `kind`, once it has finished.
    static func finished(_ kind: String, _ context: APITestContext) async throws -> JobQueue.Job? {
        let queue = context.app.jobs.queue, tenant = context.fixture.tenant.id
        var job: JobQueue.Job?
        _ = try await JobRunnerTests.eventually(within: .seconds(20)) {
            context.app.jobs.wake()
            job = try await queue.list(tenantId: tenant).jobs.first { $0.kind == kind && $0.state.isFinished }
            return job != nil
        }
        return job
    }

    @Test("A sent quote whose last valid day has passed is expired by the server's runner, as the system, audited")
    func quoteExpires() async throws {
        try await APITestContext.with { context in
            // setup: a quote valid until three days ago, within the rules, sent.
            let setup = try await context.quoteSetup()
            let path = "/api/v1/quotes/\(setup.quote.id.lowercaseString)"
            let lastDay = LocalDate(daysSince1970: Self.today.daysSince1970 - 3)
            let dated = try await context.send(.PATCH, path, as: "rep", json: #"{"validUntil": "\#(lastDay)"}"#)
            #expect(dated.status == .ok, "\(dated.text)")
            _ = try await context.send(.PUT, path + "/lines", as: "rep", json: #"{"lines": [{"productId": "\#(setup.laptop)", "quantity": 1}]}"#)
            #expect(try await context.send(.POST, path + "/submit", as: "rep")["status"] == .string("approved"))
            #expect(try await context.send(.POST, path + "/send", as: "rep")["status"] == .string("sent"))

            // MUT
            try await context.app.asyncBoot()
            let job = try #require(try await Self.finished(EntityStore.quoteExpiryJob, context))

            // validate
            #expect(job.state == .done && job.attempts == 1 && job.result == .object(JSONObject(["expired": .bool(true)])))
            #expect(job.runAt == Date(timeIntervalSince1970: Double(lastDay.daysSince1970 + 1) * 86_400))
            let quote = try await context.send(.GET, path, as: "rep")
            #expect(quote["status"] == .string("expired"))
            let entry = try #require(try await AuditLog(database: context.fixture.database)
                .entries(recordId: setup.quote.id, tenantId: context.fixture.tenant.id).first)
            #expect(entry.actorId == SystemActor.id)
            #expect(entry.changes["status"]?["old"] == .string("sent") && entry.changes["status"]?["new"] == .string("expired"))
        }
    }

    @Test("An issued invoice past its due date and unpaid gives its owner exactly one overdue task, even when the job runs twice")
    func invoiceOverdue() async throws {
        try await APITestContext.with { context in
            // setup: issued 45 days ago on 30 days' terms, so due 15 days ago, nothing paid.
            let fixture = context.fixture
            let account = try await fixture.create("account", #"{"name": "Harbour Logistics"}"#, as: fixture.rep)
            let issueDay = LocalDate(daysSince1970: Self.today.daysSince1970 - 45)
            let draft = try await context.send(.POST, "/api/v1/invoices", as: "rep", json: """
                {"name": "Consulting", "accountId": "\(account.id)", "issueDate": "\(issueDay)", "currency": "EUR"}
                """)
            let id = try #require(draft["id"]?.stringValue, "\(draft.text)")
            let lines = try await context.send(.PUT, "/api/v1/invoices/\(id)/lines", as: "rep",
                                               json: #"{"lines": [{"description": "Workshop", "quantity": 2, "unitPrice": "150", "taxRatePercent": 0}]}"#)
            #expect(lines.status == .ok, "\(lines.text)")
            let issued = try await context.send(.POST, "/api/v1/invoices/\(id)/issue", as: "rep")
            let dueDate = LocalDate(daysSince1970: issueDay.daysSince1970 + 30)
            #expect(issued["dueDate"] == .string(dueDate.description) && issued["balance"]?["amount"] == .string("300.00"), "\(issued.text)")
            let number = try #require(issued["number"]?.stringValue)

            // MUT
            try await context.app.asyncBoot()
            let first = try #require(try await Self.finished(EntityStore.invoiceOverdueJob, context))
            // The queue delivers at least once: the same reminder run again must add nothing.
            let again = try await context.app.jobs.queue.enqueue(kind: first.kind, tenantId: fixture.tenant.id, payload: first.payload)
            context.app.jobs.wake()
            _ = try await JobRunnerTests.eventually(within: .seconds(20)) {
                try await context.app.jobs.queue.get(id: again.id, tenantId: fixture.tenant.id)?.state.isFinished == true
            }

            // validate
            #expect(first.state == .done && first.result == .object(JSONObject(["reminder": .string("created")])))
            let rerun = try await context.app.jobs.queue.get(id: again.id, tenantId: fixture.tenant.id)
            #expect(rerun?.state == .done && rerun?.result == .object(JSONObject(["reminder": .string("alreadyCreated")])))
            let tasks = try await fixture.store.list(.activity, request: ListRequest(.activity, where: [("relatedId", .eq, [.id(account.id)])]),
                                                     principal: fixture.admin).records
            #expect(tasks.count == 1)
            let task = try #require(tasks.first)
            #expect(task["type"] == .text("task") && task["done"] == .bool(false))
            #expect(task["ownerId"] == .id(fixture.rep.userId))
            #expect(task["subject"] == .text("Invoice \(number) is overdue: 300.00 EUR unpaid since \(dueDate)"))
            #expect(task["dueAt"] == .timestamp(Date(timeIntervalSince1970: Double(dueDate.daysSince1970 + 1) * 86_400)))
        }
    }
}
