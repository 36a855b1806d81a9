/// Every code a ``FieldError`` (or a list request's error) can carry, wherever it is raised:
/// the domain's decoders, the store's write rules, the API's request checks and list queries.
///
/// This is the one list the message catalogues must translate (`validation.<code>`), so a
/// new code is added here first. The domain raises its errors through these cases; code
/// outside the domain that still writes the raw string is held to this list by a test.
public enum ValidationCode: String, CaseIterable, Sendable {
    // Decoding a record's fields (FieldDecoder, RecordDecoder)
    case required
    case invalidType = "invalid_type"
    case invalidCharacter = "invalid_character"
    case tooLong = "too_long"
    case tooMany = "too_many"
    case outOfRange = "out_of_range"
    case invalidCurrency = "invalid_currency"
    case invalidMoney = "invalid_money"
    case invalidDate = "invalid_date"
    case invalidTimestamp = "invalid_timestamp"
    case invalidChoice = "invalid_choice"
    case invalidId = "invalid_id"
    case invalidEmail = "invalid_email"
    case invalidPhone = "invalid_phone"
    case invalidURL = "invalid_url"
    case unknownField = "unknown_field"
    case readOnly = "read_only"

    // The store's rules on a write (WritePlanner, EntityRules, lead conversion, sharing, directory)
    case notFound = "not_found"
    case forbidden
    case forbiddenOwner = "forbidden_owner"
    case deactivatedUser = "deactivated_user"
    case stageNotInPipeline = "stage_not_in_pipeline"
    case taken
    case cycle
    case invalidKey = "invalid_key"
    /// A stage move that would put an open stage after a won or lost one.
    case stageOrder = "stage_order"
    /// A change to a quote that is no longer a draft.
    case quoteLocked = "quote_locked"
    /// A change to an order's content once it is confirmed.
    case orderLocked = "order_locked"
    /// A second live order from the same quote.
    case alreadyOrdered = "already_ordered"
    /// A change to an invoice that is no longer a draft, or to what a draft took from its order.
    case invoiceLocked = "invoice_locked"
    /// More of an order line invoiced than was ordered and not yet invoiced.
    case overInvoiced = "over_invoiced"
    /// More credited than the invoice's balance, or than a line invoiced.
    case overCredited = "over_credited"
    /// A payment above the invoice's balance.
    case overpaid
    /// An amount in another currency than its document's.
    case currencyMismatch = "currency_mismatch"
    /// A change to a payment's amount or invoice once it is recorded.
    case paymentLocked = "payment_locked"
    /// A status change the document's current status does not allow.
    case invalidTransition = "invalid_transition"
    /// A line whose product no active price book of the document's currency lists.
    case noPrice = "no_price"
    case productInactive = "product_inactive"
    /// A change to an expense's claim once it is approved or rejected.
    case expenseLocked = "expense_locked"
    /// An expense linked to neither an opportunity nor an account.
    case linkRequired = "link_required"
    /// An amount that must be more than 0.
    case notPositive = "not_positive"

    // One row of a bulk request (EntityStore+Bulk, BulkController)
    case duplicateInRequest = "duplicate_in_request"
    case notProcessed = "not_processed"
    case deleted
    case writeFailed = "write_failed"
    case conflict
    case invalidCount = "invalid_count"

    // List queries (ListRequestParser, Cursor)
    case invalidLimit = "invalid_limit"
    case invalidBoolean = "invalid_boolean"
    case unknownParameter = "unknown_parameter"
    case unsortableField = "unsortable_field"
    case tooManyKeys = "too_many_keys"
    case invalidFilter = "invalid_filter"
    case invalidOperator = "invalid_operator"
    case tooManyValues = "too_many_values"
    case invalidValue = "invalid_value"
    case invalidCursor = "invalid_cursor"

    // Quote, order and invoice lines (DocumentArithmetic)
    /// A quantity, price or percentage with more decimal places than storage keeps.
    case tooManyDecimals = "too_many_decimals"
    /// A subtotal, tax or total sent by the client that differs from the one computed from the lines.
    case totalMismatch = "total_mismatch"

    /// The names of the limits an error with this code may carry in ``FieldError/limits``.
    /// When it carries them, pages use the message `validation.<code>.limits`, which names them.
    public var limitNames: [String] {
        switch self {
        case .tooLong, .tooMany: ["max"]
        case .outOfRange: ["min", "max"]
        case .invalidMoney: ["max", "currency"]
        case .tooManyDecimals: ["max"]
        case .totalMismatch: ["sent", "computed", "currency"]
        default: []
        }
    }
}
