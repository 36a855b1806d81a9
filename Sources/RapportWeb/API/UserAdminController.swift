import Foundation
import RapportDomain
import RapportPersistence
import Vapor

/// `PATCH /api/v1/users/{id}`: an administrator changes a user's role, team, partner organisation or
/// whether the account is active. The user's cached sessions are dropped, so it applies at once.
enum UserAdminController {
    static let fields = [
        FieldDefinition("role", .choice(Role.allCases.map(\.rawValue)), label: "role", required: true),
        FieldDefinition("teamId", .uuid, label: "teamId"),
        FieldDefinition("partnerId", .uuid, label: "partnerId"),
        FieldDefinition("active", .boolean, label: "active", required: true),
    ]

    static func update(_ request: Request) async throws -> Response {
        let principal = try PipelineSettingsController.adminPrincipal(request)
        let userId = try PipelineSettingsController.id(request, "user")
        var body = try await JSONFields(request, fields: fields)
        let change = Directory.UserChange(
            role: body.value("role")?.textValue.flatMap(Role.init(rawValue:)),
            teamId: body.value("teamId").map { $0.idValue }, partnerId: body.value("partnerId").map { $0.idValue },
            active: body.value("active")?.boolValue)
        try body.throwIfInvalid()
        let user = try await apply(change, to: userId, request: request, principal: principal)
        return JSONIO.response(DirectoryController.json(user))
    }

    /// The one way both the API and the settings page change a user.
    static func apply(_ change: Directory.UserChange, to userId: UUID, request: Request, principal: Principal) async throws -> Directory.User {
        let user = try await request.rapport.directory.updateUser(id: userId, change, principal: principal)
        await request.rapport.authenticator.forget(userId: userId)
        return user
    }
}
