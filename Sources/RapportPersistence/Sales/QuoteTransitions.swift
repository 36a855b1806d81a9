import Foundation
import RapportDomain
import SQLKit

/// What can happen to a quote after it is drafted.
public enum QuoteAction: String, Sendable, CaseIterable {
    case submit, approve, reject, send, accept, decline

    /// The statuses the action starts from.
    var from: Set<String> {
        switch self {
        case .submit: ["draft"]
        case .approve, .reject: ["submitted"]
        case .send: ["approved"]
        case .accept, .decline: ["sent"]
        }
    }
}

extension EntityStore {
    public static let quoteExpiryJob = "quote.expire"

    /// Moves a quote on: submit (approved at once when within the tenant's rules, else to its
    /// approver), approve or reject (the approver or an admin, with a comment; a rejection needs one),
    /// send (and schedule its expiry), accept or decline. Each move is one audited update.
    public func transitionQuote(
        id: UUID, _ action: QuoteAction, comment: String?, expectedVersion: Int64?, principal: Principal
    ) async throws -> Record {
        let quoteEntity = try await entity(named: "quote", tenantId: principal.tenantId) ?? .quote
        return try await database.transaction { db in
            let quote: Record
            switch action {
            case .approve, .reject:
                // The approver reads the quote through a share and need not be able to change it otherwise.
                let scope = AccessScope(principal: principal, entity: quoteEntity, dialect: dialect)
                guard let found = try await fetch(quoteEntity, id: id, scope: scope, purpose: .read, forUpdate: true, on: db) else {
                    throw StoreError.notFound(entity: "quote")
                }
                guard principal.role == .admin || found["approverId"].idValue == principal.userId else {
                    throw StoreError.refused(Refusal(.approverOnly, "Only the quote's approver or an administrator decides on it."))
                }
                if let expectedVersion, expectedVersion != found.version { throw StoreError.versionMismatch(current: found.version) }
                quote = found
            default:
                quote = try await lockForWrite(quoteEntity, id: id, principal: principal, expectedVersion: expectedVersion, on: db)
            }
            let status = quote["status"].textValue ?? ""
            guard action.from.contains(status) else {
                throw StoreError.conflict(ValidationCode.invalidTransition.rawValue,
                    "A \(status) quote cannot be \(action.pastTense); that needs a \(action.from.sorted().joined(separator: " or ")) quote.")
            }
            var values: [String: FieldValue] = [:]
            switch action {
            case .submit:
                values = try await submission(of: quote, principal: principal, on: db)
            case .approve, .reject:
                let text = comment?.trimmed ?? ""
                if FieldDecoder.containsControlCharacters(text) || text.count > 2_000 {
                    throw StoreError.validation([FieldError(field: "comment", code: .invalidCharacter,
                                                            message: "The comment is text of at most 2,000 characters, without control characters.")])
                }
                if action == .reject && text.isEmpty {
                    throw StoreError.validation([FieldError(field: "comment", code: .required, message: "Say why the quote is rejected.")])
                }
                values = ["status": .text(action == .approve ? "approved" : "rejected"), "decisionComment": text.isEmpty ? .null : .text(text)]
            case .send:
                values = ["status": .text("sent")]
                try await scheduleExpiry(of: quote, tenantId: principal.tenantId, on: db)
            case .accept: values = ["status": .text("accepted")]
            case .decline: values = ["status": .text("declined")]
            }
            return try await update(quote, input: RecordInput(values: values), principal: principal, on: db)
        }
    }

