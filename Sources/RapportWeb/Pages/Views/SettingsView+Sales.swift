import Foundation
import RapportDomain
import RapportPersistence

/// The sales rules and the exchange rates: plain forms, so they work without JavaScript. A refused
/// form shows what was sent; the other one shows what is stored.
extension SettingsView {
    func salesSections() -> HTML {
        salesRulesSection() + exchangeRatesSection()
    }

    private func salesRulesSection() -> HTML {
        let rules = sales.rules
        let refused = sales.sent.keys.contains("quoteValidityDays")
        func shown(_ key: String, _ stored: String) -> String { refused ? sales.sent[key] ?? "" : stored }
        let taxRates: [HTML] = EntityDefinition.taxCategories.map { category in
            let key = "taxRate.\(category)"
            return """
                <label for="sr-tax-\(category)">\(text["choice.product.taxCategory.\(category)"])</label>
                <input id="sr-tax-\(category)" name="\(key)" inputmode="decimal" required size="8" value="\(shown(key, rules.taxRate(forCategory: category).plainString))"\(invalid("sales.\(key)"))>
                \(salesError("sales.\(key)"))
                """
        }
        return """
            <section class="card" id="sales-rules" aria-labelledby="sales-rules-title"><h2 id="sales-rules-title">\(text["salesRules.title"])</h2>
            <form method="post" action="/settings/sales" class="stack">\(Layout.csrfField(context))
              <p class="muted" id="sr-limits-hint">\(text["salesRules.limitsHint"])</p>
              <label for="sr-max-discount">\(text["salesRules.maxDiscountPercent"])</label>
              <input id="sr-max-discount" name="maxDiscountPercent" inputmode="decimal" size="8"
                value="\(shown("maxDiscountPercent", rules.maxDiscountPercent?.plainString ?? ""))"\(invalid("sales.maxDiscountPercent", hint: "sr-limits-hint"))>
              \(salesError("sales.maxDiscountPercent"))
              <label for="sr-min-margin">\(text["salesRules.minMarginPercent"])</label>
              <input id="sr-min-margin" name="minMarginPercent" inputmode="decimal" size="8"
                value="\(shown("minMarginPercent", rules.minMarginPercent?.plainString ?? ""))"\(invalid("sales.minMarginPercent", hint: "sr-limits-hint"))>
              \(salesError("sales.minMarginPercent"))
              <label for="sr-approver">\(text["salesRules.approverId"])</label>
              <select id="sr-approver" name="approverId"\(invalid("sales.approverId"))>\(approverOptions(selected: shown("approverId", rules.approverId?.lowercaseString ?? "")))</select>
              \(salesError("sales.approverId"))
              <label for="sr-validity">\(text["salesRules.quoteValidityDays"])</label>
              <input id="sr-validity" name="quoteValidityDays" inputmode="numeric" required size="6" value="\(shown("quoteValidityDays", String(rules.quoteValidityDays)))"\(invalid("sales.quoteValidityDays"))>
              \(salesError("sales.quoteValidityDays"))
              <label for="sr-terms">\(text["salesRules.paymentTermsDays"])</label>
              <input id="sr-terms" name="paymentTermsDays" inputmode="numeric" required size="6" value="\(shown("paymentTermsDays", String(rules.paymentTermsDays)))"\(invalid("sales.paymentTermsDays"))>
              \(salesError("sales.paymentTermsDays"))
              <label for="sr-letterhead">\(text["salesRules.letterhead"])</label>
              <textarea id="sr-letterhead" name="letterhead" rows="4" maxlength="\(SettingsPageController.maximumLetterhead)"\(invalid("sales.letterhead"))>\(shown("letterhead", rules.letterhead))</textarea>
              \(salesError("sales.letterhead"))
              <fieldset class="stack"><legend>\(text["salesRules.taxRates"])</legend>\(taxRates)</fieldset>
              <button type="submit">\(text["profile.save"])</button>
            </form></section>
            """
    }

    /// Active users, and the current approver even when deactivated (so saving keeps them).
    private func approverOptions(selected: String) -> HTML {
        let choices = users.filter { $0.active || $0.id == sales.rules.approverId }
        let options: [HTML] = [HTML(trusted: "<option value=\"\">") + "\(text["salesRules.ownersManager"])</option>"] + choices.map { user in
            let id = user.id.lowercaseString
            let name = user.active ? user.name : text.format("list.deactivatedUser", ["name": user.name])
            return "<option value=\"\(id)\"\(id == selected.lowercased() ? HTML(trusted: " selected") : .empty)>\(name)</option>"
        }
        return options.joined()
    }

