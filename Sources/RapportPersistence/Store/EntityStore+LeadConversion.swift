import Foundation
import RapportDomain
import SQLKit

extension EntityStore {
    public struct ConversionRequest: Sendable {
        /// Use this account instead of matching or creating one.
        public var accountId: UUID?
        /// Use this contact instead of matching or creating one.
        public var contactId: UUID?
        public var createOpportunity = true
        public var opportunityName: String?
        public var stageId: UUID?
        public var amount: Money?

        public init() {}
    }

    public struct Conversion: Sendable {
        public let lead: Record
        public let account: Record
        public let contact: Record
        public let opportunity: Record?
        public let matchedAccount: Bool
        public let matchedContact: Bool
        /// The lead's owner was deactivated, so the records this conversion created belong to the converting user.
        public let ownerReplaced: Bool
    }

    /// Turns a lead into an account, a contact and an opportunity in one transaction,
    /// reusing an account with the same company name and a contact with the same
    /// e-mail or phone that the user can see, rather than duplicating them.
    public func convertLead(id: UUID, request: ConversionRequest, principal: Principal) async throws -> Conversion {
        let catalog = try await customFields.catalog(for: principal.tenantId)
        guard let leads = catalog.entity(named: "lead"), let accounts = catalog.entity(named: "account"),
              let contacts = catalog.entity(named: "contact"), let opportunities = catalog.entity(named: "opportunity") else {
            throw StoreError.badRequest("catalog", "Entities are missing.")
        }
        return try await database.transaction { db in
            let lead = try await lockForWrite(leads, id: id, principal: principal, expectedVersion: nil, on: db)
            if lead["status"] == .text("converted") {
                throw StoreError.conflict("already_converted", "This lead was converted already.")
            }
            let ownerReplaced = try await ownerIsDeactivated(lead, principal: principal, on: db)
            let owner = ownerReplaced ? .id(principal.userId) : lead["ownerId"]
            let company = Self.companyName(of: lead)
            let matches = try await findMatches(lead, accounts: accounts, contacts: contacts, principal: principal, on: db)

            var account: Record
            var matchedAccount = true
            if let accountId = request.accountId {
                account = try await chosen(accounts, id: accountId, field: "accountId", principal: principal, on: db)
            } else if let found = matches.account {
                account = found
            } else {
                matchedAccount = false
                var input = RecordInput()
                input["name"] = .text(company)
                input["ownerId"] = owner
                if !lead["partnerId"].isNull { input["partnerId"] = lead["partnerId"] }
                account = try await create(accounts, input: input, principal: principal, on: db)
            }

            let email = lead["email"].textValue
            let phone = lead["phone"].textValue
            var contact: Record
            var matchedContact = true
            if let contactId = request.contactId {
                contact = try await chosen(contacts, id: contactId, field: "contactId", principal: principal, on: db)
            } else if let found = matches.contact {
                contact = found
            } else {
                matchedContact = false
                var input = RecordInput()
                input["name"] = lead["name"]
                input["accountId"] = .id(account.id)
                input["ownerId"] = owner
                if let email { input["emails"] = .list([email]) }
                if let phone { input["phones"] = .list([phone]) }
                if !lead["partnerId"].isNull { input["partnerId"] = lead["partnerId"] }
                contact = try await create(contacts, input: input, principal: principal, on: db)
            }

            var opportunity: Record?
            if request.createOpportunity {
                var input = RecordInput()
                input["name"] = .text(request.opportunityName ?? "\(company) – \(lead["name"].textValue ?? "")")
                input["accountId"] = .id(account.id)
                input["primaryContactId"] = .id(contact.id)
                input["ownerId"] = owner
                input["stageId"] = .id(try await firstStage(request.stageId, principal: principal, on: db))
                if let amount = request.amount { input["amount"] = .money(amount) }
                if !lead["partnerId"].isNull { input["partnerId"] = lead["partnerId"] }
                opportunity = try await create(opportunities, input: input, principal: principal, on: db)
            }

            var leadChange = RecordInput()
            leadChange["status"] = .text("converted")
            leadChange["convertedAccountId"] = .id(account.id)
            leadChange["convertedContactId"] = .id(contact.id)
            leadChange["convertedOpportunityId"] = opportunity.map { .id($0.id) } ?? .null
            let converted = try await update(lead, input: leadChange, principal: principal, on: db)
            return Conversion(lead: converted, account: account, contact: contact, opportunity: opportunity,
                              matchedAccount: matchedAccount, matchedContact: matchedContact, ownerReplaced: ownerReplaced)
        }
    }

    /// The account and contact a conversion would reuse, shown before the user converts.
    public struct ConversionMatches: Sendable {
        public let lead: Record
        public let account: Record?
        public let contact: Record?
        /// The lead's owner is deactivated: the records the conversion creates will belong to the converting user.
        public let ownerDeactivated: Bool
    }

