import Foundation

/// Turns API input into typed field values, or says exactly what is wrong.
public enum FieldDecoder {
    public static func decode(_ json: JSONValue, for field: FieldDefinition) -> Result<FieldValue, FieldError> {
        if json.isNull {
            return field.required
                ? .failure(error(field, .required, "\(field.label) is required."))
                : .success(.null)
        }
        switch field.type {
        case .text(let maxLength):
            return text(json, field).flatMap { text in
                if field.required && text.trimmed.isEmpty {
                    return .failure(error(field, .required, "\(field.label) must not be blank."))
                }
                // Counting characters walks grapheme clusters; the byte count settles most cases.
                return text.utf8.count > maxLength && text.count > maxLength
                    ? .failure(error(field, .tooLong, "\(field.label) is longer than \(maxLength) characters.", limits: ["max": "\(maxLength)"]))
                    : .success(.text(text))
            }
        case .email:
            return text(json, field).flatMap { email($0, field).map(FieldValue.text) }
        case .phone:
            return text(json, field).flatMap { phone($0, field).map(FieldValue.text) }
        case .url:
            return text(json, field).flatMap { url($0, field).map(FieldValue.text) }
        case .integer(let minimum, let maximum):
            guard case .number(let digits) = json, let int = Int64(digits) else {
                return .failure(error(field, .invalidType, "\(field.label) must be a whole number."))
            }
            guard int >= minimum && int <= maximum else {
                return .failure(error(field, .outOfRange, "\(field.label) must be between \(minimum) and \(maximum).",
                                      limits: ["min": "\(minimum)", "max": "\(maximum)"]))
            }
            return .success(.integer(int))
        case .number:
            guard case .number(let digits) = json, let double = Double(digits), double.isFinite else {
                return .failure(error(field, .invalidType, "\(field.label) must be a number."))
            }
            return .success(.number(double))
        case .money:
            return money(json, field).map(FieldValue.money)
        case .currency:
            return text(json, field).flatMap { code in
                CurrencyCode(code).map { .success(.text($0.code)) }
                    ?? .failure(error(field, .invalidCurrency, "\(field.label): \"\(code)\" is not a supported ISO 4217 currency code."))
            }
        case .date:
            return text(json, field).flatMap { text in
                LocalDate(iso: text).map { .success(.date($0)) }
                    ?? .failure(error(field, .invalidDate, "\(field.label) must be a date written YYYY-MM-DD."))
            }
        case .timestamp:
            return text(json, field).flatMap { text in
                Timestamp.parse(text).map { .success(.timestamp($0)) }
                    ?? .failure(error(field, .invalidTimestamp, "\(field.label) must be an ISO-8601 time with a zone, e.g. 2026-05-01T09:30:00Z."))
            }
        case .boolean:
            guard case .bool(let flag) = json else {
                return .failure(error(field, .invalidType, "\(field.label) must be true or false."))
            }
            return .success(.bool(flag))
        case .choice(let choices):
            return text(json, field).flatMap { value in
                choices.contains(value)
                    ? .success(.text(value))
                    : .failure(error(field, .invalidChoice, "\(field.label) must be one of: \(choices.joined(separator: ", "))."))
            }
        case .multiChoice(let choices):
            return list(json, field) { value in
                choices.contains(value) ? .success(value)
                    : .failure(error(field, .invalidChoice, "\(field.label) values must be among: \(choices.joined(separator: ", ")).")) }
        case .reference, .uuid:
            return text(json, field).flatMap { text in
                UUID(parsing: text).map { .success(.id($0)) }
                    ?? .failure(error(field, .invalidId, "\(field.label) must be a record id (a UUID)."))
            }
        case .textList(let kind):
            return list(json, field) { item in
                switch kind {
                case .emails: email(item, field)
                case .phones: phone(item, field)
                case .tags, .names:
                    item.count > 100 ? .failure(error(field, .tooLong, "\(field.label) entries are at most 100 characters.", limits: ["max": "100"]))
                        : .success(item)
                }
            }
        case .addresses:
            return addresses(json, field)
        }
    }

    static func error(_ field: FieldDefinition, _ code: ValidationCode, _ message: String, limits: [String: String] = [:]) -> FieldError {
        FieldError(field: field.name, code: code, message: message, limits: limits)
    }

    private static func text(_ json: JSONValue, _ field: FieldDefinition) -> Result<String, FieldError> {
        guard case .string(let text) = json else {
            return .failure(error(field, .invalidType, "\(field.label) must be a string, not \(json.kindName)."))
        }
        guard !containsControlCharacters(text) else {
            return .failure(error(field, .invalidCharacter, "\(field.label) contains a control character."))
        }
        return .success(text)
    }

    /// NUL and other C0 controls (but tab, line feed, carriage return) have no place in
    /// CRM text, and NUL would be cut short by C string APIs.
    public static func containsControlCharacters(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }

