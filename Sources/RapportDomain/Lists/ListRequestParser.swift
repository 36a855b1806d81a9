import Foundation

/// Reads `filter[..]`, `sort`, `limit`, `cursor`, `q`, `count` from query pairs.
public enum ListRequestParser {
    public static func parse(_ pairs: [(String, String)], entity: EntityDefinition) throws(ListRequestError) -> ListRequest {
        var request = ListRequest()
        for (name, value) in pairs {
            if FieldDecoder.containsControlCharacters(value) || FieldDecoder.containsControlCharacters(name) {
                throw ListRequestError(parameter: name, code: "invalid_character", message: "\(name) contains a control character.")
            }
            switch name {
            case "sort": request.sort = try parseSort(value, entity: entity)
            case "limit":
                guard let limit = Int(value), (1...ListRequest.maximumLimit).contains(limit) else {
                    throw ListRequestError(parameter: "limit", code: "invalid_limit", message: "limit must be a whole number from 1 to \(ListRequest.maximumLimit).")
                }
                request.limit = limit
            case "cursor": request.cursor = value
            case "q":
                let trimmed = value.trimmed
                guard trimmed.count <= 200 else {
                    throw ListRequestError(parameter: "q", code: "too_long", message: "q is at most 200 characters.")
                }
                request.search = trimmed.isEmpty ? nil : trimmed
            case "count":
                guard let flag = Bool(value) else {
                    throw ListRequestError(parameter: "count", code: "invalid_boolean", message: "count must be true or false.")
                }
                request.includeTotal = flag
            case "deleted":
                guard let flag = Bool(value) else {
                    throw ListRequestError(parameter: "deleted", code: "invalid_boolean", message: "deleted must be true or false.")
                }
                request.deletedOnly = flag
            default:
                guard name.hasPrefix("filter[") else {
                    throw ListRequestError(parameter: name, code: "unknown_parameter",
                        message: "Unknown query parameter \"\(name)\"; use filter[field], filter[field][op], sort, limit, cursor, q, count or deleted.")
                }
                request.filters.append(try parseFilter(name: name, value: value, entity: entity))
            }
        }
        return request
    }

    static func parseSort(_ text: String, entity: EntityDefinition) throws(ListRequestError) -> [SortKey] {
        var keys: [SortKey] = []
        for part in text.split(separator: ",").map({ $0.trimmed }) where !part.isEmpty {
            let descending = part.hasPrefix("-")
            let name = descending ? String(part.dropFirst()) : part
            guard let field = entity.field(named: name) else {
                throw ListRequestError(parameter: "sort", code: "unknown_field", message: "Cannot sort by \"\(name)\": \(entity.title) has no such field.")
            }
            guard field.type.isOrdered else {
                throw ListRequestError(parameter: "sort", code: "unsortable_field", message: "\(field.label) (\(name)) cannot be sorted.")
            }
            keys.append(SortKey(name, descending: descending))
        }
        guard keys.count <= 3 else {
            throw ListRequestError(parameter: "sort", code: "too_many_keys", message: "sort takes at most 3 fields.")
        }
        return keys
    }

    static func parseFilter(name: String, value: String, entity: EntityDefinition) throws(ListRequestError) -> Filter {
        // filter[field] or filter[field][op]
        let inner = name.dropFirst("filter[".count)
        guard let close = inner.firstIndex(of: "]") else {
            throw ListRequestError(parameter: name, code: "invalid_filter", message: "Write filters as filter[field]=value or filter[field][op]=value.")
        }
        let fieldName = String(inner[..<close])
        let rest = inner[inner.index(after: close)...]
        var op = FilterOperator.eq
        if !rest.isEmpty {
            guard rest.hasPrefix("["), rest.hasSuffix("]"), let parsed = FilterOperator(rawValue: String(rest.dropFirst().dropLast())) else {
                throw ListRequestError(parameter: name, code: "invalid_operator",
                    message: "Unknown filter operator in \(name); use one of \(FilterOperator.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            op = parsed
        }
        guard let field = entity.field(named: fieldName) else {
            throw ListRequestError(parameter: name, code: "unknown_field", message: "Cannot filter by \"\(fieldName)\": \(entity.title) has no such field.")
        }
        if op == .empty {
            guard let flag = Bool(value) else {
                throw ListRequestError(parameter: name, code: "invalid_boolean", message: "\(name) must be true or false.")
            }
            return Filter(field: field, op: op, values: [.bool(flag)])
        }
        switch op {
        case .lt, .lte, .gt, .gte:
            // Ordered types are never lists, so this also keeps lists to contains and empty.
            guard field.type.isOrdered else {
                throw ListRequestError(parameter: name, code: "invalid_operator", message: "\(field.label) has no order; \(op.rawValue) does not apply.")
            }
        case .contains:
            guard FieldDefinition.isTextual(field.type) || field.type.isList else {
                throw ListRequestError(parameter: name, code: "invalid_operator", message: "contains applies to text and list fields only.")
            }
        case .eq, .ne, .in:
            if field.type.isList {
                throw ListRequestError(parameter: name, code: "invalid_operator", message: "\(field.label) is a list; filter it with [contains] or [empty].")
            }
        case .empty: break
        }
        let texts = op == .in ? value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [value]
        guard texts.count <= 100 else {
            throw ListRequestError(parameter: name, code: "too_many_values", message: "in takes at most 100 values.")
        }
        var values: [FieldValue] = []
        for text in texts {
            values.append(try parseValue(text, field: field, op: op, parameter: name))
        }
        return Filter(field: field, op: op, values: values)
    }

    private static func isMultiChoice(_ type: FieldType) -> Bool {
        if case .multiChoice = type { true } else { false }
    }

    static func parseValue(_ text: String, field: FieldDefinition, op: FilterOperator, parameter: String) throws(ListRequestError) -> FieldValue {
        if op == .contains, !isMultiChoice(field.type) { return .text(text) }
        let element: FieldDefinition
        switch field.type {
        case .multiChoice(let choices): element = FieldDefinition(field.name, .choice(choices), label: field.label)
        case .textList: return .text(text)
        default: element = field
        }
        let json: JSONValue
        switch element.type {
        case .integer, .number: json = .number(text)
        case .boolean: json = Bool(text).map(JSONValue.bool) ?? .string(text)
        case .money:
            guard let amount = FieldDecoder.exactDecimal(text) else {
                throw ListRequestError(parameter: parameter, code: "invalid_value", message: "\(parameter): \"\(text)\" is not a decimal amount.")
            }
            return .integer(Money(amount: amount, currency: CurrencyCode("USD")!).storageUnits)
        case .text:
            // Filters compare; they are not bound by the field's length limit.
            return .text(text)
        default: json = .string(text)
        }
        var relaxed = element
        relaxed.required = false
        switch FieldDecoder.decode(json, for: relaxed) {
        case .success(let value): return value
        case .failure(let error):
            throw ListRequestError(parameter: parameter, code: error.code, message: "\(parameter): \(error.message)")
        }
    }
}
