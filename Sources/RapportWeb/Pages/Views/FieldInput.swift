import Foundation
import RapportPersistence
import RapportDomain

/// The form control for a field, chosen by its declared type, with its label and error.
struct FieldInput {
    let context: PageContext
    let entity: EntityDefinition
    /// Choices for reference fields, by target entity name.
    let options: [String: [(UUID, String)]]
    let defaultCurrency: String

    func html(_ field: FieldDefinition, value: FieldValue, rawValue: String?, error: String?) -> HTML {
        let text = context.text
        let name = RecordForm.inputName(field)
        let id = Self.id(field)
        let label = text.label(field, of: entity)
        let required: HTML = field.required ? " required" : ""
        let invalid: HTML = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(id)-error\""
        let errorHTML: HTML? = error.map { "<p class=\"field-error\" id=\"\(id)-error\">\($0)</p>" }
        let shown = rawValue ?? Self.inputText(value, field, context)
        let control: HTML
        switch field.type {
        case .choice(let values):
            let items: [HTML] = [("", "—")].map { "<option value=\"\($0.0)\">\($0.1)</option>" as HTML }
                + values.map { "<option value=\"\($0)\"\(shown == $0 ? HTML(trusted: " selected") : .empty)>\(text.choice($0, of: field, in: entity))</option>" }
            control = "<select id=\"\(id)\" name=\"\(name)\"\(required)\(invalid)>\(items)</select>"
        case .boolean:
            let checked: HTML = value.boolValue == true ? " checked" : ""
            return "<div class=\"check\"><input type=\"checkbox\" id=\"\(id)\" name=\"\(name)\"\(checked)\(invalid)> <label for=\"\(id)\">\(label)</label>\(errorHTML)</div>"
        case .reference(let target):
            var choices = options[target] ?? []
            if let current = value.idValue, !choices.contains(where: { $0.0 == current }) { choices.insert((current, current.lowercaseString), at: 0) }
            let items: [HTML] = [("", "—")].map { "<option value=\"\($0.0)\">\($0.1)</option>" as HTML }
                + choices.map { "<option value=\"\($0.0.lowercaseString)\"\(shown == $0.0.lowercaseString ? HTML(trusted: " selected") : .empty)>\($0.1)</option>" }
            control = "<select id=\"\(id)\" name=\"\(name)\"\(required)\(invalid)>\(items)</select>"
        case .textList, .multiChoice:
            control = "<textarea id=\"\(id)\" name=\"\(name)\" rows=\"2\"\(invalid)>\(shown)</textarea>"
        case .text(let maxLength) where maxLength > 300:
            control = "<textarea id=\"\(id)\" name=\"\(name)\" rows=\"4\" maxlength=\"\(maxLength)\"\(required)\(invalid)>\(shown)</textarea>"
        case .money:
            let currency = value.moneyValue?.currency.code ?? defaultCurrency
            control = """
                <span class="money-input"><input id="\(id)" name="\(name)" inputmode="decimal" value="\(shown)"\(required)\(invalid)>
                <label class="sr" for="\(id)-ccy">\(label): \(context.text["convert.currency"])</label><input id="\(id)-ccy" name="\(name)__currency" value="\(currency)" size="4" maxlength="3" pattern="[A-Za-z]{3}"></span>
                """
        default:
            let type = switch field.type {
            case .email: "email"
            case .url: "url"
            case .phone: "tel"
            case .integer, .number: "number"
            case .date: "date"
            case .timestamp: "datetime-local"
            default: "text"
            }
            let extra: HTML = switch field.type {
            case .integer(let minimum, let maximum): " min=\"\(minimum)\" max=\"\(maximum)\" step=\"1\""
            case .number: " step=\"any\""
            case .text(let maxLength): " maxlength=\"\(maxLength)\""
            default: ""
            }
            control = "<input id=\"\(id)\" name=\"\(name)\" type=\"\(type)\" value=\"\(shown)\"\(extra)\(required)\(invalid)>"
        }
        return "<div class=\"field\"><label for=\"\(id)\">\(label)</label>\(control)\(errorHTML)</div>"
    }

    /// The element id of a field's control, unique on a page that shows one form of the record.
    static func id(_ field: FieldDefinition) -> String {
        "in-" + RecordForm.inputName(field).replacingOccurrences(of: ".", with: "-")
    }

    /// A stored value as the text an input shows.
    static func inputText(_ value: FieldValue, _ field: FieldDefinition, _ context: PageContext) -> String {
        switch value {
        case .null: ""
        case .text(let text): text
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .money(let money): money.amountText
        case .date(let date): date.description
        case .timestamp(let date): context.format.localInputValue(date)
        case .bool(let flag): flag ? "on" : ""
        case .id(let id): id.lowercaseString
        case .list(let items): items.joined(separator: "\n")
        case .addresses: ""
        }
    }
}
