import Foundation

/// A postal address as it sits inside an `addresses` field.
public struct PostalAddress: Sendable, Hashable {
    public static let keys = ["kind", "street", "city", "region", "postalCode", "country"]
    public var parts: [String: String]

    public init(parts: [String: String]) { self.parts = parts }
}

/// One typed value of a record field, independent of the database.
public enum FieldValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
    case number(Double)
    case money(Money)
    case date(LocalDate)
    case timestamp(Date)
    case bool(Bool)
    case id(UUID)
    case list([String])
    case addresses([PostalAddress])

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var idValue: UUID? { if case .id(let id) = self { id } else { nil } }
    public var textValue: String? { if case .text(let text) = self { text } else { nil } }
    public var listValue: [String]? { if case .list(let list) = self { list } else { nil } }
    public var integerValue: Int64? { if case .integer(let int) = self { int } else { nil } }
    public var timestampValue: Date? { if case .timestamp(let date) = self { date } else { nil } }
    public var boolValue: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    public var moneyValue: Money? { if case .money(let money) = self { money } else { nil } }
    public var dateValue: LocalDate? { if case .date(let date) = self { date } else { nil } }

    /// The value as the API writes it.
    public var json: JSONValue {
        switch self {
        case .null: .null
        case .text(let text): .string(text)
        case .integer(let int): .number(String(int))
        case .number(let double): .number(double.isFinite ? "\(double)" : "null")
        case .money(let money): .object(JSONObject(["amount": .string(money.amountText), "currency": .string(money.currency.code)]))
        case .date(let date): .string(date.description)
        case .timestamp(let date): .string(Timestamp.format(date))
        case .bool(let flag): .bool(flag)
        case .id(let id): .string(id.lowercaseString)
        case .list(let items): .array(items.map(JSONValue.string))
        case .addresses(let addresses):
            .array(addresses.map { address in
                var object = JSONObject()
                for key in PostalAddress.keys { if let part = address.parts[key] { object[key] = .string(part) } }
                return .object(object)
            })
        }
    }
}
