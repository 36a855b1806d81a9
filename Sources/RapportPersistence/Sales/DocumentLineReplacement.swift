import Foundation
import RapportDomain
import SQLKit

/// The lines a draft document was given, with the totals computed from them and the lines they replaced.
struct ReplacedLines: Sendable {
    let totals: DocumentTotals
    let lines: [StoredLine]
    let before: [StoredLine]
}

extension EntityStore {
    /// Prices `inputs` for `document` (which the caller has locked), checks them and any totals the
    /// client sent, and replaces the document's lines. Throws every field error at once and writes
    /// nothing when there is one. Quotes and orders set their lines this one way.
    func replaceLines(
        of document: Record, with inputs: [QuoteLineInput], sent: SentTotals, principal: Principal, on db: any SQLDatabase
    ) async throws -> ReplacedLines {
        let priced = try await priceLines(inputs, for: document, principal: principal, on: db)
        let currency = document.currency
        var errors = priced.errors + DocumentArithmetic.validate(priced.lines.map(\.line), in: currency)
        let totals = DocumentArithmetic.totals(of: priced.lines.map(\.line), in: currency)
        errors += totals.mismatches(subtotal: sent.subtotal, tax: sent.tax, total: sent.total)
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        let stored = priced.lines.enumerated().map { position, line in
            StoredLine(id: .timeOrdered(), position: position + 1, productId: line.productId, description: line.description,
                       line: line.line, amounts: totals.lines[position], sourceLineId: nil)
        }
        let table = DocumentLineTable(dialect: dialect)
        let before = try await table.lines(of: document.id, tenantId: principal.tenantId, currency: currency, on: db)
        try await table.replace(document.entity.name, documentId: document.id, tenantId: principal.tenantId, with: stored, on: db)
        return ReplacedLines(totals: totals, lines: stored, before: before)
    }

    /// Audits new lines as a change of the document's `lines`, old and new.
    func auditLines(_ replaced: ReplacedLines, of document: Record, principal: Principal, on db: any SQLDatabase) async throws {
        try await RecordWriter(entity: document.entity, principal: principal, db: db, codec: codec).insertAudit(
            [(document.id, "update", .object(JSONObject(["lines": .object(JSONObject([
                "old": .array(replaced.before.map(\.auditSummary)), "new": .array(replaced.lines.map(\.auditSummary)),
            ]))])))], at: Timestamp.milliseconds(Date()))
    }
}
