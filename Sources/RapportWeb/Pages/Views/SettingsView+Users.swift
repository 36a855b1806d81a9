import Foundation
import RapportDomain
import RapportPersistence

/// One user in the settings' table, with the small forms that change their role, team and
/// partner organisation or deactivate them. An administrator's own row has no deactivate button.
extension SettingsView {
    func userRow(_ user: Directory.User, teamNames: [UUID: String], partnerNames: [UUID: String]) -> HTML {
        let id = user.id.lowercaseString
        let isMe = user.id == context.user.id
        let roles: [HTML] = Role.allCases.map { option($0.rawValue, text["role.\($0.rawValue)"], selected: $0 == user.role) }
        let teamOptions: [HTML] = [option("", "—", selected: user.teamId == nil)]
            + teams.map { option($0.0.lowercaseString, $0.1, selected: $0.0 == user.teamId) }
        let partnerOptions: [HTML] = [option("", "—", selected: user.partnerId == nil)]
            + partners.map { option($0.0.lowercaseString, $0.1, selected: $0.0 == user.partnerId) }
        return """
            <tr id="user-\(id)"><td>\(user.name)\(isMe ? " \(text["settings.you"])" as HTML : .empty)</td><td>\(user.email)</td><td>\(text["role.\(user.role.rawValue)"])</td>
            <td>\(user.teamId.flatMap { teamNames[$0] } ?? "")</td><td>\(user.partnerId.flatMap { partnerNames[$0] } ?? "")</td>
            <td>\(text[user.active ? "settings.active" : "settings.inactive"])</td>
            <td><form method="post" action="/settings/users/\(id)" class="inline">\(Layout.csrfField(context))
              <label class="sr" for="role-\(id)">\(user.name): \(text["settings.role"])</label><select id="role-\(id)" name="role">\(roles)</select>
              <label class="sr" for="team-\(id)">\(user.name): \(text["field.teamId"])</label><select id="team-\(id)" name="teamId">\(teamOptions)</select>
              <label class="sr" for="partner-\(id)">\(user.name): \(text["field.partnerId"])</label><select id="partner-\(id)" name="partnerId">\(partnerOptions)</select>
              <button type="submit" class="secondary">\(text["profile.save"])</button>
            </form>
            \(isMe ? nil : activeButton(user))
            \(error("user-\(id)"))</td></tr>
            """
    }

    private func activeButton(_ user: Directory.User) -> HTML {
        """
        <form method="post" action="/settings/users/\(user.id.lowercaseString)/active" class="inline">\(Layout.csrfField(context))
        <input type="hidden" name="active" value="\(user.active ? "false" : "true")">
        <button type="submit" class="secondary">\(text[user.active ? "settings.deactivate" : "settings.reactivate"])<span class="sr"> \(user.name)</span></button></form>
        """
    }

    private func option(_ value: String, _ label: String, selected: Bool) -> HTML {
        "<option value=\"\(value)\"\(selected ? HTML(trusted: " selected") : .empty)>\(label)</option>"
    }
}
