import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// What every page needs to know about who is looking and how to speak to them.
struct PageContext: Sendable {
    let session: TokenAuthenticator.Session
    let language: Language
    let format: LocaleFormat
    let csrf: String
    let requestId: String

    var user: Directory.User { session.user }
    var principal: Principal { session.principal }
    var text: Catalogue { Catalogue.shared(language) }

    init(request: Request) throws {
        let session = try request.session
        self.session = session
        self.language = Self.language(user: session.user, request: request)
        self.format = LocaleFormat(language: language, timeZoneIdentifier: session.user.timeZone)
        self.csrf = PageSession.csrfToken(for: session)
        self.requestId = request.id
    }

    /// The user's choice, or while they have made none, their browser's.
    static func language(user: Directory.User?, request: Request) -> Language {
        if let user, let chosen = Language(preference: user.locale) { return chosen }
        return Language.negotiate(acceptLanguage: request.headers.first(name: .acceptLanguage))
    }
}

extension Catalogue {
    private static let all: [Language: Catalogue] = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, Catalogue($0)) })

    static func shared(_ language: Language) -> Catalogue { all[language]! }
}

extension Request {
    var page: PageContext {
        get throws { try PageContext(request: self) }
    }

    /// An entity as this tenant has it (custom fields included); an unknown name is a missing page.
    func entity(named name: String, _ context: PageContext) async throws -> EntityDefinition {
        guard let entity = try await rapport.store.entity(named: name, tenantId: context.user.tenantId) else { throw PageError.notFound }
        return entity
    }
}

/// Errors that pages answer with the friendly error page.
enum PageError: Error {
    case csrf
    case notFound
}
