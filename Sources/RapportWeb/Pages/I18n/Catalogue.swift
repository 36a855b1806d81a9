import Foundation
import RapportDomain

/// User-facing text for one language. Keys are dotted names; field labels and choice
/// values come from the entity declarations, translated under `field.` and `choice.` keys.
struct Catalogue: Sendable {
    let language: Language
    private let messages: [String: String]

    init(_ language: Language) {
        self.language = language
        self.messages = Self.messages(for: language)
    }

    static func messages(for language: Language) -> [String: String] {
        switch language {
        case .english: englishMessages.merging(englishPerformanceMessages) { first, _ in first }.merging(englishSalesMessages) { first, _ in first }
            .merging(englishSalesSettingsMessages) { first, _ in first }.merging(englishOrderMessages) { first, _ in first }
            .merging(englishInvoiceMessages) { first, _ in first }.merging(englishExpenseMessages) { first, _ in first }
            .merging(englishSchemaMessages) { first, _ in first }
        case .chinese: chineseMessages.merging(chinesePerformanceMessages) { first, _ in first }.merging(chineseSalesMessages) { first, _ in first }.merging(chineseSalesSettingsMessages) { first, _ in first }
            .merging(chineseOrderMessages) { first, _ in first }.merging(chineseInvoiceMessages) { first, _ in first }
            .merging(chineseExpenseMessages) { first, _ in first }
        case .russian: russianMessages.merging(russianPerformanceMessages) { first, _ in first }.merging(russianSalesMessages) { first, _ in first }.merging(russianSalesSettingsMessages) { first, _ in first }
            .merging(russianOrderMessages) { first, _ in first }.merging(russianInvoiceMessages) { first, _ in first }
            .merging(russianExpenseMessages) { first, _ in first }
        }
    }

    /// The text for `key`; a missing key shows as `[[key]]`, which the page tests look for.
    subscript(_ key: String) -> String {
        messages[key] ?? "[[\(key)]]"
    }

    func contains(_ key: String) -> Bool { messages[key] != nil }

    /// The text for `key` with `{name}` placeholders filled in.
    func format(_ key: String, _ values: [String: String]) -> String {
        var text = self[key]
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    func entityTitle(_ entity: EntityDefinition) -> String { self["entity.\(entity.name)"] }

    func entityPlural(_ entity: EntityDefinition) -> String { self["entities.\(entity.name)"] }

    /// A field's label; a tenant's custom fields keep the label the admin gave them.
    func label(_ field: FieldDefinition, of entity: EntityDefinition) -> String {
        field.isCustom ? field.label : self[Self.fieldKey(field, entity)]
    }

    /// A value no longer among the field's choices (kept by old records and the audit log) reads as stored.
    func choice(_ value: String, of field: FieldDefinition, in entity: EntityDefinition) -> String {
        let key = Self.choiceKey(value, field, entity)
        return field.isCustom || !contains(key) ? value : self[key]
    }

    /// System fields (owner, created at…) share one label across entities.
    static func fieldKey(_ field: FieldDefinition, _ entity: EntityDefinition) -> String {
        systemFieldNames.contains(field.name) ? "field.\(field.name)" : "field.\(entity.name).\(field.name)"
    }

    private static let systemFieldNames = Set((SystemFields.leading + SystemFields.trailing).map(\.name))

    static func choiceKey(_ value: String, _ field: FieldDefinition, _ entity: EntityDefinition) -> String {
        "choice.\(entity.name).\(field.name).\(value)"
    }

    /// Every key that the entity declarations need, for the completeness test and English.
    static var schemaKeys: Set<String> {
        Set(Catalog.builtIn.flatMap { entity in
            ["entity.\(entity.name)", "entities.\(entity.name)"]
                + entity.allFields.map { fieldKey($0, entity) }
                + entity.allFields.flatMap { field in choices(of: field).map { choiceKey($0, field, entity) } }
        })
    }

    static func choices(of field: FieldDefinition) -> [String] {
        switch field.type {
        case .choice(let values), .multiChoice(let values): values
        default: []
        }
    }

    /// English text for the declarations: their labels, and choice values made readable.
    static let englishSchemaMessages: [String: String] = {
        var messages: [String: String] = [:]
        for entity in Catalog.builtIn {
            messages["entity.\(entity.name)"] = entity.title
            messages["entities.\(entity.name)"] = entity.plural.prefix(1).uppercased() + entity.plural.dropFirst()
            for field in entity.allFields {
                messages[fieldKey(field, entity)] = field.label
                for value in choices(of: field) { messages[choiceKey(value, field, entity)] = readable(value) }
            }
        }
        return messages
    }()

    /// "decisionMaker" → "Decision maker"; codes such as "H" or "1-10" stay as they are.
    static func readable(_ value: String) -> String {
        guard value.count > 1, value.first?.isLowercase == true else { return value }
        let spaced = FieldDefinition.snakeCase(value).replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
}
