import Foundation
import RapportDomain
import RapportPersistence

/// A quote's lines, totals and next steps on its record page. A draft's lines are edited
/// in a plain form (its rows plus blank ones), so no script is needed.
struct QuoteDocumentView {
    let model: RecordPageModel
    /// Problems with the posted lines, by row ("lines[2]") or "_form".
    var errors: [String: String] = [:]
    static let blankRows = 3

    private var context: PageContext { model.context }
    private var text: Catalogue { context.text }
    private var quote: Record { model.record }
    private var lines: [StoredLine] { model.sales?.lines ?? [] }
    private var status: String { quote["status"].textValue ?? "draft" }
    private var currency: CurrencyCode { quote["currency"].textValue.flatMap(CurrencyCode.init) ?? CurrencyCode("USD")! }

    func render() -> HTML? {
        let editable = status == "draft" && context.principal.mayWrite(model.entity)
        return """
            <section class="card wide" aria-labelledby="lines-title">
            <h2 id="lines-title">\(text["quote.lines"])</h2>
            \(errors["_form"].map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
            \(editable ? editor() : table())
            </section>
            \(actions())
            """
    }

    // MARK: Lines

    private func table() -> HTML {
        guard !lines.isEmpty else { return "<p class=\"muted\">\(text["quote.noLines"])</p>" }
        let rows = DocumentLineRows.html(lines, currency: currency, format: context.format)
        return """
            <table class="records lines"><thead><tr>\(headers(["quote.position", "quote.item", "quote.quantity", "quote.unitPrice", "quote.discount", "quote.taxRate", "quote.net", "quote.taxAmount"]))</tr></thead>
            <tbody>\(rows)</tbody>\(totals(span: 6))</table>
            """
    }

    private func headers(_ keys: [String]) -> HTML {
        keys.map { "<th scope=\"col\">\(text[$0])</th>" as HTML }.joined()
    }

    private func totals(span: Int) -> HTML {
        let margin = quote["marginPercent"].decimalText
        return """
            <tfoot>
            <tr><th scope="row" colspan="\(span)">\(text["field.quote.subtotal"])</th><td class="number" colspan="2">\(money("subtotal"))</td></tr>
            <tr><th scope="row" colspan="\(span)">\(text["field.quote.tax"])</th><td class="number" colspan="2">\(money("tax"))</td></tr>
            <tr><th scope="row" colspan="\(span)">\(text["field.quote.total"])</th><td class="number total" colspan="2">\(money("total"))</td></tr>
            \(margin.map { "<tr><th scope=\"row\" colspan=\"\(span)\">\(text["field.quote.marginPercent"])</th><td class=\"number\" colspan=\"2\">\($0)</td></tr>" as HTML })
            </tfoot>
            """
    }

    private func money(_ field: String) -> String {
        quote[field].moneyValue.map(context.format.money) ?? "—"
    }

    private func editor() -> HTML {
        let rows = lines.map { Row(line: $0) } + Array(repeating: Row(line: nil), count: Self.blankRows)
        let body: [HTML] = rows.enumerated().map { index, row in editorRow(index, row) }
        return """
            <form method="post" action="\(SiteURL.record(model.entity, quote.id).path)/lines" class="lines-editor">
            \(Layout.csrfField(context))<input type="hidden" name="version" value="\(String(quote.version))">
            <p class="muted" id="lines-help">\(text["quote.linesHelp"])</p>
            <table class="records lines"><thead><tr>\(headers(["quote.position", "quote.product", "quote.description", "quote.quantity", "quote.unitPrice", "quote.discount"]))
            <th scope="col">\(text["quote.net"])</th><th scope="col">\(text["quote.taxAmount"])</th></tr></thead>
            <tbody>\(body)</tbody>\(totals(span: 6))</table>
            <button type="submit">\(text["quote.saveLines"])</button>
            </form>
            """
    }

    private struct Row {
        let line: StoredLine?
    }

