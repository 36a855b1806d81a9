import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing

/// Sales expenses: what a new or decided expense may be, who decides on it, and a won deal's
/// cost of sale against a sum computed here from the raw amounts and rates.
@Suite("Expenses")
struct ExpenseTests {
    static func expense(
        _ fixture: TenantFixture, amount: String = "120.00", currency: String = "USD", spentOn: String = "2026-01-10",
        link: String, as principal: Principal
    ) async throws -> Record {
        try await fixture.create("expense", """
            {"name": "Client dinner", "category": "meals", "amount": {"amount": "\(amount)", "currency": "\(currency)"},
             "spentOn": "\(spentOn)", \(link)}
            """, as: principal)
    }

    static func fieldErrors(_ body: () async throws -> Void) async -> [String: String] {
        do {
            try await body()
            return [:]
        } catch StoreError.validation(let errors) {
            return Dictionary(errors.map { ($0.field, $0.code) }) { first, _ in first }
        } catch {
            return ["unexpected": String(describing: error)]
        }
    }

    @Test("A new expense is submitted whatever it says, is for more than 0, is linked, takes its deal's account, and is fixed once decided")
    func rules() async throws {
        // setup
        let fixture = try await TenantFixture.make("expense")
        let account = try await fixture.create("account", #"{"name": "Acme"}"#, as: fixture.rep)
        let deal = try await fixture.create("opportunity", """
            {"name": "Fleet", "accountId": "\(account.id)", "stageId": "\(try await fixture.stage())"}
            """, as: fixture.rep)
        let entity = try #require(try await fixture.store.entity(named: "expense", tenantId: fixture.tenant.id))
        // MUT
        let sneaky = try await fixture.store.create(entity, input: RecordInput(values: [
            "name": .text("Taxi"), "amount": .money(Money(amount: 30, currency: CurrencyCode("USD")!)), "spentOn": .date(LocalDate(iso: "2026-01-02")!),
            "accountId": .id(account.id), "status": .text("approved"),
        ]), principal: fixture.rep)
        let zero = await Self.fieldErrors { _ = try await Self.expense(fixture, amount: "0", link: #""accountId": "\#(account.id)""#, as: fixture.rep) }
        let unlinked = await Self.fieldErrors { _ = try await Self.expense(fixture, link: #""note": "nowhere""#, as: fixture.rep) }
        let onDeal = try await Self.expense(fixture, link: #""opportunityId": "\#(deal.id)""#, as: fixture.rep)
        let approved = try await fixture.store.decideExpense(id: onDeal.id, .approve, comment: nil, expectedVersion: nil, principal: fixture.manager)
        let locked = await Self.fieldErrors {
            _ = try await fixture.store.update(entity, id: onDeal.id, input: RecordInput(values: ["amount": .money(Money(amount: 1, currency: CurrencyCode("USD")!))]),
                                               principal: fixture.rep, expectedVersion: nil)
        }
        let editable = try await fixture.store.update(entity, id: sneaky.id, input: RecordInput(values: ["note": .text("Airport")]),
                                                      principal: fixture.rep, expectedVersion: nil)
        // validate
        #expect(sneaky["status"] == .text("submitted"))
        #expect(zero == ["amount": "not_positive"])
        #expect(unlinked == ["accountId": "link_required"])
        #expect(onDeal["accountId"] == .id(account.id) && onDeal["status"] == .text("submitted"))
        #expect(approved["status"] == .text("approved") && approved["approverId"] == .id(fixture.manager.userId) && approved["decidedAt"].timestampValue != nil)
        #expect(locked == ["amount": "expense_locked"])
        #expect(editable["note"] == .text("Airport"))
    }

    @Test("The owner's manager or an admin decides, never the owner; a rejection needs a comment; a decision is made once and audited")
    func whoDecides() async throws {
        // setup
        let fixture = try await TenantFixture.make("expense")
        let account = try await fixture.create("account", #"{"name": "Acme"}"#, as: fixture.admin)
        let link = #""accountId": "\#(account.id)""#
        let repExpense = try await Self.expense(fixture, link: link, as: fixture.rep)
        let managerExpense = try await Self.expense(fixture, link: link, as: fixture.manager)
        let store = fixture.store
        func outcome(_ body: () async throws -> Void) async -> String {
            do { try await body(); return "allowed" }
            catch StoreError.forbidden { return "forbidden" }
            catch StoreError.notFound { return "notFound" }
            catch StoreError.validation(let errors) { return errors.map(\.code).joined(separator: ",") }
            catch StoreError.conflict(let code, _) { return code }
            catch { return "\(error)" }
        }
        // MUT
        let byOwner = await outcome { _ = try await store.decideExpense(id: repExpense.id, .approve, comment: nil, expectedVersion: nil, principal: fixture.rep) }
        let byOtherRep = await outcome { _ = try await store.decideExpense(id: repExpense.id, .approve, comment: nil, expectedVersion: nil, principal: fixture.rep2) }
        let managerOwn = await outcome {
            _ = try await store.decideExpense(id: managerExpense.id, .approve, comment: nil, expectedVersion: nil, principal: fixture.manager)
        }
        let noReason = await outcome { _ = try await store.decideExpense(id: repExpense.id, .reject, comment: " ", expectedVersion: nil, principal: fixture.manager) }
        let rejected = try await store.decideExpense(id: repExpense.id, .reject, comment: "No receipt", expectedVersion: nil, principal: fixture.manager)
        let again = await outcome { _ = try await store.decideExpense(id: repExpense.id, .approve, comment: nil, expectedVersion: nil, principal: fixture.admin) }
        let byAdmin = try await store.decideExpense(id: managerExpense.id, .approve, comment: "Fine", expectedVersion: nil, principal: fixture.admin)
        // validate
        #expect(byOwner == "forbidden")
        #expect(byOtherRep == "notFound")
        #expect(managerOwn == "forbidden")
        #expect(noReason == "required")
        #expect(rejected["status"] == .text("rejected") && rejected["decisionComment"] == .text("No receipt"))
        #expect(again == "invalid_transition")
        #expect(byAdmin["status"] == .text("approved") && byAdmin["approverId"] == .id(fixture.admin.userId))
        #expect(EntityStore.mayDecide(repExpense, principal: fixture.manager) && !EntityStore.mayDecide(repExpense, principal: fixture.rep))
        let audit = try await AuditLog(database: fixture.database).entries(recordId: repExpense.id, tenantId: fixture.tenant.id)
        #expect(audit.first?.action == "update" && audit.first?.actorId == fixture.manager.userId)
    }

    @Test("A won deal's cost of sale is its approved expenses, each converted at the rate of its day, and the margin is what the deal leaves")
    func costOfSale() async throws {
        // setup
        let fixture = try await TenantFixture.make("expense")
        try await ExchangeRateStore(database: fixture.database).upsert([
            .init(currency: "EUR", date: "2026-01-01", rate: Decimal.exact("1.1")!),
            .init(currency: "EUR", date: "2026-01-14", rate: Decimal.exact("1.2")!),
        ], tenantId: fixture.tenant.id, by: fixture.admin.userId)
        let account = try await fixture.create("account", #"{"name": "Acme"}"#, as: fixture.rep)
        let won = try await fixture.create("opportunity", """
            {"name": "Fleet", "accountId": "\(account.id)", "stageId": "\(try await fixture.stage(named: "Won"))",
             "amount": {"amount": "10000", "currency": "EUR"}}
            """, as: fixture.rep)
        let other = try await fixture.create("opportunity", #"{"name": "Other", "stageId": "\#(try await fixture.stage())"}"#, as: fixture.rep)
        let raw: [(amount: String, currency: String, day: String, decision: ExpenseDecision?, deal: UUID)] = [
            ("100.00", "USD", "2026-01-10", .approve, won.id),
            ("200.00", "EUR", "2026-01-15", .approve, won.id),
            ("50.55", "EUR", "2026-01-13", .approve, won.id),
            ("999.00", "USD", "2026-01-13", nil, won.id),
            ("70.00", "USD", "2026-01-13", .reject, won.id),
            ("80.00", "USD", "2026-01-13", .approve, other.id),
        ]
        for item in raw {
            let expense = try await Self.expense(fixture, amount: item.amount, currency: item.currency, spentOn: item.day,
                                                 link: #""opportunityId": "\#(item.deal)""#, as: fixture.rep)
            if let decision = item.decision {
                _ = try await fixture.store.decideExpense(id: expense.id, decision, comment: "ok", expectedVersion: nil, principal: fixture.manager)
            }
        }
        // Independently: each approved expense of the deal in USD, rounded to cents, then added up.
        func rate(_ currency: String, _ day: String) -> Decimal { currency == "USD" ? 1 : day >= "2026-01-14" ? Decimal.exact("1.2")! : Decimal.exact("1.1")! }
        var expected: Decimal = 0
        for item in raw where item.decision == .approve && item.deal == won.id {
            expected += (Decimal.exact(item.amount)! * rate(item.currency, item.day)).roundedHalfAwayFromZero(toPlaces: 2)
        }
        // MUT
        let cost = try await fixture.store.costOfSale(opportunityId: won.id, principal: fixture.manager)
        let hidden = await Self.fieldErrors { _ = try await fixture.store.costOfSale(opportunityId: won.id, principal: fixture.rep2) }
        // validate
        #expect(expected == Decimal.exact("395.61")!)
        #expect(cost.cost == Money(amount: expected, currency: CurrencyCode("USD")!))
        #expect(cost.expenseCount == 3 && cost.status == "won" && cost.missing.isEmpty)
        #expect(cost.dealAmount == Money(amount: 12_000, currency: CurrencyCode("USD")!))
        #expect(cost.margin == Money(amount: 12_000 - expected, currency: CurrencyCode("USD")!))
        #expect(hidden["unexpected"]?.contains("notFound") == true)
    }
}
