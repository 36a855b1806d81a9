import Foundation
import RapportDomain

/// One record on its way to storage: what the client sent, what is stored now,
/// and the full set of values that will be written.
struct PendingWrite: Sendable {
    /// Position in the request (0 for single writes), for per-row bulk results.
    let index: Int
    let input: RecordInput
    let existing: Record?
    var values: [String: FieldValue]
    var errors: [FieldError] = []
    var seq: Int64 = 0

    var isCreate: Bool { existing == nil }
    var id: UUID { values["id"]?.idValue ?? UUID() }

    init(index: Int, input: RecordInput, existing: Record?) {
        self.index = index
        self.input = input
        self.existing = existing
        self.values = existing?.values ?? [:]
        for (name, value) in input.values { values[name] = value }
    }

    /// A field the client set, or whose stored value changes.
    func changes(_ name: String) -> Bool {
        guard let existing else { return input.values[name] != nil }
        return (values[name] ?? .null) != existing[name]
    }

    func fail(_ field: String, _ code: String, _ message: String) -> PendingWrite {
        var copy = self
        copy.reject(field, code, message)
        return copy
    }

    mutating func reject(_ field: String, _ code: String, _ message: String) {
        errors.append(FieldError(field: field, code: code, message: message))
    }

    /// For the audit log: field → {old, new} for a change; field → value for a creation,
    /// whose old values are all empty (half the size, which bulk imports feel).
    func auditChanges(entity: EntityDefinition) -> JSONValue {
        var object = JSONObject()
        for field in entity.allFields where !Self.unaudited.contains(field.name) {
            let new = values[field.name] ?? .null
            let old = existing?[field.name] ?? .null
            guard new != old else { continue }
            object.append(field.name, isCreate ? new.json : .object(JSONObject(["old": old.json, "new": new.json])))
        }
        return .object(object)
    }

    private static let unaudited: Set<String> = ["id", "version", "updatedAt", "updatedBy", "createdAt", "createdBy"]
}
