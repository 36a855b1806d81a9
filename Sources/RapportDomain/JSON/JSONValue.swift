import Foundation

/// A parsed JSON document. Numbers keep their source text so that money and
/// other decimals are never routed through `Double`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Keys keep their order of appearance; the API writes them back in the same order.
    case object(JSONObject)

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var numberText: String? { if case .number(let text) = self { text } else { nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }

    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }
    public static func decimal(_ value: Decimal) -> JSONValue { .number(value.plainString) }
}

/// An ordered JSON object.
///
/// API objects have a few dozen keys at most, so a list of pairs searched in order
/// is faster than hashing and keeps the order of appearance for free.
public struct JSONObject: Sendable, Equatable {
    public private(set) var pairs: [(key: String, value: JSONValue)] = []

    public init() {}

    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        self.pairs.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    private func position(of key: String) -> Int? {
        pairs.firstIndex { $0.key == key }
    }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { pairs[$0].value } }
        set {
            switch (position(of: key), newValue) {
            case (let found?, let value?): pairs[found].value = value
            case (let found?, nil): pairs.remove(at: found)
            case (nil, let value?): pairs.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// Appends without checking for an existing key; the caller knows keys are unique.
    public mutating func append(_ key: String, _ value: JSONValue) { pairs.append((key, value)) }

    public mutating func reserveCapacity(_ count: Int) { pairs.reserveCapacity(count) }

    public var keys: [String] { pairs.map(\.key) }
    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension Decimal {
    /// The decimal in plain notation ("1234.5", never "1.2345e3").
    public var plainString: String {
        var value = self
        return NSDecimalString(&value, Locale(identifier: "en_US_POSIX"))
    }
}
