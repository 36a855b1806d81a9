import Foundation
import RapportDomain
import RapportPersistence
import RapportTestSupport
import Testing
@testable import RapportWeb

extension APITestContext {
    /// Gives a role's user a language on their account (what form posts follow), at once.
    func setLanguage(_ locale: String, for role: String) async throws {
        let principal = try #require(fixture.all.first { $0.name == role }).principal
        try await Directory(database: fixture.database).setPreferences(
            userId: principal.userId, tenantId: fixture.tenant.id, locale: locale, timeZone: "UTC")
        await app.rapport.authenticator.forget(userId: principal.userId)
    }
}