    public func conversionMatches(leadId: UUID, principal: Principal) async throws -> ConversionMatches {
        let catalog = try await customFields.catalog(for: principal.tenantId)
        guard let leads = catalog.entity(named: "lead"), let accounts = catalog.entity(named: "account"),
              let contacts = catalog.entity(named: "contact") else {
            throw StoreError.badRequest("catalog", "Entities are missing.")
        }
        return try await database.withConnection { db in
            guard let lead = try await fetch(leads, id: leadId, scope: self.scope(leads, principal), purpose: .read, on: db) else {
                throw StoreError.notFound(entity: "lead")
            }
            let found = try await findMatches(lead, accounts: accounts, contacts: contacts, principal: principal, on: db)
            return ConversionMatches(lead: lead, account: found.account, contact: found.contact,
                                     ownerDeactivated: try await ownerIsDeactivated(lead, principal: principal, on: db))
        }
    }

    /// A deactivated user is given no records, so converting their lead hands the new records to
    /// whoever converts it (as a departed rep's work is taken over) instead of refusing.
    private func ownerIsDeactivated(_ lead: Record, principal: Principal, on db: any SQLDatabase) async throws -> Bool {
        guard let ownerId = lead["ownerId"].idValue else { return false }
        let row = try await db.raw("""
            SELECT active FROM users WHERE id = \(bind: dialect.bind(ownerId)) AND tenant_id = \(bind: dialect.bind(principal.tenantId))
            """).first()
        guard let row else { return false }
        return try !codec.decodeBool(row, "active")
    }

    static func companyName(of lead: Record) -> String {
        lead["company"].textValue.flatMap { $0.isEmpty ? nil : $0 } ?? lead["name"].textValue ?? "Unnamed"
    }

    /// One rule for both preview and conversion: the account by company name, the contact by e-mail, then by phone.
    private func findMatches(
        _ lead: Record, accounts: EntityDefinition, contacts: EntityDefinition, principal: Principal, on db: any SQLDatabase
    ) async throws -> (account: Record?, contact: Record?) {
        let company = Self.companyName(of: lead)
        let account = try await match(accounts, text: company, principal: principal, on: db, where: { record in
            fold(record["name"].textValue) == fold(company)
        })
        let contact = try await matchContact(contacts, email: lead["email"].textValue, phone: lead["phone"].textValue, principal: principal, on: db)
        return (account, contact)
    }

    private func scope(_ entity: EntityDefinition, _ principal: Principal) -> AccessScope {
        AccessScope(principal: principal, entity: entity, dialect: dialect)
    }

    /// The record the user named for the conversion, if they may see it.
    private func chosen(
        _ entity: EntityDefinition, id: UUID, field: String, principal: Principal, on db: any SQLDatabase
    ) async throws -> Record {
        guard let found = try await fetch(entity, id: id, scope: scope(entity, principal), purpose: .read, on: db) else {
            throw StoreError.validation([FieldError(field: field, code: "not_found", message: "No \(entity.name) with this id.")])
        }
        return found
    }

    private func fold(_ text: String?) -> String {
        (text ?? "").trimmed.lowercased()
    }

    /// Search candidates through the scope, then keep the first exact match.
    private func match(
        _ entity: EntityDefinition, text: String, principal: Principal, on db: any SQLDatabase, where accept: (Record) -> Bool
    ) async throws -> Record? {
        var request = ListRequest()
        request.search = text
        request.limit = 50
        let builder = ListQueryBuilder(entity: entity, request: request, scope: scope(entity, principal), codec: codec)
        let reader = RecordReader(entity: entity, codec: codec)
        let candidates = try await db.raw(builder.pageQuery(select: reader.selectList, cursor: nil)).all().map(reader.decode)
        return candidates.first(where: accept)
    }

    private func matchContact(_ entity: EntityDefinition, email: String?, phone: String?, principal: Principal, on db: any SQLDatabase) async throws -> Record? {
        if let email, let found = try await match(entity, text: email, principal: principal, on: db, where: { record in
            (record["emails"].listValue ?? []).contains { fold($0) == fold(email) }
        }) { return found }
        let digits = { (text: String) in text.filter(\.isNumber) }
        if let phone, digits(phone).count >= 5, let found = try await match(entity, text: digits(phone), principal: principal, on: db, where: { record in
            (record["phones"].listValue ?? []).contains { digits($0).hasSuffix(digits(phone)) || digits(phone).hasSuffix(digits($0)) }
        }) { return found }
        return nil
    }

    private func firstStage(_ requested: UUID?, principal: Principal, on db: any SQLDatabase) async throws -> UUID {
        if let requested { return requested }
        let row = try await db.raw("""
            SELECT s.id FROM stages s JOIN pipelines p ON p.id = s.pipeline_id
            WHERE s.tenant_id = \(bind: dialect.bind(principal.tenantId)) AND s.kind = 'open'
            ORDER BY p.is_default DESC, p.position, s.position LIMIT 1
            """).first()
        guard let row, let id = try codec.decodeID(row, "id") else {
            throw StoreError.validation([FieldError(field: "stageId", code: "not_found", message: "The tenant has no open stage.")])
        }
        return id
    }
}
