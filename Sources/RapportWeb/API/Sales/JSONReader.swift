import Foundation
import RapportDomain

/// Reads the members of a JSON object one by one, collecting a field error for each member that
/// is missing, of the wrong type or unknown, so a client hears about every problem at once.
struct JSONReader {
    let object: JSONObject
    let path: String
    private(set) var errors: [FieldError] = []

    init(_ value: JSONValue, path: String = "", allowed: Set<String>) {
        self.path = path
        guard case .object(let object) = value else {
            self.object = JSONObject()
            errors.append(FieldError(field: path.isEmpty ? "body" : path, code: .invalidType, message: "Expected a JSON object, got \(value.kindName)."))
            return
        }
        self.object = object
        for key in object.keys where !allowed.contains(key) {
            errors.append(FieldError(field: name(key), code: .unknownField,
                                     message: "Unknown field \"\(key)\"; expected one of: \(allowed.sorted().joined(separator: ", "))."))
        }
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An exact decimal, sent as a JSON number or a string ("12.50"); nil when absent or null.
    mutating func decimal(_ key: String, required: Bool = false) -> Decimal? {
        guard let value = object[key], !value.isNull else {
            if required { errors.append(FieldError(field: name(key), code: .required, message: "\(key) is required.")) }
            return nil
        }
        guard let text = value.numberText ?? value.stringValue, let decimal = Decimal.exact(text) else {
            errors.append(FieldError(field: name(key), code: .invalidType, message: "\(key) must be a number such as 12.5."))
            return nil
        }
        return decimal
    }

    mutating func id(_ key: String, required: Bool = false) -> UUID? {
        guard let value = object[key], !value.isNull else {
            if required { errors.append(FieldError(field: name(key), code: .required, message: "\(key) is required.")) }
            return nil
        }
        guard let id = value.stringValue.flatMap(UUID.init(parsing:)) else {
            errors.append(FieldError(field: name(key), code: .invalidId, message: "\(key) must be a record id."))
            return nil
        }
        return id
    }

    mutating func text(_ key: String, maxLength: Int) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue, text.count <= maxLength else {
            errors.append(FieldError(field: name(key), code: value.stringValue == nil ? .invalidType : .tooLong,
                                     message: "\(key) must be text of at most \(maxLength) characters.", limits: ["max": String(maxLength)]))
            return nil
        }
        guard !FieldDecoder.containsControlCharacters(text) else {
            errors.append(FieldError(field: name(key), code: .invalidCharacter, message: "\(key) contains a control character."))
            return nil
        }
        return text
    }

    mutating func array(_ key: String, max: Int) -> [JSONValue] {
        guard let value = object[key] else {
            errors.append(FieldError(field: name(key), code: .required, message: "\(key) is required."))
            return []
        }
        guard let items = value.arrayValue, items.count <= max else {
            errors.append(FieldError(field: name(key), code: value.arrayValue == nil ? .invalidType : .tooMany,
                                     message: "\(key) must be a list of at most \(max) items.", limits: ["max": String(max)]))
            return []
        }
        return items
    }

    mutating func absorb(_ other: JSONReader) { errors += other.errors }

    mutating func errorsAppend(_ error: FieldError) { errors.append(error) }
}
