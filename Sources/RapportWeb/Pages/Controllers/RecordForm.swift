import Foundation
import RapportDomain

/// Turns a submitted HTML form into the same JSON the API takes, so one decoder validates both.
/// Blank inputs clear a field when editing and are left out when creating.
enum RecordForm {
    static func json(_ form: [String: String], fields: [FieldDefinition], creating: Bool, timeZone: TimeZone) -> JSONValue {
        var builtIn = JSONObject(), custom = JSONObject()
        for field in fields {
            var object = JSONObject()
            defer {
                // Custom fields travel as {"custom": {"key": value}}, as in the API.
                for (key, value) in object.pairs {
                    if let customKey = key.split(separator: ".", maxSplits: 1).dropFirst().first, key.hasPrefix("custom.") {
                        custom[String(customKey)] = value
                    } else {
                        builtIn[key] = value
                    }
                }
            }
            let key = inputName(field)
            let raw = form[key]?.trimmed ?? ""
            if case .boolean = field.type {
                object[field.name] = .bool(form[key] != nil)
                continue
            }
            if raw.isEmpty {
                if !creating && form.keys.contains(key) { object[field.name] = .null }
                continue
            }
            switch field.type {
            case .integer, .number: object[field.name] = .number(raw)
            case .money:
                object[field.name] = .object(JSONObject(["amount": .string(raw), "currency": .string(form[key + "__currency"]?.trimmed ?? "")]))
            case .textList, .multiChoice:
                let items = raw.split(whereSeparator: { $0.isNewline || $0 == "," }).map { $0.trimmed }.filter { !$0.isEmpty }
                object[field.name] = .array(items.map(JSONValue.string))
            case .timestamp:
                // <input type="datetime-local"> sends the user's wall-clock time without a zone.
                object[field.name] = .string(localDateTime(raw, timeZone: timeZone).map(Timestamp.format) ?? raw)
            default: object[field.name] = .string(raw)
            }
        }
        if !custom.pairs.isEmpty { builtIn["custom"] = .object(custom) }
        return .object(builtIn)
    }

    static func localDateTime(_ text: String, timeZone: TimeZone) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" }).compactMap { Int($0) }
        guard parts.count >= 5 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))
    }

    /// The value for a datetime-local input, in the user's zone.
    static func localDateTimeValue(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute))"
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
