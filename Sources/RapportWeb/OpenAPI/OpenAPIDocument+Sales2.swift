import Foundation
import RapportDomain
import RapportPersistence

/// Order-to-cash endpoints beyond each record's own CRUD: an order's lines, moves and history,
/// invoicing, credit notes, receivables aging; expense decisions, a deal's cost of sale, and the
/// reassignment of a leaver's records.
extension OpenAPIDocument {
    func addOrderToCashPaths(to paths: inout JSONObject) {
        addOrderPaths(to: &paths)
        addInvoicePaths(to: &paths)
        addReceivablesPaths(to: &paths)
        addExpensePaths(to: &paths)
        addReassignmentPaths(to: &paths)
    }

    private func addOrderPaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Order"]
        let order = ref("Order")
        let withLines = object(required: ["order", "lines"], ["order": order, "lines": array(lineSchema)])
        paths["/api/v1/quotes/{id}/order"] = object([
            "parameters": [pathParameter("id")],
            "post": documentedOperation("Create the order of an accepted quote, its lines copied and linked", tag: tag, id: "createOrderFromQuote",
                              responses: ["201": reply("The new draft order", order, headers: locationAndETag("The order"))]),
        ])
        paths["/api/v1/orders/{id}/lines"] = object([
            "parameters": [pathParameter("id")],
            "get": documentedOperation("An order's lines, in order, with the order", tag: tag, id: "listOrderLines",
                             responses: ["200": reply("The order and its lines", withLines, headers: etag("The order's version"))]),
            "put": documentedOperation("Replace a draft order's lines; totals come from the lines (422 total_mismatch when a sent total differs)",
                             tag: tag, id: "setOrderLines", parameters: [ifMatch], body: linesInput,
                             responses: ["200": reply("The order and its lines", withLines, headers: etag("The order's version"))]),
        ])
        let change = object(required: ["fromStatus", "toStatus", "changedAt", "changedBy", "comment"], [
            "fromStatus": plain, "toStatus": plain, "changedAt": object(["type": "string", "format": "date-time"]),
            "changedBy": uuid, "comment": object(["type": ["string", "null"]]),
        ])
        paths["/api/v1/orders/{id}/status-history"] = object([
            "parameters": [pathParameter("id")],
            "get": documentedOperation("Every status move of an order, oldest first", tag: tag, id: "listOrderStatusHistory",
                             responses: ["200": reply("The moves", object(required: ["data"], ["data": array(change)]))]),
        ])
        for action in OrderAction.allCases {
            let from = action.from.sorted().joined(separator: " or ")
            let summary = "Move a \(from) order to \(action.to)" + (action == .cancel ? " (needs a comment)" : "")
            paths["/api/v1/orders/{id}/\(action.rawValue)"] = object([
                "parameters": [pathParameter("id")],
                "post": documentedOperation(summary, tag: tag, id: "\(action.rawValue)Order", parameters: [ifMatch], body: comment, bodyRequired: false,
                                  responses: ["200": reply("The order", order, headers: etag("The order's version"))]),
            ])
        }
        paths["/api/v1/orders/{id}/invoice"] = object([
            "parameters": [pathParameter("id")],
            "post": documentedOperation("Invoice an order: everything not yet invoiced, or the lines and quantities given", tag: ["Invoice"],
                              id: "createInvoiceFromOrder", body: picks("orderLineId"), bodyRequired: false,
                              responses: ["201": reply("The new draft invoice and its lines", invoiceWithLines, headers: locationAndETag("The invoice"))]),
        ])
    }

    private func addInvoicePaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Invoice"]
        let invoice = ref("Invoice")
        let pickItem = closed(required: ["orderLineId", "quantity"], ["orderLineId": uuid, "quantity": quantityInput])
        paths["/api/v1/invoices/{id}/lines"] = object([
            "parameters": [pathParameter("id")],
            "get": documentedOperation("An invoice's lines, in order, with the invoice", tag: tag, id: "listInvoiceLines",
                             responses: ["200": reply("The invoice and its lines", invoiceWithLines, headers: etag("The invoice's version"))]),
            "put": documentedOperation("Replace a draft invoice's lines: picks of its order's lines for an invoice made from an order, else lines as an order takes them",
                             tag: tag, id: "setInvoiceLines", parameters: [ifMatch],
                             body: closed(required: ["lines"], [
                                 "lines": array(object(["anyOf": [pickItem, lineItemInput]]), max: QuoteController.maximumLines),
                                 "subtotal": totalInput, "tax": totalInput, "total": totalInput,
                             ]),
                             responses: ["200": reply("The invoice and its lines", invoiceWithLines, headers: etag("The invoice's version"))]),
        ])
        let moves = [("issue", "Issue a draft invoice: it takes the next number of the tenant and its due date from the payment terms"),
                     ("cancel", "Cancel a draft invoice")]
        for (action, summary) in moves {
            paths["/api/v1/invoices/{id}/\(action)"] = object([
                "parameters": [pathParameter("id")],
                "post": documentedOperation(summary, tag: tag, id: "\(action)Invoice", parameters: [ifMatch],
                                  responses: ["200": reply("The invoice", invoice, headers: etag("The invoice's version"))]),
            ])
        }
        paths["/api/v1/invoices/{id}/credit-note"] = object([
            "parameters": [pathParameter("id")],
            "post": documentedOperation("Credit an issued invoice: everything not yet credited, or the lines and quantities given", tag: tag, id: "createCreditNote",
                              body: picks("invoiceLineId"), bodyRequired: false,
                              responses: ["201": reply("The credit note, its lines and the invoice it credits",
                                                       object(required: ["creditNote", "lines", "invoice"], [
                                                           "creditNote": invoice, "lines": array(lineSchema), "invoice": invoice,
                                                       ]), headers: object(["Location": object(["description": "The credit note", "schema": plain])]))]),
        ])
        var overdueItem = JSONObject(["allOf": [invoice, object(required: ["daysOverdue"], ["daysOverdue": object(["type": "integer"])])]])
        overdueItem["description"] = "An open invoice past its due date"
        paths["/api/v1/invoices/overdue"] = object(["get": documentedOperation(
            "Open invoices past due that you may see, longest overdue first", tag: tag, id: "listOverdueInvoices",
            parameters: [query("asOf", date), query("teamId", uuid), query("ownerId", uuid), invoiceProduct,
                         query("limit", object(["type": "integer", "minimum": 1, "maximum": 500, "default": 50]))],
            responses: ["200": reply("The overdue invoices", object(required: ["asOf", "data"], ["asOf": date, "data": array(.object(overdueItem))]))])])
        paths["/api/v1/accounts/{id}/balance"] = object([
            "parameters": [pathParameter("id")],
            "get": documentedOperation("What an account still owes, per currency", tag: tag, id: "getAccountBalance",
                             responses: ["200": reply("The open balance", object(required: ["accountId", "balances"], [
                                 "accountId": uuid, "balances": array(money),
                             ]))]),
        ])
    }

    private func addReceivablesPaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Receivables"]
        var rowProperties = JSONObject(["groupId": object(["type": ["string", "null"], "format": "uuid"]), "name": object(["type": ["string", "null"]]),
                                        "currency": plain, "count": object(["type": "integer"])])
        let keys = AgingReport.Bucket.allCases.map(\.key)
        for key in keys + ["total"] { rowProperties[key] = plain }
        let row = object(["type": "object", "required": .array((["currency", "count", "total"] + keys).map(JSONValue.string)),
                          "properties": .object(rowProperties)])
        let parameters = [
            query("asOf", date),
            query("groupBy", object(["type": "string", "enum": .array(AgingReport.Grouping.allCases.map { .string($0.rawValue) })])),
            query("teamId", uuid), query("ownerId", uuid), invoiceProduct, query("currency", object(["type": "string", "pattern": "^[A-Z]{3}$"])),
        ]
        let limit = query("limit", object(["type": "integer", "minimum": 1, "maximum": .int(AgingRequest.maximumLimit), "default": .int(AgingRequest.defaultLimit)]))
        paths["/api/v1/reports/aging"] = object(["get": documentedOperation(
            "Receivables aging: open balances by days past due (current, 1–30, 31–60, 61–90, 90+) per account, owner, branch or partner; "
                + "the largest groups first, at most limit of them, with totals over all",
            tag: tag, id: "getAgingReport", parameters: parameters + [limit],
            responses: ["200": reply("The report", object(required: ["asOf", "groupBy", "buckets", "data", "totals", "groups", "limit"], [
                "asOf": date, "groupBy": plain, "buckets": array(plain), "data": array(row), "totals": array(row),
                "groups": object(["type": "integer", "minimum": 0]), "limit": object(["type": "integer"]),
            ]))])])
        paths["/api/v1/reports/aging.csv"] = object(["get": documentedOperation(
            "The aging report as CSV", tag: tag, id: "exportAgingReport", parameters: parameters,
            responses: ["200": object(["description": "CSV, one row per group and currency, then the totals",
                                       "content": object(["text/csv": object(["schema": plain])])])])])
    }

    private func addExpensePaths(to paths: inout JSONObject) {
        let tag: JSONValue = ["Expense"]
        let summaries: [ExpenseDecision: String] = [
            .approve: "Approve a submitted expense (the owner's manager or an administrator, never the owner)",
            .reject: "Reject a submitted expense (the owner's manager or an administrator, never the owner; needs a comment)",
        ]
        for decision in ExpenseDecision.allCases {
            paths["/api/v1/expenses/{id}/\(decision.rawValue)"] = object([
                "parameters": [pathParameter("id")],
                "post": documentedOperation(summaries[decision] ?? decision.rawValue, tag: tag, id: "\(decision.rawValue)Expense", parameters: [ifMatch],
                                  body: comment, bodyRequired: false,
                                  responses: ["200": reply("The expense", ref("Expense"), headers: etag("The expense's version"))]),
            ])
        }
        let nullableMoney = object(["oneOf": [money, object(["type": "null"])]])
        paths["/api/v1/opportunities/{id}/cost-of-sale"] = object([
            "parameters": [pathParameter("id")],
            "get": documentedOperation("A deal's cost of sale: its approved expenses in the base currency, each at the rate of its day, and the margin after it",
                             tag: ["Opportunity"], id: "getCostOfSale",
                             responses: ["200": reply("The cost of sale", object(
                                required: ["opportunityId", "status", "baseCurrency", "costOfSale", "expenseCount", "dealAmount", "marginAfterCostOfSale", "missingRates"], [
                                "opportunityId": uuid, "status": plain, "baseCurrency": plain, "costOfSale": money,
                                "expenseCount": object(["type": "integer"]),
                                "dealAmount": nullableMoney, "marginAfterCostOfSale": nullableMoney,
                                "missingRates": array(object(required: ["currency", "amount"], ["currency": plain, "amount": plain])),
                             ]))]),
        ])
    }

    private func addReassignmentPaths(to paths: inout JSONObject) {
        let entities = JSONValue.array(Reassignment.entities.map(JSONValue.string))
        paths["/api/v1/reassignments"] = object(["post": documentedOperation(
            "Hand everything one user owns to another, as one background job (administrators); done activities stay with their owner",
            tag: ["Jobs"], id: "createReassignment",
            body: closed(required: ["fromUserId", "toUserId"], [
                "fromUserId": uuid, "toUserId": object(["type": "string", "format": "uuid", "description": "An active user"]),
                "entities": object(["type": ["array", "null"], "items": object(["type": "string", "enum": entities]),
                                    "maxItems": .int(Reassignment.entities.count), "description": "All of them when left out"]),
                "accountCountry": object(["type": ["string", "null"], "maxLength": 100, "pattern": .string("^\(FieldSchema.noControls)$"),
                                          "description": "Only the leaver's accounts with an address in this country, and their records"]),
            ]),
            responses: ["202": reply("Queued: the job, and how many records of each kind would move now", object(required: ["job", "plan"], [
                "job": object(["type": "object", "required": ["id", "state"], "properties": object(["id": uuid, "state": plain])]),
                "plan": object(["type": "object", "additionalProperties": object(["type": "integer"])]),
            ]), headers: object(["Location": object(["description": "The job, /api/v1/jobs/{id}", "schema": plain])]))])])
    }

    // MARK: Pieces

    /// Invoices with a line of the product; amounts stay their whole balance.
    private var invoiceProduct: JSONValue {
        query("productId", object(["type": "string", "format": "uuid", "description": "Only invoices with a line of this product; each counts with its whole balance"]))
    }

    private var lineSchema: JSONValue {
        object(required: ["id", "position", "productId", "description", "quantity", "unitPrice", "discountPercent", "taxRatePercent",
                          "unitCost", "net", "tax", "gross", "sourceLineId"], [
            "id": uuid, "position": object(["type": "integer"]), "productId": object(["type": ["string", "null"], "format": "uuid"]),
            "description": plain, "quantity": plain, "unitPrice": plain, "discountPercent": plain, "taxRatePercent": plain,
            "unitCost": object(["type": ["string", "null"]]), "net": plain, "tax": plain, "gross": plain,
            "sourceLineId": object(["type": ["string", "null"], "format": "uuid"]),
        ])
    }

    private var invoiceWithLines: JSONValue { object(required: ["invoice", "lines"], ["invoice": ref("Invoice"), "lines": array(lineSchema)]) }

    private var lineItemInput: JSONValue {
        closed(required: ["quantity"], [
            "productId": object(["type": ["string", "null"], "format": "uuid"]),
            "description": plainText(maxLength: 500),
            "quantity": quantityInput,
            "unitPrice": decimalInput("From the price book when left out", minimum: 0, nullable: true),
            "discountPercent": decimalInput("0 to 100", minimum: 0, maximum: 100, nullable: true),
            "taxRatePercent": decimalInput("From the product's tax category when left out", minimum: 0, maximum: 100, nullable: true),
        ])
    }

    private var linesInput: JSONValue {
        closed(required: ["lines"], [
            "lines": array(lineItemInput, max: QuoteController.maximumLines),
            "subtotal": totalInput, "tax": totalInput, "total": totalInput,
        ])
    }

    private var totalInput: JSONValue { decimalInput("Checked against the lines when sent", minimum: 0, nullable: true) }

    private var quantityInput: JSONValue { decimalInput("From 0.0001 to 1000000000", minimum: Decimal.exact("0.0001"), maximum: 1_000_000_000) }

    private func picks(_ idKey: String) -> JSONValue {
        closed(required: [], [
            "lines": array(closed(required: [idKey, "quantity"], [idKey: uuid, "quantity": quantityInput]), max: QuoteController.maximumLines),
        ])
    }

    private var comment: JSONValue { closed(required: [], ["comment": plainText(maxLength: 2_000)]) }

    private var ifMatch: JSONValue {
        object(["name": "If-Match", "in": "header", "description": "The ETag you read; a stale one answers 412 and writes nothing",
                "schema": object(["type": "string"])])
    }

    private func etag(_ description: String) -> JSONValue {
        object(["ETag": object(["description": .string(description), "schema": plain])])
    }

    private func locationAndETag(_ what: String) -> JSONValue {
        object(["ETag": object(["description": .string("\(what)'s version"), "schema": plain]),
                "Location": object(["description": .string(what), "schema": plain])])
    }

    private func ref(_ name: String) -> JSONValue { object(["$ref": .string("#/components/schemas/\(name)")]) }

    private var uuid: JSONValue { object(["type": "string", "format": "uuid"]) }
    private var plain: JSONValue { object(["type": "string"]) }
    private var date: JSONValue { object(["type": "string", "format": "date"]) }
    private var money: JSONValue { object(required: ["amount", "currency"], ["amount": plain, "currency": plain]) }

    private func decimalInput(_ description: String, minimum: Decimal? = nil, maximum: Decimal? = nil, nullable: Bool = false) -> JSONValue {
        let sign = (minimum ?? -1) < 0 ? "-?" : ""
        var schema = JSONObject(["description": .string(description), "type": nullable ? ["number", "string", "null"] : ["number", "string"],
                                 "pattern": .string("^\(sign)[0-9]{1,15}(\\.[0-9]{1,\(Money.storageScale)})?$")])
        if let minimum { schema["minimum"] = .decimal(minimum) }
        if let maximum { schema["maximum"] = .decimal(maximum) }
        return .object(schema)
    }

}