    private static func list(
        _ json: JSONValue, _ field: FieldDefinition, item check: (String) -> Result<String, FieldError>
    ) -> Result<FieldValue, FieldError> {
        guard case .array(let elements) = json else {
            return .failure(error(field, .invalidType, "\(field.label) must be an array of strings."))
        }
        guard elements.count <= 50 else {
            return .failure(error(field, .tooMany, "\(field.label) holds at most 50 entries.", limits: ["max": "50"]))
        }
        var items: [String] = []
        for element in elements {
            guard case .string(let item) = element, !containsControlCharacters(item) else {
                return .failure(error(field, .invalidType, "\(field.label) must be an array of strings without control characters."))
            }
            switch check(item.trimmed) {
            case .success(let value): if !items.contains(value) { items.append(value) }
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(.list(items))
    }

    static func email(_ text: String, _ field: FieldDefinition) -> Result<String, FieldError> {
        let trimmed = text.trimmed
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !trimmed.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else {
            return .failure(error(field, .invalidEmail, "\(field.label): \"\(text)\" is not an e-mail address."))
        }
        return .success(trimmed)
    }

    private static let phoneBytes = Set("0123456789+-() ./x".utf8)

    static func phone(_ text: String, _ field: FieldDefinition) -> Result<String, FieldError> {
        let trimmed = text.trimmed
        let digits = trimmed.utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        guard trimmed.utf8.allSatisfy(phoneBytes.contains), (3...20).contains(digits), trimmed.utf8.count <= 40 else {
            return .failure(error(field, .invalidPhone, "\(field.label): \"\(text)\" is not a phone number (digits, spaces, + - ( ) . only)."))
        }
        return .success(trimmed)
    }

    static func url(_ text: String, _ field: FieldDefinition) -> Result<String, FieldError> {
        let trimmed = text.trimmed
        let lower = trimmed.lowercased()
        guard trimmed.count <= 500, lower.hasPrefix("http://") || lower.hasPrefix("https://"),
              let url = URL(string: trimmed), url.host?.isEmpty == false else {
            return .failure(error(field, .invalidURL, "\(field.label) must be an http:// or https:// address."))
        }
        return .success(trimmed)
    }

    static func money(_ json: JSONValue, _ field: FieldDefinition) -> Result<Money, FieldError> {
        guard case .object(let object) = json, object.keys.allSatisfy({ $0 == "amount" || $0 == "currency" }),
              let currencyText = object["currency"]?.stringValue else {
            return .failure(error(field, .invalidMoney, "\(field.label) must be an object {\"amount\": \"1250.00\", \"currency\": \"EUR\"}."))
        }
        guard let currency = CurrencyCode(currencyText) else {
            return .failure(error(field, .invalidCurrency, "\(field.label): \"\(currencyText)\" is not a supported ISO 4217 currency code."))
        }
        let amountText: String
        switch object["amount"] {
        case .string(let text)?: amountText = text
        case .number(let text)?: amountText = text
        default: return .failure(error(field, .invalidMoney, "\(field.label).amount must be a decimal number or string."))
        }
        guard let amount = exactDecimal(amountText) else {
            return .failure(error(field, .invalidMoney, "\(field.label).amount \"\(amountText)\" is not a decimal number."))
        }
        guard fractionDigits(amountText) <= currency.minorDigits else {
            return .failure(error(field, .invalidMoney, "\(field.label).amount has more than \(currency.minorDigits) decimal places for \(currency.code).",
                                 limits: ["max": "\(currency.minorDigits)", "currency": currency.code]))
        }
        guard abs(amount) < 100_000_000_000_000 else {
            return .failure(error(field, .outOfRange, "\(field.label).amount is too large."))
        }
        return .success(Money(amount: amount, currency: currency))
    }

    /// Plain decimal notation only: no exponent, so "1e400" cannot sneak through.
    static func exactDecimal(_ text: String) -> Decimal? {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              parts.count == 1 || !parts[1].isEmpty, parts[0].count <= 15 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func fractionDigits(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        let fraction = text[text.index(after: dot)...]
        return fraction.count - fraction.reversed().prefix(while: { $0 == "0" }).count
    }

    private static func addresses(_ json: JSONValue, _ field: FieldDefinition) -> Result<FieldValue, FieldError> {
        guard case .array(let elements) = json, elements.count <= 20 else {
            return .failure(error(field, .invalidType, "\(field.label) must be an array of at most 20 address objects."))
        }
        var result: [PostalAddress] = []
        for element in elements {
            guard case .object(let object) = element else {
                return .failure(error(field, .invalidType, "\(field.label) must be an array of address objects."))
            }
            var parts: [String: String] = [:]
            for (key, value) in object.pairs {
                guard PostalAddress.keys.contains(key) else {
                    return .failure(error(field, .unknownField, "\(field.label): unknown key \"\(key)\"; allowed: \(PostalAddress.keys.joined(separator: ", "))."))
                }
                guard case .string(let text) = value, text.count <= 200, !containsControlCharacters(text) else {
                    return .failure(error(field, .invalidType, "\(field.label).\(key) must be a string of at most 200 characters."))
                }
                parts[key] = text
            }
            result.append(PostalAddress(parts: parts))
        }
        return .success(.addresses(result))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
