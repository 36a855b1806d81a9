/// What a field holds. The type decides validation, storage, filters and the OpenAPI schema.
public enum FieldType: Sendable, Hashable {
    case text(maxLength: Int)
    case email
    case phone
    case url
    case integer(minimum: Int64, maximum: Int64)
    case number
    case money
    case currency
    case date
    case timestamp
    case boolean
    case choice([String])
    case multiChoice([String])
    /// The id of a record of the named entity in the same tenant.
    case reference(String)
    /// A plain id whose target entity is named by another field (an activity's related record).
    case uuid
    case textList(ListKind)
    case addresses

    public enum ListKind: String, Sendable, Hashable {
        case tags, emails, phones, names
    }

    public var name: String {
        switch self {
        case .text: "text"
        case .email: "email"
        case .phone: "phone"
        case .url: "url"
        case .integer: "integer"
        case .number: "number"
        case .money: "money"
        case .currency: "currency"
        case .date: "date"
        case .timestamp: "timestamp"
        case .boolean: "boolean"
        case .choice: "choice"
        case .multiChoice: "multiChoice"
        case .reference: "reference"
        case .uuid: "uuid"
        case .textList(let kind): kind.rawValue
        case .addresses: "addresses"
        }
    }

    /// Types whose values form a list; they filter with `contains` and `empty`.
    public var isList: Bool {
        switch self {
        case .multiChoice, .textList, .addresses: true
        default: false
        }
    }

    /// Types with a natural order, so `lt`/`gt` filters and sorting make sense.
    public var isOrdered: Bool {
        switch self {
        case .integer, .number, .money, .date, .timestamp, .text, .email, .phone, .url, .choice, .currency: true
        default: false
        }
    }
}
