import Foundation
import RapportDomain
import SQLKit

/// One SQL column that backs (part of) a field.
struct ColumnSpec: Sendable {
    let name: String
    let kind: Dialect.ColumnKind
}

extension FieldDefinition {
    var storageKind: FieldStorageKind {
        switch type {
        case .text, .email, .phone, .url, .choice, .currency, .date: .text
        case .integer, .money, .timestamp: .bigint
        case .number: .number
        case .boolean: .bool
        case .reference, .uuid: .uuid
        case .multiChoice, .textList: .list
        case .addresses: .json
        }
    }

    /// The columns of a built-in field; custom fields live in the `custom` JSON column.
    var columns: [ColumnSpec] {
        guard let column else { return [] }
        switch type {
        case .money: return [ColumnSpec(name: column, kind: .bigint), ColumnSpec(name: "\(column)_currency", kind: .text)]
        default:
            let kind: Dialect.ColumnKind = switch storageKind {
            case .text: .text
            case .bigint: .bigint
            case .number: .double
            case .bool: .bool
            case .uuid: .uuid
            case .list, .json: .json
            }
            return [ColumnSpec(name: column, kind: kind)]
        }
    }

    /// SQL for the field's comparable value: its column, or its key in `custom`.
    func valueSQL(_ dialect: Dialect) -> String {
        if let key = customKey { return dialect.customField(key, type: storageKind) }
        return column!
    }
}

/// Converts field values to SQL binds and back, for either database.
struct FieldCodec: Sendable {
    let dialect: Dialect

    /// Placeholders for the columns of a built-in field, in `columns` order.
    func placeholders(_ value: FieldValue, for field: FieldDefinition) -> [any SQLExpression] {
        switch (field.type, value) {
        case (.money, .money(let money)): return [SQLBind(money.storageUnits), SQLBind(money.currency.code)]
        case (.money, _): return [SQLLiteral.null, SQLLiteral.null]
        default: break
        }
        switch value {
        case .null: return [SQLLiteral.null]
        case .text(let text): return [SQLBind(text)]
        case .integer(let int): return [SQLBind(int)]
        case .number(let double): return [SQLBind(double)]
        case .money(let money): return [SQLBind(money.storageUnits)]
        case .date(let date): return [SQLBind(date.description)]
        case .timestamp(let date): return [SQLBind(Timestamp.milliseconds(date))]
        case .bool(let flag): return [SQLBind(dialect.bind(flag))]
        case .id(let id): return [SQLBind(dialect.bind(id))]
        case .list, .addresses: return [dialect.jsonPlaceholder(JSONWriter.string(value.json))]
        }
    }

    /// A single bound value for comparisons in filters and cursors.
    func comparable(_ value: FieldValue, for field: FieldDefinition) -> any SQLExpression {
        if field.isCustom {
            switch value {
            case .id(let id): return SQLBind(id.lowercaseString)
            case .integer, .number, .money, .timestamp:
                let number = customJSON(value).flatMap { if case .number(let text) = $0 { text } else { nil } } ?? "0"
                return dialect == .postgres ? SQLQueryString("CAST(\(bind: number) AS NUMERIC)") : SQLBind(Double(number) ?? 0)
            default: break
            }
        }
        // Money filters arrive as storage units (ListRequestParser), compared with the amount column.
        if case .money = field.type, case .integer(let units) = value { return SQLBind(units) }
        return placeholders(value, for: field).first ?? SQLLiteral.null
    }

    /// The JSON kept for a custom field inside the `custom` column.
    func customJSON(_ value: FieldValue) -> JSONValue? {
        switch value {
        case .null: nil
        case .money(let money): .number(String(money.storageUnits))
        case .timestamp(let date): .number(String(Timestamp.milliseconds(date)))
        default: value.json
        }
    }

    /// Reads a custom field back from the `custom` JSON object.
    func customValue(_ json: JSONValue?, currency: JSONValue?, for field: FieldDefinition) -> FieldValue {
        guard let json, !json.isNull else { return .null }
        switch field.type {
        case .money:
            guard case .number(let text) = json, let units = Int64(text),
                  let code = currency?.stringValue, let currency = CurrencyCode(code) else { return .null }
            return .money(Money(storageUnits: units, currency: currency))
        case .timestamp:
            guard case .number(let text) = json, let ms = Int64(text) else { return .null }
            return .timestamp(Timestamp.date(milliseconds: ms))
        default:
            return (try? FieldDecoder.decode(json, for: field).get()) ?? .null
        }
    }

    /// Reads the value of a built-in field from a row.
    func decode(_ row: any SQLRow, field: FieldDefinition) throws -> FieldValue {
        guard let column = field.column else { return .null }
        if let row = row as? SQLiteResultRow, let value = try row.fieldValue(column, of: field) { return value }
        if try row.decodeNil(column: column) { return .null }
        switch field.type {
        case .text, .email, .phone, .url, .choice, .currency:
            return .text(try row.decode(column: column, as: String.self))
        case .date:
            return LocalDate(iso: try row.decode(column: column, as: String.self)).map(FieldValue.date) ?? .null
        case .integer:
            return .integer(try row.decode(column: column, as: Int64.self))
        case .number:
            return .number(try row.decode(column: column, as: Double.self))
        case .timestamp:
            return .timestamp(Timestamp.date(milliseconds: try row.decode(column: column, as: Int64.self)))
        case .money:
            let units = try row.decode(column: column, as: Int64.self)
            let code = try row.decode(column: "\(column)_currency", as: String?.self)
            guard let currency = code.flatMap(CurrencyCode.init) else { return .null }
            return .money(Money(storageUnits: units, currency: currency))
        case .boolean:
            return .bool(try decodeBool(row, column))
        case .reference, .uuid:
            return try decodeID(row, column).map(FieldValue.id) ?? .null
        case .multiChoice, .textList, .addresses:
            let text = try row.decode(column: column, as: String.self)
            guard let json = try? JSONParser.parse(text) else { return .null }
            return Self.trustedList(json, for: field)
        }
    }

    /// Stored lists were validated on the way in; reading them back only reshapes them.
    static func trustedList(_ json: JSONValue, for field: FieldDefinition) -> FieldValue {
        guard case .array(let items) = json else { return .null }
        if case .addresses = field.type {
            return .addresses(items.compactMap { item in
                item.objectValue.map { object in
                    PostalAddress(parts: Dictionary(uniqueKeysWithValues: object.pairs.compactMap { pair in pair.value.stringValue.map { (pair.key, $0) } }))
                }
            })
        }
        return .list(items.compactMap(\.stringValue))
    }

    func decodeID(_ row: any SQLRow, _ column: String) throws -> UUID? {
        switch dialect {
        case .sqlite: try row.decode(column: column, as: String?.self).flatMap(UUID.init(parsing:))
        case .postgres: try row.decode(column: column, as: UUID?.self)
        }
    }

    func decodeBool(_ row: any SQLRow, _ column: String) throws -> Bool {
        switch dialect {
        case .sqlite: try row.decode(column: column, as: Int.self) != 0
        case .postgres: try row.decode(column: column, as: Bool.self)
        }
    }

    /// JSON columns are selected as text on PostgreSQL so both databases decode alike.
    func selectColumn(_ spec: ColumnSpec) -> String {
        dialect == .postgres && spec.kind == .json ? "\(spec.name)::text AS \(spec.name)" : spec.name
    }
}
