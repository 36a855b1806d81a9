/// The validated fields of a create or patch request, keyed by API field name
/// (custom fields as `custom.<key>`).
public struct RecordInput: Sendable {
    public var values: [String: FieldValue]

    public init(values: [String: FieldValue] = [:]) { self.values = values }

    public subscript(name: String) -> FieldValue? {
        get { values[name] }
        set { values[name] = newValue }
    }
}

/// Validates a JSON object against an entity declaration.
public enum RecordDecoder {
    public enum Mode: Sendable { case create, patch }

    public static func decode(
        _ json: JSONValue, entity: EntityDefinition, mode: Mode, pathPrefix: String = ""
    ) -> Result<RecordInput, ValidationFailure> {
        guard case .object(let object) = json else {
            return .failure(ValidationFailure([FieldError(field: pathPrefix.isEmpty ? "body" : pathPrefix, code: .invalidType,
                message: "Expected a JSON object with the \(entity.title.lowercased())'s fields, got \(json.kindName).")]))
        }
        var input = RecordInput()
        var errors: [FieldError] = []

        for (key, value) in object.pairs {
            if key == "custom" {
                decodeCustom(value, entity: entity, into: &input, errors: &errors)
                continue
            }
            guard let field = entity.field(named: key), !field.isCustom else {
                errors.append(FieldError(field: key, code: .unknownField,
                    message: "\(entity.title) has no field \"\(key)\"."))
                continue
            }
            guard field.access == .readWrite else {
                errors.append(FieldError(field: key, code: .readOnly, message: "\(field.label) is set by the server and cannot be written."))
                continue
            }
            switch FieldDecoder.decode(value, for: field) {
            case .success(let decoded): input[key] = decoded
            case .failure(let error): errors.append(error)
            }
        }
        if mode == .create {
            for field in entity.allFields where field.required && input[field.name] == nil {
                errors.append(FieldError(field: field.name, code: .required, message: "\(field.label) is required."))
            }
        }
        if !pathPrefix.isEmpty {
            errors = errors.map { FieldError(field: "\(pathPrefix)/\($0.field)", code: $0.code, message: $0.message, limits: $0.limits) }
        }
        return errors.isEmpty ? .success(input) : .failure(ValidationFailure(errors))
    }

    private static func decodeCustom(
        _ value: JSONValue, entity: EntityDefinition, into input: inout RecordInput, errors: inout [FieldError]
    ) {
        guard case .object(let custom) = value else {
            errors.append(FieldError(field: "custom", code: .invalidType, message: "custom must be an object of custom field values."))
            return
        }
        for (key, value) in custom.pairs {
            guard let field = entity.field(named: "custom.\(key)") else {
                errors.append(FieldError(field: "custom.\(key)", code: .unknownField,
                    message: "\(entity.title) has no custom field \"\(key)\"."))
                continue
            }
            switch FieldDecoder.decode(value, for: field) {
            case .success(let decoded): input[field.name] = decoded
            case .failure(let error): errors.append(error)
            }
        }
    }
}