    /// Within the rules the quote is approved at once; otherwise it goes to the named approver or
    /// the owner's manager, who is given read access to it.
    private func submission(of quote: Record, principal: Principal, on db: any SQLDatabase) async throws -> [String: FieldValue] {
        let lineCount = try await db.raw("""
            SELECT COUNT(*) AS n FROM document_lines WHERE tenant_id = \(bind: dialect.bind(principal.tenantId)) AND document_id = \(bind: dialect.bind(quote.id))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        guard lineCount > 0 else {
            throw StoreError.validation([FieldError(field: "lines", code: .required, message: "Add at least one line before submitting the quote.")])
        }
        let settings = try await SalesSettingsStore.settings(tenantId: principal.tenantId, dialect: dialect, on: db)
        let discount = quote["maxDiscountPercent"].decimalValue ?? 0
        let reasons = settings.approvalReasons(highestDiscount: discount, marginPercent: quote["marginPercent"].decimalValue)
        guard !reasons.isEmpty else { return ["status": .text("approved"), "approverId": .null] }
        guard let approver = try await approver(for: quote, settings: settings, tenantId: principal.tenantId, on: db) else {
            throw StoreError.conflict("no_approver", "This quote needs approval (\(reasons.joined(separator: "; "))) but the tenant has no approver: "
                + "name one in the sales settings or give the owner's team an active manager.")
        }
        try await grantRead(.quote, id: quote.id, to: approver, tenantId: principal.tenantId, on: db)
        return ["status": .text("submitted"), "approverId": .id(approver), "decisionComment": .text("Needs approval: " + reasons.joined(separator: "; ") + ".")]
    }

    /// The named approver if active; else the first active manager up the owner's team tree
    /// (not the owner); else the first active administrator.
    private func approver(for quote: Record, settings: SalesSettings, tenantId: UUID, on db: any SQLDatabase) async throws -> UUID? {
        let tenant = dialect.bind(tenantId)
        let users = try await db.raw("SELECT id, role, team_id, active FROM users WHERE tenant_id = \(bind: tenant) ORDER BY created_at, id").all()
            .map { (id: try codec.decodeID($0, "id"), role: try $0.decode(column: "role", as: String.self),
                    team: try codec.decodeID($0, "team_id"), active: try codec.decodeBool($0, "active")) }
            .filter(\.active)
        if let named = settings.approverId, users.contains(where: { $0.id == named }) { return named }
        let parents = Dictionary(uniqueKeysWithValues: try await db.raw("SELECT id, parent_id FROM teams WHERE tenant_id = \(bind: tenant)").all()
            .compactMap { row -> (UUID, UUID?)? in try codec.decodeID(row, "id").map { ($0, try codec.decodeID(row, "parent_id")) } })
        let owner = quote["ownerId"].idValue
        var team = quote["teamId"].idValue
        var visited = Set<UUID>()
        while let current = team, visited.insert(current).inserted {
            if let manager = users.first(where: { $0.role == Role.manager.rawValue && $0.team == current && $0.id != owner }) { return manager.id }
            team = parents[current] ?? nil
        }
        return users.first { $0.role == Role.admin.rawValue && $0.id != owner }?.id ?? users.first { $0.role == Role.admin.rawValue }?.id
    }

    /// A read share, unless the user already has one.
    func grantRead(_ entity: EntityDefinition, id: UUID, to userId: UUID, tenantId: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO record_shares (id, tenant_id, entity, record_id, user_id, can_edit, created_at)
            VALUES (\(bind: dialect.bind(UUID.timeOrdered())), \(bind: dialect.bind(tenantId)), \(bind: entity.name), \(bind: dialect.bind(id)),
            \(bind: dialect.bind(userId)), \(bind: dialect.bind(false)), \(bind: Timestamp.milliseconds(Date())))
            ON CONFLICT DO NOTHING
            """).run()
    }

    /// A job at the first instant after the quote's last valid day (UTC).
    private func scheduleExpiry(of quote: Record, tenantId: UUID, on db: any SQLDatabase) async throws {
        guard let validUntil = quote["validUntil"].dateValue else { return }
        let runAt = Date(timeIntervalSince1970: Double(validUntil.daysSince1970 + 1) * 86_400)
        try await JobQueue(database: database).enqueue(JobQueue.NewJob(
            kind: Self.quoteExpiryJob, tenantId: tenantId, payload: .object(JSONObject(["quoteId": .string(quote.id.lowercaseString)])),
            runAt: runAt, uniqueKey: "quote.expire:\(quote.id.lowercaseString)"), on: db)
    }

    /// Marks a quote expired when its last valid day has passed and no answer came. Run by the
    /// expiry job as the system, so it bypasses user scopes but stays within the tenant.
    public func expireQuote(id: UUID, tenantId: UUID, today: LocalDate) async throws -> Bool {
        let quoteEntity = try await entity(named: "quote", tenantId: tenantId) ?? .quote
        return try await database.transaction { db in
            let system = SystemActor.principal(tenantId: tenantId)
            let scope = AccessScope(principal: system, entity: quoteEntity, dialect: dialect)
            guard let quote = try await fetch(quoteEntity, id: id, scope: scope, purpose: .write, forUpdate: true, on: db),
                  ["submitted", "approved", "sent"].contains(quote["status"].textValue ?? ""),
                  let validUntil = quote["validUntil"].dateValue, validUntil < today else { return false }
            _ = try await update(quote, input: RecordInput(values: ["status": .text("expired")]), principal: system, on: db)
            return true
        }
    }
}

extension QuoteAction {
    var pastTense: String {
        switch self {
        case .submit: "submitted"
        case .approve: "approved"
        case .reject: "rejected"
        case .send: "sent"
        case .accept: "accepted"
        case .decline: "declined"
        }
    }
}

extension FieldValue {
    /// A `number` field's value as an exact decimal of its shortest text ("12.5"), for rules.
    var decimalValue: Decimal? {
        guard case .number(let double) = self else { return nil }
        return Decimal.exact("\(double)")
    }
}
