import Foundation
import RapportDomain
import Vapor

/// A JSON object body read against field declarations, collecting every problem before one answer reports them all.
struct JSONFields {
    private let object: JSONObject
    private let fields: [FieldDefinition]
    private(set) var errors: [FieldError]

    init(_ request: Request, fields: [FieldDefinition]) async throws {
        guard case .object(let object) = try await JSONIO.body(request) else {
            throw Problem.validation([FieldError(field: "body", code: "invalid_type", message: "Send a JSON object.")])
        }
        let names = fields.map(\.name)
        self.object = object
        self.fields = fields
        self.errors = object.keys.filter { !names.contains($0) }.map {
            FieldError(field: $0, code: "unknown_field", message: "Unknown property \"\($0)\"; allowed: \(names.joined(separator: ", ")).")
        }
    }

    /// The decoded value: nil when absent or invalid (then recorded), `.null` when sent as null to an optional field.
    mutating func value(_ name: String, mustBeSent: Bool = false) -> FieldValue? {
        guard let field = fields.first(where: { $0.name == name }) else { return nil }
        guard let json = object[name] else {
            if mustBeSent { errors.append(FieldError(field: name, code: "required", message: "\(name) is required.")) }
            return nil
        }
        switch FieldDecoder.decode(json, for: field) {
        case .success(let value): return value
        case .failure(let error):
            errors.append(error)
            return nil
        }
    }

    func throwIfInvalid() throws {
        guard errors.isEmpty else { throw Problem.validation(errors) }
    }
}
