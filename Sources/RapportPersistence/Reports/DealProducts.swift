import Foundation
import RapportDomain
import SQLKit

/// Which products a deal carries: those on a line of any of its quotes that is not deleted,
/// every revision included. One rule for the win/loss report's `.product` dimension and for
/// the product filter of the forecast, win/loss and funnel reports, of the won amount in plan
/// versus actual, and of the stage moves in the activity report.
enum DealProducts {
    /// The quotes that count: the tenant's, not deleted.
    private static func liveQuotes(_ d: Dialect, tenantId: UUID) -> SQLQueryString {
        "quotes.tenant_id = \(bind: d.bind(tenantId)) AND quotes.deleted_at IS NULL"
    }

    /// The lines of the quote in `quotes`.
    private static let linesOfQuote: SQLQueryString = "document_lines.tenant_id = quotes.tenant_id AND document_lines.document_id = quotes.id"

    /// Joins each deal in `opportunities` to the lines of its live quotes that name a product
    /// (`document_lines.product_id`), or to one row of NULLs when none does. Per deal: a probe of
    /// `ix_quotes_opportunity_id_revision`, then of `ix_document_lines_document` per quote. Quotes
    /// with no product line are skipped at the quote, so they add no row of NULLs beside products.
    static func joinLines(_ d: Dialect, tenantId: UUID) -> SQLQueryString {
        "LEFT JOIN quotes ON " + liveQuotes(d, tenantId: tenantId) + " AND quotes.opportunity_id = opportunities.id"
            + " AND EXISTS (SELECT 1 FROM document_lines AS named WHERE named.tenant_id = quotes.tenant_id AND named.document_id = quotes.id"
            + " AND named.product_id IS NOT NULL)"
            + " LEFT JOIN document_lines ON " + linesOfQuote + " AND document_lines.product_id IS NOT NULL"
    }

    /// A condition on an `opportunities` row: the deal carries `productId`. Nested, so each deal
    /// probes its quotes (`ix_quotes_opportunity_id_revision`) and then their lines
    /// (`ix_document_lines_document`): a few index lookups per deal. The line's type is left
    /// unnamed (a quote's id names only its lines) because naming it makes SQLite prefer
    /// `ix_document_lines_product`, a walk over every line of the product for each deal.
    static func carries(_ productId: UUID, _ d: Dialect, tenantId: UUID) -> SQLQueryString {
        "EXISTS (SELECT 1 FROM quotes WHERE " + liveQuotes(d, tenantId: tenantId) + " AND quotes.opportunity_id = opportunities.id"
            + " AND EXISTS (SELECT 1 FROM document_lines WHERE " + linesOfQuote + " AND document_lines.product_id = \(bind: d.bind(productId))))"
    }
}
