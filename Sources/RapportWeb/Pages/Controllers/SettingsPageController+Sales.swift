import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// What the settings page's sales sections show: the tenant's sales rules, its latest exchange
/// rates, and what a refused form sent, so that it is shown again as typed.
struct SalesSettingsData: Sendable {
    static let ratesShown = 50

    let rules: SalesSettings
    let rates: [ExchangeRate]
    var sent: [String: String] = [:]

    static func load(_ request: Request, _ context: PageContext) async throws -> SalesSettingsData {
        let database = request.rapport.database
        return SalesSettingsData(
            rules: try await SalesSettingsStore(database: database).settings(tenantId: context.user.tenantId),
            rates: try await ExchangeRateStore(database: database).rates(tenantId: context.user.tenantId, limit: ratesShown))
    }
}

/// Settings: the sales rules (approval limits and approver, validity, payment terms, letterhead,
/// tax rates) and the exchange rates. The rules are checked here as the API checks them.
extension SettingsPageController {
    static let maximumDays = 3_650
    static let maximumLetterhead = 2_000

    static func saveSalesRules(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let form = try request.content.decode([String: String].self)
        let store = SalesSettingsStore(database: request.rapport.database)
        var rules = try await store.settings(tenantId: context.user.tenantId)
        var problems: [String: FieldError] = [:]
        func value(_ key: String) -> String { form[key]?.trimmed ?? "" }

        for key in ["maxDiscountPercent", "minMarginPercent"] {
            let text = value(key)
            let limit = text.isEmpty ? nil : Decimal.exact(text)
            if !text.isEmpty && (limit == nil || !(-100...100).contains(limit!)) {
                problems[key] = FieldError(field: key, code: .outOfRange, message: "\(key) is a percentage from -100 to 100.", limits: ["min": "-100", "max": "100"])
            } else if key == "maxDiscountPercent" { rules.maxDiscountPercent = limit } else { rules.minMarginPercent = limit }
        }
        let approver = value("approverId")
        var chosen: Directory.User?
        if let id = UUID(parsing: approver), let user = try await request.rapport.directory.user(id: id), user.tenantId == context.user.tenantId {
            chosen = user
        }
        if approver.isEmpty {
            rules.approverId = nil
        } else if let chosen, chosen.active || chosen.id == rules.approverId {
            rules.approverId = chosen.id
        } else {
            problems["approverId"] = chosen == nil ? FieldError(field: "approverId", code: .notFound, message: "No user with this id in this tenant.")
                : FieldError(field: "approverId", code: .deactivatedUser, message: "This user is deactivated; choose an active user.")
        }
        for key in ["quoteValidityDays", "paymentTermsDays"] {
            guard let days = Int(value(key)), (0...maximumDays).contains(days) else {
                problems[key] = FieldError(field: key, code: .outOfRange, message: "\(key) must be a whole number of days from 0 to \(maximumDays).",
                                           limits: ["min": "0", "max": String(maximumDays)])
                continue
            }
            if key == "quoteValidityDays" { rules.quoteValidityDays = days } else { rules.paymentTermsDays = days }
        }
        let letterhead = form["letterhead"] ?? ""
        if letterhead.count > maximumLetterhead {
            problems["letterhead"] = FieldError(field: "letterhead", code: .tooLong, message: "letterhead is too long.", limits: ["max": String(maximumLetterhead)])
        } else if letterhead.contains("\u{0}") {
            problems["letterhead"] = FieldError(field: "letterhead", code: .invalidCharacter, message: "letterhead contains a NUL character.")
        } else {
            rules.letterhead = letterhead
        }
        for category in EntityDefinition.taxCategories {
            let key = "taxRate.\(category)"
            guard let rate = Decimal.exact(value(key)), (0...100).contains(rate) else {
                problems[key] = FieldError(field: key, code: .outOfRange, message: "A tax rate is a percentage from 0 to 100.", limits: ["min": "0", "max": "100"])
                continue
            }
            rules.taxRates[category] = rate
        }
        guard problems.isEmpty else {
            let messages = Dictionary(uniqueKeysWithValues: problems.map { key, error in
                ("sales.\(key)", context.text.validationMessage(error, label: salesLabel(key, context.text)) ?? error.message)
            })
            return try await refusedSales(request, context, messages, sent: form)
        }
        try await store.save(rules, tenantId: context.user.tenantId, by: context.user.id)
        return request.redirect(to: "/settings?saved=sales#sales-rules", redirectType: .normal)
    }

    static func saveExchangeRate(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let form = try request.content.decode([String: String].self)
        let rateText = form["rate"]?.trimmed ?? ""
        guard let rate = Decimal.exact(rateText) else {
            let error = FieldError(field: "rate", code: rateText.isEmpty ? .required : .invalidValue, message: "rate must be a number such as 0.92.")
            return try await refusedSales(request, context, ["rate.rate": context.text.validationMessage(error, label: context.text["rates.rate"]) ?? error.message],
                                          sent: form)
        }
        let input = ExchangeRateStore.Input(currency: form["currency"]?.trimmed ?? "", date: form["date"]?.trimmed ?? "", rate: rate)
        do {
            try await ExchangeRateStore(database: request.rapport.database).upsert([input], tenantId: context.user.tenantId, by: context.user.id)
        } catch StoreError.validation(let errors) {
            var messages: [String: String] = [:]
            for error in errors {
                let field = error.field.split(separator: ".").last.map(String.init) ?? ""
                let key = ["currency", "date", "rate"].contains(field) ? field : "rate"
                messages["rate.\(key)"] = context.text.validationMessage(error, label: context.text["rates.\(key)"]) ?? error.message
            }
            return try await refusedSales(request, context, messages, sent: form)
        }
        return request.redirect(to: "/settings?saved=rates#exchange-rates", redirectType: .normal)
    }

    static func deleteExchangeRate(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        guard let currency = request.parameters.get("currency"), let date = request.parameters.get("date") else { throw PageError.notFound }
        do {
            try await ExchangeRateStore(database: request.rapport.database).delete(currency: currency, date: date, tenantId: context.user.tenantId,
                                                                                   by: context.user.id)
        } catch StoreError.notFound {
            // Deleted meanwhile (or sent twice): what was asked for is done.
        }
        return request.redirect(to: "/settings?saved=rates#exchange-rates", redirectType: .normal)
    }

    /// The settings page again with the problems next to the sales forms, and what was sent in them.
    private static func refusedSales(_ request: Request, _ context: PageContext, _ errors: [String: String], sent: [String: String]) async throws -> Response {
        var page = try await view(request, context, errors: errors)
        page.sales.sent = sent
        return Layout.response(page.render(flash: nil), status: .unprocessableEntity)
    }

    private static func salesLabel(_ key: String, _ text: Catalogue) -> String {
        if key.hasPrefix("taxRate.") { return text["choice.product.taxCategory.\(key.dropFirst("taxRate.".count))"] }
        return text["salesRules.\(key)"]
    }
}
