import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// The quote as the customer receives it: the tenant's letterhead, the customer, the lines and
/// totals, in the customer's language (the quote's), with a print stylesheet.
enum QuotePrintController {
    static func show(_ request: Request) async throws -> Response {
        let context = try request.page
        let quote = try await RecordPageController.load(request, .quote, context)
        let lines = try await request.rapport.store.quoteLines(quoteId: quote.id, principal: context.principal).lines
        let settings = try await SalesSettingsStore(database: request.rapport.database).settings(tenantId: context.user.tenantId)
        let tenant = try await request.rapport.directory.tenant(id: context.user.tenantId)
        let account = try await quote["accountId"].idValue.asyncMap { try? await request.rapport.store.get(.account, id: $0, principal: context.principal) }
        let contact = try await quote["contactId"].idValue.asyncMap { try? await request.rapport.store.get(.contact, id: $0, principal: context.principal) }
        let language = quote["language"].textValue.flatMap(Language.init(rawValue:)) ?? context.language
        let view = QuotePrintView(
            quote: quote, lines: lines, letterhead: settings.letterhead, sender: tenant?.name ?? "",
            customer: account.flatMap { $0 }.map(ReferenceNames.title(of:)), contact: contact.flatMap { $0 }.map(ReferenceNames.title(of:)),
            text: Catalogue.shared(language), format: LocaleFormat(language: language, timeZoneIdentifier: context.user.timeZone))
        return Layout.response(view.render())
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
