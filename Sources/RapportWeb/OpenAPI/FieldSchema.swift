import RapportDomain

/// JSON Schema for one field, mirroring exactly what `FieldDecoder` accepts.
enum FieldSchema {
    /// Any text without C0 control characters other than tab, line feed and carriage return.
    static let noControls = "[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*"

    static func schema(for field: FieldDefinition, input: Bool) -> JSONValue {
        var object = JSONObject()
        switch field.type {
        case .text(let maxLength):
            object["type"] = .string("string")
            object["maxLength"] = .int(maxLength)
            object["pattern"] = .string(field.required ? "^(?=[\\s\\S]*\\S)\(noControls)$" : "^\(noControls)$")
        case .email:
            object["type"] = .string("string")
            object["format"] = .string("email")
            object["maxLength"] = .int(254)
        case .phone:
            object["type"] = .string("string")
            object["pattern"] = .string("^ *[0-9+()./x -]*[0-9][0-9+()./x -]*[0-9][0-9+()./x -]*[0-9][0-9+()./x -]* *$")
            object["maxLength"] = .int(40)
        case .url:
            object["type"] = .string("string")
            object["format"] = .string("uri")
            object["pattern"] = .string("^[Hh][Tt][Tt][Pp][Ss]?://[^/\\s]+")
            object["maxLength"] = .int(500)
        case .integer(let minimum, let maximum):
            object["type"] = .string("integer")
            object["minimum"] = .number(String(minimum))
            object["maximum"] = .number(String(maximum))
        case .number:
            object["type"] = .string("number")
        case .money:
            return money(input: input, nullable: !field.required)
        case .currency:
            object["type"] = .string("string")
            object["enum"] = .array(CurrencyCode.allCodes.map(JSONValue.string))
        case .date:
            object["type"] = .string("string")
            object["format"] = .string("date")
        case .timestamp:
            object["type"] = .string("string")
            object["format"] = .string("date-time")
        case .boolean:
            object["type"] = .string("boolean")
        case .choice(let choices):
            object["type"] = .string("string")
            object["enum"] = .array(choices.map(JSONValue.string))
        case .multiChoice(let choices):
            object["type"] = .string("array")
            object["items"] = .object(JSONObject(["type": .string("string"), "enum": .array(choices.map(JSONValue.string))]))
            object["maxItems"] = .int(50)
        case .reference, .uuid:
            object["type"] = .string("string")
            object["format"] = .string("uuid")
        case .textList(let kind):
            object["type"] = .string("array")
            let item: JSONObject = switch kind {
            case .emails: JSONObject(["type": .string("string"), "format": .string("email"), "maxLength": .int(254)])
            case .phones: JSONObject(["type": .string("string"), "pattern": .string("^ *[0-9+()./x -]*[0-9][0-9+()./x -]*[0-9][0-9+()./x -]*[0-9][0-9+()./x -]* *$"), "maxLength": .int(40)])
            case .tags, .names: JSONObject(["type": .string("string"), "maxLength": .int(100), "pattern": .string("^\(noControls)$")])
            }
            object["items"] = .object(item)
            object["maxItems"] = .int(50)
        case .addresses:
            var properties = JSONObject()
            for key in PostalAddress.keys {
                properties[key] = .object(JSONObject(["type": .string("string"), "maxLength": .int(200), "pattern": .string("^\(noControls)$")]))
            }
            object["type"] = .string("array")
            object["maxItems"] = .int(20)
            object["items"] = .object(JSONObject(["type": .string("object"), "properties": .object(properties), "additionalProperties": .bool(false)]))
        }
        object["description"] = .string(field.label)
        if field.access == .readOnly { object["readOnly"] = .bool(true) }
        if !field.required, case .string(let type)? = object["type"] {
            object["type"] = .array([.string(type), .string("null")])
            if case .array(let choices)? = object["enum"] { object["enum"] = .array(choices + [.null]) }
        }
        return .object(object)
    }

    static func money(input: Bool, nullable: Bool) -> JSONValue {
        let amount: JSONValue = input
            ? .object(JSONObject(["type": .array([.string("string"), .string("number")]), "pattern": .string("^-?[0-9]{1,15}(\\.[0-9]{1,4})?$"),
                                  "description": .string("Decimal amount; a string keeps it exact.")]))
            : .object(JSONObject(["type": .string("string"), "pattern": .string("^-?[0-9]+(\\.[0-9]+)?$")]))
        let schema = JSONObject([
            "type": nullable ? .array([.string("object"), .string("null")]) : .string("object"),
            "properties": .object(JSONObject([
                "amount": amount,
                "currency": .object(JSONObject(["type": .string("string"), "enum": .array(CurrencyCode.allCodes.map(JSONValue.string))])),
            ])),
            "required": .array([.string("amount"), .string("currency")]),
            "additionalProperties": .bool(false),
            "description": .string("An exact amount in an ISO 4217 currency, with no more decimals than the currency has."),
        ])
        return .object(schema)
    }
}
