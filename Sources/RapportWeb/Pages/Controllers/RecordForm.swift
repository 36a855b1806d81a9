import Foundation
import RapportDomain

/// Turns a submitted HTML form into the same JSON the API takes, so one decoder validates both.
/// Blank inputs clear a field when editing and are left out when creating.
enum RecordForm {
    static func json(_ form: [String: String], fields: [FieldDefinition], creating: Bool, format: LocaleFormat) -> JSONValue {
        var builtIn = JSONObject(), custom = JSONObject()
        for field in fields {
            guard let value = value(of: field, in: form, creating: creating, format: format) else { continue }
            // Custom fields travel as {"custom": {"key": value}}, as in the API.
            if field.isCustom {
                custom[String(field.name.dropFirst("custom.".count))] = value
            } else {
                builtIn[field.name] = value
            }
        }
        if !custom.pairs.isEmpty { builtIn["custom"] = .object(custom) }
        return .object(builtIn)
    }

    /// The JSON value of one input; nil leaves the field out.
    private static func value(of field: FieldDefinition, in form: [String: String], creating: Bool, format: LocaleFormat) -> JSONValue? {
        let key = inputName(field)
        let raw = form[key]?.trimmed ?? ""
        if case .boolean = field.type { return .bool(form[key] != nil) }
        if raw.isEmpty { return !creating && form.keys.contains(key) ? .null : nil }
        switch field.type {
        case .integer, .number: return .number(raw)
        case .money:
            return .object(JSONObject(["amount": .string(raw), "currency": .string(form[key + "__currency"]?.trimmed ?? "")]))
        case .textList, .multiChoice:
            let items = raw.split(whereSeparator: { $0.isNewline || $0 == "," }).map { $0.trimmed }.filter { !$0.isEmpty }
            return .array(items.map(JSONValue.string))
        case .timestamp:
            // <input type="datetime-local"> sends the user's wall-clock time without a zone.
            return .string(format.instant(fromLocalInput: raw).map(Timestamp.format) ?? raw)
        default: return .string(raw)
        }
    }

    /// Field names become form names; custom fields' dots are kept (they are plain text in HTML).
    static func inputName(_ field: FieldDefinition) -> String { field.name }

    /// Fields a person fills in on forms: writable, not system-managed, not addresses (edited via the API).
    static func editableFields(_ entity: EntityDefinition) -> [FieldDefinition] {
        entity.allFields.filter { field in
            field.access == .readWrite && !["externalId", "partnerId"].contains(field.name) && field.type != .addresses
        }
    }
}
