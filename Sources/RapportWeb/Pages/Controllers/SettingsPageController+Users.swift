import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// Settings: an administrator changes a user's role, team and partner organisation, or deactivates them.
extension SettingsPageController {
    struct UserChangeForm: Content {
        var role: String?
        var teamId: String?
        var partnerId: String?
    }

    struct ActiveForm: Content { var active: String? }

    static func changeUser(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let userId = try pathID(request)
        let form = try request.content.decode(UserChangeForm.self)
        // The form always sends every value; an empty choice means no team or no partner organisation.
        let change = Directory.UserChange(role: form.role.flatMap(Role.init(rawValue:)), teamId: .some(form.teamId.flatMap(UUID.init(parsing:))),
                                          partnerId: .some(form.partnerId.flatMap(UUID.init(parsing:))))
        return try await apply(change, to: userId, request, context)
    }

    static func setUserActive(_ request: Request) async throws -> Response {
        let context = try adminContext(request)
        let userId = try pathID(request)
        let form = try request.content.decode(ActiveForm.self)
        return try await apply(Directory.UserChange(active: form.active == "true"), to: userId, request, context)
    }

    private static func apply(_ change: Directory.UserChange, to userId: UUID, _ request: Request, _ context: PageContext) async throws -> Response {
        let id = userId.lowercaseString
        return try await self.change(request, context, anchor: "user-\(id)", refusals: .together(key: "user-\(id)")) {
            _ = try await UserAdminController.apply(change, to: userId, request: request, principal: context.principal)
        }
    }
}
