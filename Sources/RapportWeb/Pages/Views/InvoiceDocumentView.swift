import Foundation
import RapportDomain
import RapportPersistence

/// An invoice's or credit note's lines and amounts, where it stands, its payments and credit notes,
/// and its next steps, on its record page: issue or cancel a draft, record a payment, credit the
/// rest. Plain forms, so no script is needed.
struct InvoiceDocumentView {
    let model: RecordPageModel

    private var context: PageContext { model.context }
    private var text: Catalogue { context.text }
    private var invoice: Record { model.record }
    private var lines: [StoredLine] { model.sales?.lines ?? [] }
    private var status: String { invoice["status"].textValue ?? "draft" }
    private var isCreditNote: Bool { invoice["kind"] == .text("creditNote") }
    private var isOpen: Bool { ["issued", "partiallyPaid"].contains(status) && !isCreditNote }
    private var currency: CurrencyCode { invoice["currency"].textValue.flatMap(CurrencyCode.init) ?? CurrencyCode("USD")! }
    private var errors: [String: String] { model.documentErrors }
    private var path: String { SiteURL.record(model.entity, invoice.id).path }
    private var mayWrite: Bool { context.principal.mayWrite(model.entity) }

    func render() -> HTML {
        """
        <section class="card wide" aria-labelledby="invoice-lines-title">
        <h2 id="invoice-lines-title">\(text[isCreditNote ? "invoice.creditLines" : "invoice.lines"])</h2>
        \(table())
        </section>
        <section class="card wide" aria-labelledby="invoice-status-title">
        <h2 id="invoice-status-title">\(text["invoice.status"])</h2>
        <p>\(text["field.invoice.status"]): <strong>\(text["choice.invoice.status.\(status)"])</strong>\
        \(invoice["dueDate"].dateValue.map { " · \(text["field.invoice.dueDate"]): \(context.format.date($0))" as HTML })</p>
        \(errors["_form"].map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
        \(mayWrite ? actions() : nil)
        </section>
        \(isCreditNote || status == "draft" ? nil : payments())
        """
    }

    private func table() -> HTML {
        guard !lines.isEmpty else { return "<p class=\"muted\">\(text["invoice.noLines"])</p>" }
        let rows = DocumentLineRows.html(lines, currency: currency, format: context.format)
        let headers: [HTML] = ["order.position", "order.item", "order.quantity", "order.unitPrice", "order.discount", "order.taxRate", "order.net", "order.taxAmount"]
            .map { "<th scope=\"col\">\(text[$0])</th>" }
        let figures = isCreditNote ? ["subtotal", "tax", "total"] : ["subtotal", "tax", "total", "paid", "credited", "balance"]
        let totals: [HTML] = figures.map { field in
            """
            <tr><th scope="row" colspan="6">\(text["field.invoice.\(field)"])</th>\
            <td class="number\(["total", "balance"].contains(field) ? HTML(trusted: " total") : .empty)" colspan="2">\(invoice[field].moneyValue.map(context.format.money) ?? "—")</td></tr>
            """
        }
        return """
            <table class="records lines"><thead><tr>\(headers)</tr></thead>
            <tbody>\(rows)</tbody><tfoot>\(totals)</tfoot></table>
            """
    }

    private func actions() -> HTML? {
        var buttons: [HTML] = []
        if status == "draft" && !isCreditNote {
            buttons.append(button("issue", "invoice.action.issue", secondary: false))
            buttons.append(button("cancel", "invoice.action.cancel", secondary: true))
        }
        if isOpen { buttons.append(button("credit", "invoice.action.credit", secondary: true)) }
        guard !buttons.isEmpty else { return nil }
        return "<div class=\"actions\">\(buttons)</div>"
    }

    private func button(_ action: String, _ key: String, secondary: Bool) -> HTML {
        """
        <form method="post" action="\(path)/do/\(action)">\(Layout.csrfField(context))
        <input type="hidden" name="version" value="\(invoice.version)">
        <button type="submit"\(secondary ? HTML(trusted: " class=\"secondary\"") : .empty)>\(text[key])</button></form>
        """
    }

    // MARK: Payments and credit notes

    private func payments() -> HTML {
        let mayDelete = [.admin, .manager].contains(context.principal.role)
        let paid: [HTML] = (model.sales?.payments ?? []).map { payment in
            let remove: HTML? = mayDelete ? """
                <form method="post" action="\(path)/payments/\(payment.id.lowercaseString)/delete">\(Layout.csrfField(context))\
                <button type="submit" class="secondary">\(text["invoice.payment.delete"])</button></form>
                """ : nil
            return """
                <tr><td>\(payment["receivedOn"].dateValue.map(context.format.date) ?? "—")</td>
                <td class="number">\(payment["amount"].moneyValue.map(context.format.money) ?? "—")</td>
                <td>\(payment["method"].textValue.map { text["choice.payment.method.\($0)"] } ?? "—")</td>
                <td>\(payment["reference"].textValue ?? "")</td><td>\(remove)</td></tr>
                """
        }
        let credits: [HTML] = (model.sales?.creditNotes ?? []).map { note in
            """
            <li><a href="\(SiteURL.record(model.entity, note.id).path)">\(note["number"].textValue ?? "—")</a> · \
            \(note["issueDate"].dateValue.map(context.format.date) ?? "") · \(note["total"].moneyValue.map(context.format.money) ?? "—")</li>
            """
        }
        let headers: [HTML] = ["field.payment.receivedOn", "field.payment.amount", "field.payment.method", "field.payment.reference", "invoice.payment.actions"]
            .map { "<th scope=\"col\">\(text[$0])</th>" }
        return """
            <section class="card wide" aria-labelledby="invoice-payments-title">
            <h2 id="invoice-payments-title">\(text["invoice.payments"])</h2>
            \(paid.isEmpty ? "<p class=\"muted\">\(text["invoice.noPayments"])</p>" as HTML
              : "<table class=\"records\"><thead><tr>\(headers)</tr></thead><tbody>\(paid)</tbody></table>")
            \(credits.isEmpty ? nil : "<h3>\(text["invoice.creditNotes"])</h3><ul>\(credits)</ul>" as HTML)
            \(isOpen && mayWrite ? paymentForm() : nil)
            </section>
            """
    }

    private func paymentForm() -> HTML {
        let error = errors["payment"]
        let invalid: HTML = error == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"invoice-payment-error\""
        let balance = invoice["balance"].moneyValue?.amount.plainString ?? ""
        let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
        let methods: [HTML] = EntityDefinition.paymentMethods.map { "<option value=\"\($0)\">\(text["choice.payment.method.\($0)"])</option>" }
        return """
            <form method="post" action="\(path)/payment" class="decision">\(Layout.csrfField(context))
            <h3>\(text["invoice.recordPayment"])</h3>
            \(error.map { "<p class=\"field-error\" id=\"invoice-payment-error\" role=\"alert\">\($0)</p>" as HTML })
            <label for="payment-amount">\(text.format("invoice.payment.amount", ["currency": currency.code]))</label>
            <input id="payment-amount" name="amount" inputmode="decimal" required value="\(balance)"\(invalid)>
            <label for="payment-received">\(text["field.payment.receivedOn"])</label>
            <input id="payment-received" name="receivedOn" type="date" required value="\(today.description)">
            <label for="payment-method">\(text["field.payment.method"])</label>
            <select id="payment-method" name="method">\(methods)</select>
            <label for="payment-reference">\(text["field.payment.reference"])</label>
            <input id="payment-reference" name="reference" maxlength="200">
            <button type="submit">\(text["invoice.payment.save"])</button></form>
            """
    }
}
