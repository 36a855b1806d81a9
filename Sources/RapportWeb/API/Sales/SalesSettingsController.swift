import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `GET/PATCH /settings/sales`: approval rules, quote validity, payment terms, letterhead and tax
/// rates. Everyone in the tenant reads them (quotes show why they need approval); admins change them.
enum SalesSettingsController {
    static func get(_ request: Request) async throws -> Response {
        let settings = try await SalesSettingsStore(database: request.rapport.database).settings(tenantId: try request.session.principal.tenantId)
        return JSONIO.response(json(settings))
    }

    static func update(_ request: Request) async throws -> Response {
        let principal = try request.session.principal
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators change the sales settings.") }
        let store = SalesSettingsStore(database: request.rapport.database)
        var settings = try await store.settings(tenantId: principal.tenantId)
        let body = try await JSONIO.body(request)
        var reader = JSONReader(body, allowed: ["maxDiscountPercent", "minMarginPercent", "approverId", "quoteValidityDays",
                                                "paymentTermsDays", "letterhead", "taxRates"])
        let object = reader.object
        if object.contains("maxDiscountPercent") { settings.maxDiscountPercent = reader.decimal("maxDiscountPercent") }
        if object.contains("minMarginPercent") { settings.minMarginPercent = reader.decimal("minMarginPercent") }
        if object.contains("approverId") { settings.approverId = reader.id("approverId") }
        for key in ["quoteValidityDays", "paymentTermsDays"] where object.contains(key) {
            guard let days = reader.decimal(key, required: true), let whole = Int(exactly: NSDecimalNumber(decimal: days)), (0...3_650).contains(whole) else {
                reader.errorsAppend(FieldError(field: key, code: .outOfRange, message: "\(key) must be a whole number of days from 0 to 3650.",
                                               limits: ["min": "0", "max": "3650"]))
                continue
            }
            if key == "quoteValidityDays" { settings.quoteValidityDays = whole } else { settings.paymentTermsDays = whole }
        }
        if object.contains("letterhead") { settings.letterhead = reader.text("letterhead", maxLength: 2_000) ?? "" }
        if let rates = object["taxRates"] {
            var rateReader = JSONReader(rates, path: "taxRates", allowed: Set(EntityDefinition.taxCategories))
            for category in EntityDefinition.taxCategories where rateReader.object.contains(category) {
                if let rate = rateReader.decimal(category, required: true) {
                    if (0...100).contains(rate) { settings.taxRates[category] = rate } else {
                        rateReader.errorsAppend(FieldError(field: "taxRates.\(category)", code: .outOfRange,
                                                           message: "A tax rate is a percentage from 0 to 100.", limits: ["min": "0", "max": "100"]))
                    }
                }
            }
            reader.absorb(rateReader)
        }
        for (key, value) in [("maxDiscountPercent", settings.maxDiscountPercent), ("minMarginPercent", settings.minMarginPercent)] {
            if let value, !(-100...100).contains(value) {
                reader.errorsAppend(FieldError(field: key, code: .outOfRange, message: "\(key) is a percentage from -100 to 100.", limits: ["min": "-100", "max": "100"]))
            }
        }
        if let approver = settings.approverId, object.contains("approverId"),
           try await request.rapport.directory.user(id: approver)?.tenantId != principal.tenantId {
            reader.errorsAppend(FieldError(field: "approverId", code: .notFound, message: "No user with this id in this tenant."))
        }
        guard reader.errors.isEmpty else { throw Problem.validation(reader.errors) }
        try await store.save(settings, tenantId: principal.tenantId, by: principal.userId)
        return JSONIO.response(json(settings))
    }

    static func json(_ settings: SalesSettings) -> JSONValue {
        var rates = JSONObject()
        for category in EntityDefinition.taxCategories { rates.append(category, .decimal(settings.taxRate(forCategory: category))) }
        return .object(JSONObject([
            "maxDiscountPercent": settings.maxDiscountPercent.map(JSONValue.decimal) ?? .null,
            "minMarginPercent": settings.minMarginPercent.map(JSONValue.decimal) ?? .null,
            "approverId": settings.approverId.map { .string($0.lowercaseString) } ?? .null,
            "quoteValidityDays": .int(settings.quoteValidityDays),
            "paymentTermsDays": .int(settings.paymentTermsDays),
            "letterhead": .string(settings.letterhead),
            "taxRates": .object(rates),
        ]))
    }
}
