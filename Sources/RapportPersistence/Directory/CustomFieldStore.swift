import Foundation
import NIOConcurrencyHelpers
import RapportDomain
import SQLKit

/// A tenant's run-time custom fields.
public struct CustomFieldStore: Sendable {
    let database: Database
    let cache: CatalogCache

    static func loadAll(on db: any SQLDatabase, dialect: Dialect, tenantId: UUID? = nil) async throws -> [CustomField] {
        let codec = FieldCodec(dialect: dialect)
        let query: SQLQueryString = tenantId.map {
            "SELECT id, entity, field_key, label, type, \(unsafeRaw: dialect == .postgres ? "choices::text AS choices" : "choices"), reference_entity FROM custom_fields WHERE tenant_id = \(bind: dialect.bind($0)) ORDER BY created_at"
        } ?? "SELECT id, entity, field_key, label, type, \(unsafeRaw: dialect == .postgres ? "choices::text AS choices" : "choices"), reference_entity FROM custom_fields"
        return try await db.raw(query).all().compactMap { row in
            let choicesText = try row.decode(column: "choices", as: String?.self)
            let choices = choicesText.flatMap { try? JSONParser.parse($0) }?.arrayValue?.compactMap(\.stringValue) ?? []
            guard let id = try codec.decodeID(row, "id"),
                  let type = CustomField.fieldType(
                    named: try row.decode(column: "type", as: String.self), choices: choices,
                    referenceEntity: try row.decode(column: "reference_entity", as: String?.self)) else { return nil }
            return CustomField(
                id: id, entity: try row.decode(column: "entity", as: String.self),
                key: try row.decode(column: "field_key", as: String.self),
                label: try row.decode(column: "label", as: String.self), type: type)
        }
    }

    public func cachedCatalog(for tenantId: UUID) -> Catalog? { cache.catalog(for: tenantId) }

    public func catalog(for tenantId: UUID) async throws -> Catalog {
        if let cached = cache.catalog(for: tenantId) { return cached }
        let fields = try await database.withConnection { db in
            try await Self.loadAll(on: db, dialect: database.dialect, tenantId: tenantId)
        }
        let catalog = Catalog(customFields: fields)
        cache.store(catalog, for: tenantId)
        return catalog
    }

    public struct NewField: Sendable {
        public var entity: String
        public var key: String
        public var label: String
        public var type: String
        public var choices: [String]
        public var referenceEntity: String?

        public init(entity: String, key: String, label: String, type: String, choices: [String] = [], referenceEntity: String? = nil) {
            self.entity = entity
            self.key = key
            self.label = label
            self.type = type
            self.choices = choices
            self.referenceEntity = referenceEntity
        }
    }

    /// Adds a field; it is usable in records, filters, sorting, search and the
    /// OpenAPI document as soon as this returns.
    public func create(_ new: NewField, principal: Principal) async throws -> CustomField {
        guard principal.role == .admin else { throw StoreError.forbidden("Only administrators can add custom fields.") }
        var errors: [FieldError] = []
        guard let entity = Catalog.builtIn(named: new.entity) else {
            throw StoreError.validation([FieldError(field: "entity", code: "invalid_choice",
                message: "entity must be one of: \(Catalog.builtIn.map(\.name).joined(separator: ", ")).")])
        }
        if !CustomField.isValidKey(new.key) {
            errors.append(FieldError(field: "key", code: "invalid_key", message: "key must start with a lower-case letter and hold only letters and digits (at most 40)."))
        }
        if new.label.trimmed.isEmpty || new.label.count > 100 || FieldDecoder.containsControlCharacters(new.label) {
            errors.append(FieldError(field: "label", code: "required", message: "label must hold 1 to 100 characters."))
        }
        if new.choices.contains(where: FieldDecoder.containsControlCharacters) {
            errors.append(FieldError(field: "choices", code: "invalid_character", message: "choices may not contain control characters."))
        }
        let type = CustomField.fieldType(named: new.type, choices: new.choices, referenceEntity: new.referenceEntity)
        if type == nil {
            errors.append(FieldError(field: "type", code: "invalid_type",
                message: "type must be one of \(CustomField.allowedTypes.joined(separator: ", ")); choice types need choices, reference needs referenceEntity."))
        }
        guard errors.isEmpty, let type else { throw StoreError.validation(errors) }
        let field = CustomField(id: UUID(), entity: entity.name, key: new.key, label: new.label, type: type)
        let dialect = database.dialect
        try await database.transaction { db in
            let clash = try await db.raw("""
                SELECT id FROM custom_fields WHERE tenant_id = \(bind: dialect.bind(principal.tenantId))
                AND entity = \(bind: entity.name) AND field_key = \(bind: new.key)
                """).first()
            if clash != nil {
                throw StoreError.conflict("duplicate_key", "\(entity.title) already has a custom field \"\(new.key)\".")
            }
            try await db.raw("""
                INSERT INTO custom_fields (id, tenant_id, entity, field_key, label, type, choices, reference_entity, created_at)
                VALUES (\(bind: dialect.bind(field.id)), \(bind: dialect.bind(principal.tenantId)), \(bind: entity.name),
                \(bind: new.key), \(bind: new.label), \(bind: new.type),
                \(dialect.jsonPlaceholder(JSONWriter.string(.array(new.choices.map(JSONValue.string))))),
                \(bind: new.referenceEntity.flatMap { Catalog.builtIn(named: $0)?.name }), \(bind: Timestamp.milliseconds(Date())))
                """).run()
            try await SchemaMigrator.createIndex(forCustom: field.definition, of: entity, on: db, dialect: dialect)
        }
        cache.invalidate(principal.tenantId)
        return field
    }
}

/// Tenants' catalogs, kept briefly so a request does not reload custom fields.
/// Another server sees a new field within `lifetime`.
public final class CatalogCache: Sendable {
    private let entries = NIOLockedValueBox<[UUID: (catalog: Catalog, loaded: ContinuousClock.Instant)]>([:])
    private let lifetime: Duration

    public init(lifetime: Duration = .seconds(5)) { self.lifetime = lifetime }

    func catalog(for tenant: UUID) -> Catalog? {
        entries.withLockedValue { entries in
            guard let entry = entries[tenant], entry.loaded.duration(to: .now) < lifetime else { return nil }
            return entry.catalog
        }
    }

    func store(_ catalog: Catalog, for tenant: UUID) { entries.withLockedValue { $0[tenant] = (catalog, .now) } }
    func invalidate(_ tenant: UUID) { entries.withLockedValue { $0[tenant] = nil } }
}
