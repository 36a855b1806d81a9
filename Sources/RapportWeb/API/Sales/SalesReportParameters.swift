import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The filters every sales report takes: `from`/`to` (YYYY-MM-DD, to inclusive), `ownerId`,
/// `teamId` (the team and every team below it), and for the reports (not the quota list)
/// `productId`: deals with a line of that product on any of their quotes. The deal reports
/// (forecast, win/loss, funnel) narrow every figure by it; plan vs actual and activity only
/// their deal measures (won amount, stage moves). Bad values are field errors, all at once.
struct SalesReportParameters {
    var from: LocalDate
    var to: LocalDate
    var ownerId: UUID?
    var teamIds: [UUID]?
    var productId: UUID?
    var errors: [FieldError] = []

    /// The days, owner and team (the quota list reads no more).
    var period: ReportPeriod { ReportPeriod(from: from, to: to, ownerId: ownerId, teamIds: teamIds) }
    /// The filter of the reports over calendar days: forecast, plan vs actual and activity.
    var productPeriod: ProductPeriodFilter { ProductPeriodFilter(period: period, productId: productId) }

    /// Instants of the period: from the start of `from` to the end of `to`, UTC.
    var fromInstant: Date { Date(timeIntervalSince1970: Double(from.daysSince1970) * 86_400) }
    var toInstant: Date { Date(timeIntervalSince1970: Double(to.daysSince1970 + 1) * 86_400) }

    /// The API's reading: the caller and the parameters, any field error thrown as a validation problem.
    static func validated(_ request: Request, ignoringProduct: Bool = false) async throws -> (Principal, SalesReportParameters) {
        let principal = try request.session.principal
        let parameters = try await read(request, tenantId: principal.tenantId, ignoringProduct: ignoringProduct)
        guard parameters.errors.isEmpty else { throw Problem.validation(parameters.errors) }
        return (principal, parameters)
    }

    /// The default period is the current quarter. `ignoringProduct`: for the quota list, which has
    /// no product (a `productId` sent is passed over, not refused).
    static func read(_ request: Request, tenantId: UUID, ignoringProduct: Bool = false) async throws -> SalesReportParameters {
        let today = LocalDate(daysSince1970: Int(Date().timeIntervalSince1970 / 86_400))
        let quarterStart = LocalDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!
        let nextQuarter = quarterStart.month + 3 > 12 ? LocalDate(year: quarterStart.year + 1, month: 1, day: 1)!
            : LocalDate(year: quarterStart.year, month: quarterStart.month + 3, day: 1)!
        var parameters = SalesReportParameters(from: quarterStart, to: LocalDate(daysSince1970: nextQuarter.daysSince1970 - 1))
        // An empty value is no filter, as a form's "—" choice sends it (like the aging report's filters).
        func query(_ name: String) -> String? { request.query[String.self, at: name].flatMap { $0.isEmpty ? nil : $0 } }
        for (name, keyPath) in [("from", \SalesReportParameters.from), ("to", \SalesReportParameters.to)] {
            guard let text = query(name) else { continue }
            if let date = LocalDate(iso: text) { parameters[keyPath: keyPath] = date } else {
                parameters.errors.append(FieldError(field: name, code: .invalidDate, message: "\(name) must be a date such as 2026-01-31."))
            }
        }
        if parameters.to < parameters.from {
            parameters.errors.append(FieldError(field: "to", code: .outOfRange, message: "to must not be before from."))
        }
        if let text = query("ownerId") {
            parameters.ownerId = UUID(parsing: text)
            if parameters.ownerId == nil { parameters.errors.append(FieldError(field: "ownerId", code: .invalidId, message: "ownerId must be a user id.")) }
        }
        if !ignoringProduct, let text = query("productId") {
            parameters.productId = UUID(parsing: text)
            if parameters.productId == nil { parameters.errors.append(FieldError(field: "productId", code: .invalidId, message: "productId must be a product id.")) }
        }
        if let text = query("teamId") {
            if let team = UUID(parsing: text) {
                parameters.teamIds = try await request.rapport.directory.teamSubtree(of: team, tenantId: tenantId)
            } else {
                parameters.errors.append(FieldError(field: "teamId", code: .invalidId, message: "teamId must be a team id."))
            }
        }
        return parameters
    }
}
