import Foundation
import RapportDomain
import RapportPersistence

/// An order's lines and totals, where it stands and how it got there, and its next steps, on its
/// record page. This is also the dealer's order-tracking view: a partner user reaches only their
/// own organisation's orders, and reads them without any form to change them. A draft's lines
/// are edited in a plain form, so no script is needed.
struct OrderDocumentView {
    let model: RecordPageModel
    static let blankRows = 3

    private var context: PageContext { model.context }
    private var text: Catalogue { context.text }
    private var order: Record { model.record }
    private var lines: [StoredLine] { model.sales?.lines ?? [] }
    private var status: String { order["status"].textValue ?? "draft" }
    private var currency: CurrencyCode { order["currency"].textValue.flatMap(CurrencyCode.init) ?? CurrencyCode("USD")! }
    private var errors: [String: String] { model.documentErrors }
    private var path: String { SiteURL.record(model.entity, order.id).path }
    private var mayWrite: Bool { context.principal.mayWrite(model.entity) }

    func render() -> HTML {
        """
        <section class="card wide" aria-labelledby="order-lines-title">
        <h2 id="order-lines-title">\(text["order.lines"])</h2>
        \(errors["lines"].map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
        \(status == "draft" && mayWrite ? editor() : table())
        </section>
        <section class="card wide" aria-labelledby="order-progress-title">
        <h2 id="order-progress-title">\(text["order.progress"])</h2>
        <p>\(text["field.order.status"]): <strong>\(statusName(status))</strong></p>
        \(errors["_form"].map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
        \(history())
        \(mayWrite ? actions() : nil)
        \(invoiceButton())
        </section>
        """
    }

    /// Invoices everything not yet invoiced; the invoice's page then shows the draft. Invoicing moves
    /// the order on, so it is offered to those who may change the order (not to a dealer tracking it).
    private func invoiceButton() -> HTML? {
        guard !["draft", "cancelled"].contains(status), mayWrite, context.principal.mayWrite(.invoice) else { return nil }
        return """
            <form method="post" action="\(path)/invoice">\(Layout.csrfField(context))
            <button type="submit" class="secondary">\(text["invoice.createFromOrder"])</button></form>
            """
    }

    // MARK: Lines

    private func table() -> HTML {
        guard !lines.isEmpty else { return "<p class=\"muted\">\(text["order.noLines"])</p>" }
        let rows = DocumentLineRows.html(lines, currency: currency, format: context.format)
        return """
            <table class="records lines"><thead><tr>\(headers(["order.position", "order.item", "order.quantity", "order.unitPrice", "order.discount", "order.taxRate", "order.net", "order.taxAmount"]))</tr></thead>
            <tbody>\(rows)</tbody>\(totals(span: 6))</table>
            """
    }

    private func editor() -> HTML {
        let rows: [StoredLine?] = lines.map { $0 } + Array(repeating: nil, count: Self.blankRows)
        return """
            <form method="post" action="\(path)/lines" class="lines-editor">
            \(Layout.csrfField(context))<input type="hidden" name="version" value="\(order.version)">
            <p class="muted" id="order-lines-help">\(text["order.linesHelp"])</p>
            <table class="records lines"><thead><tr>\(headers(["order.position", "order.product", "order.description", "order.quantity", "order.unitPrice", "order.discount", "order.net", "order.taxAmount"]))</tr></thead>
            <tbody>\(rows.enumerated().map { editorRow($0, $1) })</tbody>\(totals(span: 6))</table>
            <button type="submit">\(text["order.saveLines"])</button>
            </form>
            """
    }

