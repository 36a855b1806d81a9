import Foundation
import RapportDomain
import RapportPersistence

/// The sales endpoints beyond each record's own CRUD: price book entries and the price of a sale,
/// the sales settings, exchange rates, and a quote's lines and moves.
extension OpenAPIDocument {
    func addSalesPaths(to paths: inout JSONObject) {
        addPricePaths(to: &paths)
        addSalesSettingsPaths(to: &paths)
        addExchangeRatePaths(to: &paths)
        addQuotePaths(to: &paths)
    }

    private func addPricePaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Price book"]
        let entry = object(required: ["productId", "minQuantity", "unitPrice"], [
            "productId": uuid, "minQuantity": decimalText, "unitPrice": decimalText,
        ])
        let entries = object(required: ["pricebookId", "data"], ["pricebookId": uuid, "data": array(entry)])
        paths["/api/v1/pricebooks/{id}/entries"] = object([
            "parameters": [pathParameter("id")],
            "get": documentedOperation("A price book's prices: per product, one unit price per volume tier", tag: tag, id: "listPriceBookEntries",
                             responses: ["200": reply("The entries", entries)]),
            "put": documentedOperation("Replace every entry of a price book (administrators and managers)", tag: tag, id: "replacePriceBookEntries",
                             body: closed(required: ["entries"], [
                                 "entries": array(closed(required: ["productId", "unitPrice"], [
                                     "productId": uuid, "minQuantity": decimalInput("From this many units; 1 when left out", above: 0, nullable: true),
                                     "unitPrice": decimalInput("Price of one unit in the book's currency, 0 or more", minimum: 0),
                                 ]), max: PriceBookController.maximumEntries),
                             ]),
                             responses: ["200": reply("The entries as stored", entries)]),
        ])
        paths["/api/v1/prices"] = object(["get": documentedOperation(
            "The unit price of a product for a sale, from the most specific active price book you can read (404 no_price when none lists it)",
            tag: tag, id: "resolvePrice",
            parameters: [
                query("currency", required: true, currencyCode),
                query("productId", required: true, uuid),
                query("quantity", object(["type": "string", "pattern": "^[0-9]{1,10}(\\.[0-9]{1,4})?$", "description": "A number more than 0; 1 when left out"])),
                query("channel", object(["type": "string", "enum": .array(EntityDefinition.salesChannels.map(JSONValue.string))])),
                query("partnerId", object(["type": "string", "format": "uuid", "description": "Ignored for partner users, who get their own"])),
                query("pricebookId", uuid),
            ],
            responses: ["200": reply("The price", object(required: ["productId", "pricebookId", "quantity", "minQuantity", "unitPrice"], [
                "productId": uuid, "pricebookId": uuid, "quantity": decimalText, "minQuantity": decimalText, "unitPrice": money,
            ]))])])
    }

    private func addSalesSettingsPaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Settings"]
        let percent = object(["type": ["number", "null"]])
        var rates = JSONObject()
        for category in EntityDefinition.taxCategories { rates[category] = object(["type": "number"]) }
        let settings = object(required: ["maxDiscountPercent", "minMarginPercent", "approverId", "quoteValidityDays", "paymentTermsDays", "letterhead", "taxRates"], [
            "maxDiscountPercent": percent, "minMarginPercent": percent,
            "approverId": object(["type": ["string", "null"], "format": "uuid"]),
            "quoteValidityDays": object(["type": "integer"]), "paymentTermsDays": object(["type": "integer"]),
            "letterhead": object(["type": "string"]),
            "taxRates": object(["type": "object", "required": .array(EntityDefinition.taxCategories.map(JSONValue.string)), "properties": .object(rates)]),
        ])
        var rateInputs = JSONObject()
        for category in EntityDefinition.taxCategories { rateInputs[category] = decimalInput("Percent from 0 to 100", minimum: 0, maximum: 100) }
        let days = object(["description": "Whole days from 0 to 3650", "type": ["integer", "string"], "minimum": 0, "maximum": 3_650, "pattern": "^[0-9]{1,4}$"])
        let limit = decimalInput("Percent from -100 to 100; null for no limit", minimum: -100, maximum: 100, nullable: true)
        paths["/api/v1/settings/sales"] = object([
            "get": documentedOperation("The tenant's sales rules: approval limits and approver, quote validity, payment terms, letterhead, tax rates",
                             tag: tag, id: "getSalesSettings", responses: ["200": reply("Sales settings", settings)]),
            "patch": documentedOperation("Change the sales rules (administrators); members left out keep their value", tag: tag, id: "updateSalesSettings",
                               body: closed(required: [], [
                                   "maxDiscountPercent": limit, "minMarginPercent": limit,
                                   "approverId": object(["type": ["string", "null"], "format": "uuid", "description": "null: the quote owner's manager"]),
                                   "quoteValidityDays": days, "paymentTermsDays": days,
                                   "letterhead": plainText(maxLength: 2_000),
                                   "taxRates": object(["type": "object", "additionalProperties": false, "properties": .object(rateInputs)]),
                               ]),
                               responses: ["200": reply("Sales settings", settings)]),
        ])
    }

    private func addExchangeRatePaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Exchange rates"]
        let rate = object(required: ["currency", "date", "rate"], [
            "currency": string(description: "ISO 4217 code"), "date": object(["type": "string", "format": "date"]),
            "rate": object(["type": "string", "description": "Units of the base currency one unit of the currency was worth from the date on"]),
        ])
        let rates = object(required: ["baseCurrency", "data"], ["baseCurrency": object(["type": "string"]), "data": array(rate)])
        let adminOnly = " (administrators)"
        paths["/api/v1/exchange-rates"] = object([
            "get": documentedOperation("The tenant's exchange rates into its base currency, newest first", tag: tag, id: "listExchangeRates", parameters: [
                query("currency", currencyCode),
                query("limit", object(["type": "integer", "minimum": 1, "maximum": .int(ExchangeRateStore.maximumListed), "default": .int(ExchangeRateController.defaultLimit)])),
            ], responses: ["200": reply("Rates", rates)]),
            "put": documentedOperation("Add or replace rates, all or none\(adminOnly); errors name their rate as rates[3].rate", tag: tag, id: "upsertExchangeRates",
                             body: closed(required: ["rates"], [
                                 "rates": array(closed(required: ["currency", "date", "rate"], [
                                     "currency": object(["type": "string", "enum": currencyCodes, "description": "Not the base currency"]),
                                     "date": object(["type": "string", "format": "date"]),
                                     "rate": decimalInput("More than 0, at most 1000000000, at most 8 decimal places", above: 0,
                                                          maximum: ExchangeRateStore.maximumRate, decimals: ExchangeRateStore.maximumDecimals),
                                 ]), max: ExchangeRateStore.maximumBatch),
                             ]),
                             responses: ["200": reply("The rates sent, as stored", rates)]),
        ])
        paths["/api/v1/exchange-rates/{currency}/{date}"] = object([
            "parameters": [pathParameter("currency"), pathParameter("date")],
            "delete": documentedOperation("Remove the rate of a currency on a date\(adminOnly)", tag: tag, id: "deleteExchangeRate",
                                responses: ["204": object(["description": "Removed"])]),
        ])
        paths["/api/v1/exchange-rates/convert"] = object(["get": documentedOperation(
            "An amount in the base currency at the latest rate dated on or before the date (404 no_exchange_rate when there is none)",
            tag: tag, id: "convertToBaseCurrency",
            parameters: [
                query("amount", required: true, object(["type": "string", "pattern": "^-?[0-9]{1,14}(\\.[0-9]{1,4})?$", "description": "A number such as 1250.50"])),
                query("currency", required: true, currencyCode),
                query("date", object(["type": "string", "format": "date", "description": "Today (UTC) when left out"])),
            ],
            responses: ["200": reply("The converted amount", object(required: ["amount", "date", "rate", "baseAmount"], [
                "amount": money, "date": object(["type": "string", "format": "date"]),
                "rate": object(["oneOf": [rate, object(["type": "null"])], "description": "null when the amount is in the base currency"]),
                "baseAmount": money,
            ]))])])
    }

    private func addQuotePaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Quote"]
        let quote = object(["$ref": "#/components/schemas/Quote"])
        let etag = object(["ETag": object(["description": "The quote's version", "schema": object(["type": "string"])])])
        let ifMatch = object(["name": "If-Match", "in": "header", "description": "The ETag you read; a stale one answers 412 and writes nothing",
                              "schema": object(["type": "string"])])
        let nullableText = object(["type": ["string", "null"]])
        let line = object(required: ["id", "position", "productId", "description", "quantity", "unitPrice", "discountPercent", "taxRatePercent",
                                     "unitCost", "net", "tax", "gross", "sourceLineId"], [
            "id": uuid, "position": object(["type": "integer"]), "productId": object(["type": ["string", "null"], "format": "uuid"]),
            "description": object(["type": "string"]), "quantity": decimalText, "unitPrice": decimalText, "discountPercent": decimalText,
            "taxRatePercent": decimalText, "unitCost": nullableText, "net": decimalText, "tax": decimalText, "gross": decimalText,
            "sourceLineId": object(["type": ["string", "null"], "format": "uuid"]),
        ])
        let withLines = object(required: ["quote", "lines"], ["quote": quote, "lines": array(line)])
        paths["/api/v1/quotes/{id}/lines"] = object([
            "parameters": [pathParameter("id")],
            "get": documentedOperation("A quote's lines, in order, with the quote", tag: tag, id: "listQuoteLines",
                             responses: ["200": reply("The quote and its lines", withLines, headers: etag)]),
            "put": documentedOperation("Replace a draft quote's lines; prices come from the price book unless sent, totals from the lines (422 total_mismatch when a sent total differs)",
                             tag: tag, id: "setQuoteLines", parameters: [ifMatch],
                             body: closed(required: ["lines"], [
                                 "lines": array(closed(required: ["quantity"], [
                                     "productId": object(["type": ["string", "null"], "format": "uuid"]),
                                     "description": plainText(maxLength: 500),
                                     "quantity": decimalInput("From 0.0001 to 1000000000", minimum: Decimal.exact("0.0001"), maximum: 1_000_000_000),
                                     "unitPrice": decimalInput("From the price book when left out", minimum: 0, nullable: true),
                                     "discountPercent": decimalInput("0 to 100", minimum: 0, maximum: 100, nullable: true),
                                     "taxRatePercent": decimalInput("From the product's tax category when left out", minimum: 0, maximum: 100, nullable: true),
                                 ]), max: QuoteController.maximumLines),
                                 "subtotal": decimalInput("Checked against the lines when sent", minimum: 0, nullable: true),
                                 "tax": decimalInput("Checked against the lines when sent", minimum: 0, nullable: true),
                                 "total": decimalInput("Checked against the lines when sent", minimum: 0, nullable: true),
                             ]),
                             responses: ["200": reply("The quote and its lines", withLines, headers: etag)]),
        ])
        let comment = closed(required: [], ["comment": plainText(maxLength: 2_000)])
        for action in QuoteAction.allCases {
            paths["/api/v1/quotes/{id}/\(action.rawValue)"] = object([
                "parameters": [pathParameter("id")],
                "post": documentedOperation(Self.quoteActionSummaries[action.rawValue] ?? action.rawValue, tag: tag,
                                  id: "\(action.rawValue)Quote", parameters: [ifMatch], body: comment, bodyRequired: false,
                                  responses: ["200": reply("The quote", quote, headers: etag)]),
            ])
        }
        paths["/api/v1/quotes/{id}/revise"] = object([
            "parameters": [pathParameter("id")],
            "post": documentedOperation("Revise a quote that is no longer a draft: a new draft with the next revision number and a copy of its lines", tag: tag, id: "reviseQuote",
                              responses: ["201": reply("The new revision", quote, headers: object([
                                  "ETag": object(["description": "The new quote's version", "schema": object(["type": "string"])]),
                                  "Location": object(["description": "The new quote", "schema": object(["type": "string"])]),
                              ]))]),
        ])
    }

    private static let quoteActionSummaries = [
        "submit": "Submit a draft: approved at once within the tenant's rules, else sent to its approver",
        "approve": "Approve a submitted quote (its approver or an administrator)",
        "reject": "Reject a submitted quote (its approver or an administrator; needs a comment)",
        "send": "Mark an approved quote as sent to the customer; it expires after its validity",
        "accept": "Record that the customer accepted a sent quote",
        "decline": "Record that the customer declined a sent quote",
    ]

    // MARK: Pieces

    private var uuid: JSONValue { object(["type": "string", "format": "uuid"]) }

    /// An exact decimal as the API writes it ("12.5").
    private var decimalText: JSONValue { object(["type": "string"]) }

    private var money: JSONValue { object(required: ["amount", "currency"], ["amount": decimalText, "currency": object(["type": "string"])]) }

    /// An exact decimal as a client may send it: a JSON number or a plain string ("12.50"), with
    /// at most `decimals` places; the bounds apply to numbers, the pattern to strings.
    private func decimalInput(
        _ description: String, minimum: Decimal? = nil, above: Decimal? = nil, maximum: Decimal? = nil, decimals: Int = Money.storageScale,
        nullable: Bool = false
    ) -> JSONValue {
        let sign = (minimum ?? above ?? -1) < 0 ? "-?" : ""
        var schema = JSONObject(["description": .string(description), "type": nullable ? ["number", "string", "null"] : ["number", "string"],
                                 "pattern": .string("^\(sign)[0-9]{1,15}(\\.[0-9]{1,\(decimals)})?$")])
        if let minimum { schema["minimum"] = .decimal(minimum) }
        if let above { schema["exclusiveMinimum"] = .decimal(above) }
        if let maximum { schema["maximum"] = .decimal(maximum) }
        return .object(schema)
    }

    private var currencyCodes: JSONValue { .array(CurrencyCode.allCodes.map(JSONValue.string)) }

    private var currencyCode: JSONValue { object(["type": "string", "enum": currencyCodes, "description": "ISO 4217 code"]) }

    /// Text without control characters other than tab and line breaks, as every text field of the API.
    func plainText(maxLength: Int) -> JSONValue {
        object(["type": ["string", "null"], "maxLength": .int(maxLength), "pattern": .string("^\(FieldSchema.noControls)$")])
    }

    private func string(description: String) -> JSONValue { object(["type": "string", "description": .string(description)]) }

    func array(_ items: JSONValue, max: Int? = nil) -> JSONValue {
        var schema = JSONObject(["type": "array", "items": items])
        if let max { schema["maxItems"] = .int(max) }
        return .object(schema)
    }

    func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue { .object(JSONObject(pairs)) }

    func object(required: [String], _ properties: KeyValuePairs<String, JSONValue>) -> JSONValue {
        object(["type": "object", "required": .array(required.map(JSONValue.string)), "properties": object(properties)])
    }

    func closed(required: [String], _ properties: KeyValuePairs<String, JSONValue>) -> JSONValue {
        object(["type": "object", "required": .array(required.map(JSONValue.string)), "additionalProperties": false, "properties": object(properties)])
    }

    func pathParameter(_ name: String) -> JSONValue {
        object(["name": .string(name), "in": "path", "required": true, "schema": object(["type": "string"])])
    }

    func query(_ name: String, required: Bool = false, _ schema: JSONValue) -> JSONValue {
        object(["name": .string(name), "in": "query", "required": .bool(required), "schema": schema])
    }

    func reply(_ description: String, _ schema: JSONValue, headers: JSONValue? = nil) -> JSONValue {
        var response = JSONObject(["description": .string(description), "content": object(["application/json": object(["schema": schema])])])
        if let headers { response["headers"] = headers }
        return .object(response)
    }

    /// An operation whose errors are problem+json, as everywhere in the document.
    func documentedOperation(
        _ summary: String, tag: JSONValue, id: String, parameters: [JSONValue] = [], body: JSONValue? = nil, bodyRequired: Bool = true,
        responses: KeyValuePairs<String, JSONValue>
    ) -> JSONValue {
        var operation = JSONObject(["summary": .string(summary), "operationId": .string(id), "tags": tag])
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body {
            operation["requestBody"] = object(["required": .bool(bodyRequired), "content": object(["application/json": object(["schema": body])])])
        }
        var documented = JSONObject()
        for (status, response) in responses { documented[status] = response }
        documented["default"] = object([
            "description": "An RFC 9457 problem: 400 bad input, 401 sign-in needed, 403 not allowed, 404 not found or not visible, 409 conflict, 412 stale If-Match, 413 too large, 415 not JSON, 422 invalid fields",
            "content": object(["application/problem+json": object(["schema": object(["$ref": "#/components/schemas/Problem"])])]),
        ])
        operation["responses"] = .object(documented)
        return .object(operation)
    }
}