    private func exchangeRatesSection() -> HTML {
        let base = tenant?.baseCurrency ?? ""
        let refused = sales.sent.keys.contains("rate")
        let rows: [HTML] = sales.rates.map(rateRow)
        let table: HTML = rows.isEmpty ? "<p class=\"empty\">\(text["rates.none"])</p>" : """
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="rates-list-title"><table class="records lines">
            <caption id="rates-list-title" class="sr">\(text["rates.recent"])</caption>
            <thead><tr><th scope="col">\(text["rates.currency"])</th><th scope="col">\(text["rates.date"])</th>
            <th scope="col" class="number">\(text["rates.rate"])</th><th scope="col">\(text["settings.change"])</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let currencies: [HTML] = CurrencyCode.allCodes.filter { $0 != base }.map { code in
            "<option value=\"\(code)\"\(refused && sales.sent["currency"] == code ? HTML(trusted: " selected") : .empty)>\(code)</option>"
        }
        return """
            <section class="card" id="exchange-rates" aria-labelledby="rates-title"><h2 id="rates-title">\(text["rates.title"])</h2>
            <p>\(text.format("rates.base", ["currency": base]))</p>
            \(table)
            <h3 id="rate-form-title">\(text["rates.addOrChange"])</h3>
            <form method="post" action="/settings/exchange-rates" class="stack" aria-labelledby="rate-form-title">\(Layout.csrfField(context))
              <label for="rate-currency">\(text["rates.currency"])</label>
              <select id="rate-currency" name="currency"\(invalid("rate.currency"))>\(currencies)</select>\(salesError("rate.currency"))
              <label for="rate-date">\(text["rates.date"])</label>
              <input id="rate-date" name="date" type="date" required value="\(refused ? validDate(sales.sent["date"]) : "")"\(invalid("rate.date"))>\(salesError("rate.date"))
              <label for="rate-value">\(text.format("rates.rateOf", ["currency": base]))</label>
              <input id="rate-value" name="rate" inputmode="decimal" required size="14" value="\(refused ? sales.sent["rate"] ?? "" : "")"\(invalid("rate.rate"))>\(salesError("rate.rate"))
              <button type="submit">\(text["rates.save"])</button>
            </form></section>
            """
    }

    private func rateRow(_ rate: ExchangeRate) -> HTML {
        let shownRate = rate.rate.formatted(Decimal.FormatStyle(locale: context.language.locale).precision(.fractionLength(0...ExchangeRateStore.maximumDecimals)))
        let date = rate.date.description
        return """
            <tr><td>\(rate.currency.code)</td><td><time datetime="\(date)">\(context.format.date(rate.date))</time></td><td class="number">\(shownRate)</td>
            <td><form method="post" action="/settings/exchange-rates/\(rate.currency.code)/\(date)/delete" class="inline">\(Layout.csrfField(context))
            <button type="submit" class="secondary">\(text["record.delete"])<span class="sr"> \(rate.currency.code) \(context.format.date(rate.date))</span></button></form></td></tr>
            """
    }

    /// A date input's value must be a date; anything else sent is dropped rather than shown.
    private func validDate(_ sent: String?) -> String {
        sent.flatMap(LocalDate.init(iso:)).map(\.description) ?? ""
    }

    /// `aria-invalid` and the ids of what describes the control: its hint, and its error when it has one.
    private func invalid(_ key: String, hint: String? = nil) -> HTML {
        let described = ([hint] + [errors[key] == nil ? nil : errorID(key)]).compactMap { $0 }.joined(separator: " ")
        let flag: HTML = errors[key] == nil ? .empty : " aria-invalid=\"true\""
        return described.isEmpty ? flag : flag + " aria-describedby=\"\(described)\""
    }

    private func salesError(_ key: String) -> HTML? {
        errors[key].map { "<p class=\"field-error\" id=\"\(errorID(key))\" role=\"alert\">\($0)</p>" }
    }

    private func errorID(_ key: String) -> String {
        "error-" + key.replacingOccurrences(of: ".", with: "-")
    }
}
