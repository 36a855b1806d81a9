/// How the rows of an entity are protected.
public enum Ownership: Sendable, Hashable {
    /// CRM records: each row has an owner, the owner's team and optionally a partner
    /// organisation, and the access scope decides visibility from them.
    case owned
    /// Tenant-wide reference data (products, price books): everyone in the tenant reads it,
    /// except that a row assigned to a partner organisation is that partner's alone among
    /// partner users (a dealer's price book is not another dealer's business); admins and
    /// managers change it.
    case catalogue
}

/// What partner (dealer) users may do with the records of their own organisation.
public enum PartnerAccess: Sendable, Hashable {
    /// They work the records alongside head office: change them and make new ones.
    case readWrite
    /// They follow the records but never change, move or make them: head office runs orders
    /// to delivery, and a dealer tracks their status and history.
    case readOnly
}

/// An entity, declared once as data.
public final class EntityDefinition: Sendable {
    /// Singular API name, e.g. `account`.
    public let name: String
    /// Plural API path segment and table name, e.g. `accounts`.
    public let plural: String
    public let title: String
    public let ownership: Ownership
    /// Whether partner users may change the rows of their organisation (owned entities only).
    public let partnerAccess: PartnerAccess
    /// User-visible fields, without system fields (id, version, timestamps, owner…).
    public let fields: [FieldDefinition]
    /// Composite indexes beyond one-per-indexed-field, by API field names. Each is
    /// prefixed by the tenant and suffixed by the id in storage.
    public let compositeIndexes: [[String]]
    /// Indexes over live rows only (`deleted_at IS NULL`) that hold every column a
    /// report reads, so the report never touches the table. A money field gives its currency
    /// then its amount; `field.currency` places the currency alone (the amount follows later).
    public let reportIndexes: [[String]]
    /// Sort used when a list request names none.
    public let defaultSort: [SortKey]

    public init(
        name: String, plural: String, title: String, ownership: Ownership = .owned, partnerAccess: PartnerAccess = .readWrite,
        fields: [FieldDefinition], compositeIndexes: [[String]] = [], reportIndexes: [[String]] = [], defaultSort: [SortKey]
    ) {
        self.name = name
        self.plural = plural
        self.title = title
        self.ownership = ownership
        self.partnerAccess = partnerAccess
        self.fields = fields
        self.compositeIndexes = compositeIndexes
        self.reportIndexes = reportIndexes
        self.defaultSort = defaultSort
        self.allFields = SystemFields.leading + fields + SystemFields.trailing
        self.fieldsByName = Dictionary(uniqueKeysWithValues: allFields.map { ($0.name, $0) })
        self.searchableFields = fields.filter(\.searchable)
    }

    public var table: String { plural }

    /// Declared fields plus the system fields every owned record carries.
    public let allFields: [FieldDefinition]
    public let searchableFields: [FieldDefinition]
    private let fieldsByName: [String: FieldDefinition]

    public func field(named name: String) -> FieldDefinition? {
        fieldsByName[name]
    }
}

/// A sort key by API field name.
public struct SortKey: Sendable, Hashable {
    public let field: String
    public let descending: Bool

    public init(_ field: String, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}

/// Fields the engine keeps on every record.
public enum SystemFields {
    public static let leading: [FieldDefinition] = [
        FieldDefinition("id", .uuid, label: "Id", access: .readOnly, indexed: true),
        FieldDefinition("externalId", .text(maxLength: 200), label: "External id", indexed: true),
        FieldDefinition("ownerId", .reference("user"), label: "Owner", indexed: true),
        FieldDefinition("teamId", .reference("team"), label: "Team", access: .readOnly, indexed: true),
        FieldDefinition("partnerId", .reference("partner"), label: "Partner organisation", indexed: true),
    ]
    public static let trailing: [FieldDefinition] = [
        FieldDefinition("version", .integer(minimum: 1, maximum: .max), label: "Version", access: .readOnly),
        FieldDefinition("createdAt", .timestamp, label: "Created at", access: .readOnly, indexed: true),
        FieldDefinition("updatedAt", .timestamp, label: "Updated at", access: .readOnly, indexed: true),
        FieldDefinition("createdBy", .reference("user"), label: "Created by", access: .readOnly),
        FieldDefinition("updatedBy", .reference("user"), label: "Updated by", access: .readOnly),
    ]
}
