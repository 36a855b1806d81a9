import Foundation
import RapportDomain

/// The facts the record page's header shows for each entity, each editable in place.
enum KeyFacts {
    static func fields(_ entity: EntityDefinition) -> [FieldDefinition] {
        (names[entity.name] ?? ["name", "ownerId"]).compactMap(entity.field(named:))
    }

    /// A key fact that may be edited in place: only what the full edit form offers too.
    static func editableField(named name: String, in entity: EntityDefinition) -> FieldDefinition? {
        guard fields(entity).contains(where: { $0.name == name }) else { return nil }
        return RecordForm.editableFields(entity).first { $0.name == name }
    }

    /// The element id of a fact in the header.
    static func anchor(_ field: FieldDefinition) -> String {
        "fact-" + field.name.replacingOccurrences(of: ".", with: "-")
    }

    /// The id of a fact's edit link: saving or cancelling comes back to it, and since a link can
    /// take the focus, the browser puts keyboard focus back where it was, with or without script.
    static func editLinkAnchor(_ field: FieldDefinition) -> String {
        anchor(field) + "-edit"
    }

    private static let names: [String: [String]] = [
        "account": ["name", "industry", "tier", "website", "ownerId"],
        "contact": ["name", "accountId", "title", "emails", "phones", "ownerId"],
        "lead": ["name", "company", "email", "phone", "grade", "status", "ownerId"],
        "opportunity": ["name", "stageId", "amount", "probability", "expectedCloseDate", "ownerId"],
        "activity": ["subject", "type", "dueAt", "done", "ownerId"],
    ]
}

/// The one key fact whose form the header shows instead of its value.
struct FactEdit: Sendable {
    let field: FieldDefinition
    /// The submitted form, shown again next to its error; nil shows the stored value.
    let raw: [String: String]?
    let error: String?
    /// Choices when the field is a reference, by target entity name.
    let options: [String: [(UUID, String)]]
    let defaultCurrency: String
}
