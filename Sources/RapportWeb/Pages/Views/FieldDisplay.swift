import Foundation
import RapportPersistence
import RapportDomain

/// A field's value as a person reads it: formatted for their locale, references as links.
struct FieldDisplay {
    let context: PageContext
    let entity: EntityDefinition
    let names: ReferenceNames

    func html(_ value: FieldValue, _ field: FieldDefinition) -> HTML {
        let text = context.text
        switch value {
        case .null: return "<span class=\"muted\">\(text["record.none"])</span>"
        case .text(let string):
            switch field.type {
            case .choice: return "\(text.choice(string, of: field, in: entity))"
            case .email: return "<a href=\"mailto:\(string)\">\(string)</a>"
            case .phone: return "<a href=\"\(Self.telLink(string))\">\(string)</a>"
            case .url:
                guard let link = HTML.safeLink(string) else { return "\(string)" }
                return "<a href=\"\(link)\" rel=\"noopener noreferrer\">\(string)</a>"
            default: return "\(string)"
            }
        case .integer(let number): return "\(context.format.number(number))"
        case .number(let number): return "\(context.format.number(number))"
        case .money(let money): return "<span class=\"money\">\(context.format.money(money))</span>"
        case .date(let date): return "<time datetime=\"\(date.description)\">\(context.format.date(date))</time>"
        case .timestamp(let instant):
            return "<time datetime=\"\(Timestamp.format(instant))\">\(context.format.dateTime(instant))</time>"
        case .bool(let flag): return "\(flag ? text["value.yes"] : text["value.no"])"
        case .id(let id):
            let name = names[id] ?? text["record.none"]
            if let target = names.entities[id] { return "<a href=\"\(SiteURL.record(target, id).path)\">\(name)</a>" }
            return "\(name)"
        case .list(let items):
            let shown: [HTML] = items.map { item in
                switch field.type {
                case .multiChoice: "<li>\(text.choice(item, of: field, in: entity))</li>"
                case .textList(.emails): "<li><a href=\"mailto:\(item)\">\(item)</a></li>"
                case .textList(.phones): "<li><a href=\"\(Self.telLink(item))\">\(item)</a></li>"
                default: "<li>\(item)</li>"
                }
            }
            return "<ul class=\"inline\">\(shown)</ul>"
        case .addresses(let addresses):
            let shown: [HTML] = addresses.map { address in
                let line = ["street", "postalCode", "city", "region", "country"].compactMap { address.parts[$0] }.filter { !$0.isEmpty }
                return "<li>\(line.joined(separator: ", "))</li>"
            }
            return "<ul class=\"plain\">\(shown)</ul>"
        }
    }

    /// A `tel:` URL may not hold spaces (RFC 3966), though people write numbers with them.
    static func telLink(_ phone: String) -> String {
        "tel:" + phone.filter { !$0.isWhitespace }
    }

    /// The value as plain text, for CSV export.
    func plain(_ value: FieldValue, _ field: FieldDefinition) -> String {
        switch value {
        case .null: ""
        case .text(let string): field.type.isChoice ? context.text.choice(string, of: field, in: entity) : string
        case .integer(let number): String(number)
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .money(let money): "\(money.amountText) \(money.currency.code)"
        case .date(let date): date.description
        case .timestamp(let instant): Timestamp.format(instant)
        case .bool(let flag): flag ? "true" : "false"
        case .id(let id): names[id] ?? id.lowercaseString
        case .list(let items): items.joined(separator: "; ")
        case .addresses(let addresses):
            addresses.map { address in ["street", "postalCode", "city", "region", "country"].compactMap { address.parts[$0] }.joined(separator: ", ") }
                .joined(separator: "; ")
        }
    }
}

extension FieldType {
    var isChoice: Bool { if case .choice = self { true } else { false } }
}