    private func editorRow(_ index: Int, _ row: Row) -> HTML {
        let line = row.line
        let prefix = "line-\(index)"
        let productOptions: [HTML] = [HTML(trusted: "<option value=\"\">—</option>")] + (model.sales?.products ?? []).map { product in
            let selected: HTML = product.id == line?.productId ? " selected" : ""
            return "<option value=\"\(product.id.lowercaseString)\"\(selected)>\(product.name)</option>"
        }
        let error = errors["lines[\(index)]"]
        let described: HTML = error == nil ? "aria-describedby=\"lines-help\"" : "aria-describedby=\"\(prefix)-error\" aria-invalid=\"true\""
        let number = String(index + 1)
        return """
            <tr><td>\(number)</td>
            <td><label class="sr" for="\(prefix)-product">\(text.format("quote.rowProduct", ["row": number]))</label>
            <select id="\(prefix)-product" name="\(prefix)-product" \(described)>\(productOptions)</select>
            \(error.map { "<p class=\"field-error\" id=\"\(prefix)-error\">\($0)</p>" as HTML })</td>
            <td><label class="sr" for="\(prefix)-description">\(text.format("quote.rowDescription", ["row": number]))</label>
            <input id="\(prefix)-description" name="\(prefix)-description" maxlength="500" value="\(line?.description ?? "")"></td>
            <td><label class="sr" for="\(prefix)-quantity">\(text.format("quote.rowQuantity", ["row": number]))</label>
            <input id="\(prefix)-quantity" name="\(prefix)-quantity" inputmode="decimal" size="6" value="\(line.map { $0.line.quantity.plainString } ?? "")"></td>
            <td><label class="sr" for="\(prefix)-price">\(text.format("quote.rowPrice", ["row": number]))</label>
            <input id="\(prefix)-price" name="\(prefix)-price" inputmode="decimal" size="9" value="\(line.map { $0.line.unitPrice.plainString } ?? "")"></td>
            <td><label class="sr" for="\(prefix)-discount">\(text.format("quote.rowDiscount", ["row": number]))</label>
            <input id="\(prefix)-discount" name="\(prefix)-discount" inputmode="decimal" size="4" value="\(line.map { $0.line.discountPercent.plainString } ?? "")"></td>
            <td class="number">\(line.map { context.format.money($0.amounts.net) } ?? "")</td><td class="number">\(line.map { context.format.money($0.amounts.tax) } ?? "")</td></tr>
            """
    }

    // MARK: Next steps

    private func actions() -> HTML {
        let principal = context.principal
        let mayWrite = principal.mayWrite(model.entity)
        let isApprover = principal.role == .admin || quote["approverId"].idValue == principal.userId
        var buttons: [HTML] = []
        switch status {
        case "draft" where mayWrite && !lines.isEmpty: buttons.append(button(.submit))
        case "submitted" where isApprover: buttons.append(decision())
        case "approved" where mayWrite: buttons.append(button(.send))
        case "sent" where mayWrite: buttons += [button(.accept), button(.decline, secondary: true)]
        case "accepted" where principal.mayWrite(.order):
            buttons.append("""
                <form method="post" action="\(SiteURL.record(model.entity, quote.id).path)/order">\(Layout.csrfField(context))
                <button type="submit">\(text["order.createFromQuote"])</button></form>
                """)
        default: break
        }
        if status != "draft" && mayWrite {
            buttons.append("""
                <form method="post" action="\(SiteURL.record(model.entity, quote.id).path)/revise">\(Layout.csrfField(context))
                <button type="submit" class="secondary">\(text["quote.revise"])</button></form>
                """)
        }
        return """
            <section class="card wide" aria-labelledby="quote-actions-title"><h2 id="quote-actions-title">\(text["quote.nextSteps"])</h2>
            <p>\(text["field.quote.status"]): <strong>\(text["choice.quote.status.\(status)"])</strong></p>
            <div class="actions">\(buttons)
            <a class="button secondary" href="\(SiteURL.record(model.entity, quote.id).path)/print">\(text["quote.print"])</a></div>
            </section>
            """
    }

    private func button(_ action: QuoteAction, secondary: Bool = false) -> HTML {
        """
        <form method="post" action="\(SiteURL.record(model.entity, quote.id).path)/do/\(action.rawValue)">\(Layout.csrfField(context))
        <input type="hidden" name="version" value="\(String(quote.version))">
        <button type="submit"\(secondary ? HTML(trusted: " class=\"secondary\"") : .empty)>\(text["quote.action.\(action.rawValue)"])</button></form>
        """
    }

    /// The approver's choice, with the comment a rejection needs.
    private func decision() -> HTML {
        let error = errors["comment"]
        return """
            <form method="post" action="\(SiteURL.record(model.entity, quote.id).path)/decide" class="decision">\(Layout.csrfField(context))
            <input type="hidden" name="version" value="\(String(quote.version))">
            <label for="decision-comment">\(text["quote.decisionComment"])</label>
            <textarea id="decision-comment" name="comment" rows="2" maxlength="2000"\(error == nil ? HTML.empty : HTML(trusted: " aria-invalid=\"true\" aria-describedby=\"decision-error\""))></textarea>
            \(error.map { "<p class=\"field-error\" id=\"decision-error\">\($0)</p>" as HTML })
            <button type="submit" name="action" value="approve">\(text["quote.action.approve"])</button>
            <button type="submit" name="action" value="reject" class="secondary">\(text["quote.action.reject"])</button></form>
            """
    }
}

extension FieldValue {
    /// A `number` field as plain text ("25.48"), for percentages shown as stored.
    var decimalText: String? {
        guard case .number(let value) = self else { return nil }
        return Decimal(value).roundedHalfAwayFromZero(toPlaces: 2).plainString
    }
}