    private func editorRow(_ index: Int, _ line: StoredLine?) -> HTML {
        let prefix = "line-\(index)"
        let number = String(index + 1)
        let products: [HTML] = [HTML(trusted: "<option value=\"\">—</option>")] + (model.sales?.products ?? []).map { product in
            "<option value=\"\(product.id.lowercaseString)\"\(product.id == line?.productId ? HTML(trusted: " selected") : .empty)>\(product.name)</option>"
        }
        let error = errors["lines[\(index)]"]
        let described: HTML = error == nil ? "aria-describedby=\"order-lines-help\"" : "aria-describedby=\"\(prefix)-error\" aria-invalid=\"true\""
        func input(_ name: String, _ labelKey: String, _ value: String, size: Int) -> HTML {
            """
            <td><label class="sr" for="\(prefix)-\(name)">\(text.format(labelKey, ["row": number]))</label>
            <input id="\(prefix)-\(name)" name="\(prefix)-\(name)" inputmode="decimal" size="\(size)" value="\(value)"></td>
            """
        }
        return """
            <tr><td>\(number)</td>
            <td><label class="sr" for="\(prefix)-product">\(text.format("order.rowProduct", ["row": number]))</label>
            <select id="\(prefix)-product" name="\(prefix)-product" \(described)>\(products)</select>
            \(error.map { "<p class=\"field-error\" id=\"\(prefix)-error\">\($0)</p>" as HTML })</td>
            <td><label class="sr" for="\(prefix)-description">\(text.format("order.rowDescription", ["row": number]))</label>
            <input id="\(prefix)-description" name="\(prefix)-description" maxlength="500" value="\(line?.description ?? "")"></td>
            \(input("quantity", "order.rowQuantity", line?.line.quantity.plainString ?? "", size: 6))
            \(input("price", "order.rowPrice", line?.line.unitPrice.plainString ?? "", size: 9))
            \(input("discount", "order.rowDiscount", line?.line.discountPercent.plainString ?? "", size: 4))
            <td class="number">\(line.map { context.format.money($0.amounts.net) } ?? "")</td><td class="number">\(line.map { context.format.money($0.amounts.tax) } ?? "")</td></tr>
            """
    }

    private func headers(_ keys: [String]) -> HTML {
        keys.map { "<th scope=\"col\">\(text[$0])</th>" as HTML }.joined()
    }

    private func totals(span: Int) -> HTML {
        let rows: [HTML] = ["subtotal", "tax", "total"].map { field in
            """
            <tr><th scope="row" colspan="\(span)">\(text["field.order.\(field)"])</th>\
            <td class="number\(field == "total" ? HTML(trusted: " total") : .empty)" colspan="2">\(order[field].moneyValue.map(context.format.money) ?? "—")</td></tr>
            """
        }
        return "<tfoot>\(rows)</tfoot>"
    }

    // MARK: Progress

    /// The creation, then every move, oldest first, in the user's time zone.
    private func history() -> HTML {
        let created: HTML? = order["createdAt"].timestampValue.map { at in
            entry(at: at, what: text.format("order.created", ["status": statusName("draft")]), by: order["createdBy"].idValue, comment: nil)
        }
        let moves: [HTML] = (model.sales?.orderHistory ?? []).map { change in
            entry(at: change.changedAt, what: text.format("order.moved", ["from": statusName(change.fromStatus), "to": statusName(change.toStatus)]),
                  by: change.changedBy, comment: change.comment)
        }
        return "<ol class=\"timeline\">\(created)\(moves)</ol>"
    }

    private func entry(at: Date, what: String, by user: UUID?, comment: String?) -> HTML {
        let name = user.flatMap { $0 == SystemActor.id ? text["order.system"] : model.names[$0] } ?? "—"
        return """
            <li><time datetime="\(Timestamp.format(at))">\(context.format.dateTime(at))</time> · \(what) · \(text.format("order.by", ["name": name]))\
            \(comment.map { "<br><q>\($0)</q>" as HTML })</li>
            """
    }

    private func actions() -> HTML? {
        let available = OrderAction.available(from: status)
        guard !available.isEmpty else { return nil }
        let buttons: [HTML] = available.filter { $0 != .cancel }.map { action in
            """
            <form method="post" action="\(path)/do/\(action.rawValue)">\(Layout.csrfField(context))
            <input type="hidden" name="version" value="\(order.version)">
            <button type="submit">\(text["order.action.\(action.rawValue)"])</button></form>
            """
        }
        return "<div class=\"actions\">\(buttons)\(available.contains(.cancel) ? cancelForm() : nil)</div>"
    }

    /// Cancelling asks why; the reason is kept in the history.
    private func cancelForm() -> HTML {
        let error = errors["comment"]
        let invalid: HTML = error == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"order-cancel-error\""
        return """
            <form method="post" action="\(path)/do/cancel" class="decision">\(Layout.csrfField(context))
            <input type="hidden" name="version" value="\(order.version)">
            <label for="order-cancel-reason">\(text["order.cancelReason"])</label>
            <textarea id="order-cancel-reason" name="comment" rows="2" maxlength="2000" required\(invalid)></textarea>
            \(error.map { "<p class=\"field-error\" id=\"order-cancel-error\">\($0)</p>" as HTML })
            <button type="submit" class="secondary">\(text["order.action.cancel"])</button></form>
            """
    }

    private func statusName(_ status: String) -> String {
        text["choice.order.status.\(status)"]
    }
}
