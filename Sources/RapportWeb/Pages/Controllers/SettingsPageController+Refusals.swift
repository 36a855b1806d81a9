import Foundation
import RapportDomain
import RapportPersistence

/// How the settings page shows a refused change: always in the user's language (the store's own
/// messages are English, for API clients), either next to each field or together next to the form.
extension SettingsPageController {
    enum Refusals {
        /// Each field's message under `<section>.<field>`; one about the form as a whole under `<section>`.
        case perField(section: String)
        /// All messages together under `key`; a taken name reads `nameTaken`.
        case together(key: String, nameTaken: String = "settings.stageNameTaken")

        /// The page's error keys and their messages.
        func place(_ errors: [FieldError], _ text: Catalogue) -> [String: String] {
            switch self {
            case .perField(let section):
                Dictionary(errors.map { (Self.key(section, $0.field), SettingsPageController.translated($0, text, nameTaken: "settings.nameTaken")) },
                           uniquingKeysWith: { first, second in "\(first) \(second)" })
            case .together(let key, let nameTaken):
                [key: errors.map { SettingsPageController.translated($0, text, nameTaken: nameTaken) }.joined(separator: " ")]
            }
        }

        private static func key(_ section: String, _ field: String) -> String {
            field.isEmpty ? section : "\(section).\(field)"
        }
    }

    /// A store conflict as a field error, so that it is translated and placed like one: a taken e-mail
    /// or custom field key belongs to that field; any other clash (a unique index caught a race) to the form.
    static func conflictError(_ code: String) -> FieldError {
        guard let field = conflictFields[code] else { return FieldError(field: "", code: .conflict, message: code) }
        return FieldError(field: field, code: .taken, message: code)
    }

    private static let conflictFields = ["email_taken": "email", "duplicate_key": "key"]

    /// A refusal in the user's language: in the settings' own words where they read better, otherwise
    /// the field's translated validation message with the limits the store's error names (0–100, 100 characters…).
    static func translated(_ error: FieldError, _ text: Catalogue, nameTaken: String) -> String {
        switch (error.field, error.code) {
        case ("name", "required"): text["settings.nameRequired"]
        case ("name", "taken"): text[nameTaken]
        case ("email", "taken"): text["settings.emailTaken"]
        case ("key", "taken"): text["settings.fieldKeyTaken"]
        case ("", "conflict"): text["settings.conflict"]
        case ("type", "invalid_type"): text["settings.typeIncomplete"]
        case ("active", "forbidden"): text["settings.cannotDeactivateSelf"]
        case ("role", "forbidden"): text["settings.cannotDemoteSelf"]
        case ("partnerId", "required"): text["settings.partnerRequired"]
        default: text.validationMessage(error, label: text[labelKeys[error.field] ?? "settings.name"]) ?? error.message
        }
    }

    /// The labels the settings' forms show for the fields the store names.
    private static let labelKeys = [
        "name": "settings.name", "kind": "settings.kind", "role": "settings.role", "probability": "settings.probability",
        "direction": "settings.order", "teamId": "field.teamId", "partnerId": "field.partnerId", "parentId": "settings.parentTeam",
        "email": "signIn.email", "entity": "settings.entity", "key": "settings.key", "label": "settings.label", "type": "settings.type",
        "choices": "settings.choices", "referenceEntity": "settings.referenceEntity", "leadResponseDays": "settings.leadDays",
    ]
}
