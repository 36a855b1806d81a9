/// A filter operator of `filter[field][op]=value`.
public enum FilterOperator: String, Sendable, CaseIterable {
    case eq, ne, lt, lte, gt, gte, `in`, contains, empty
}

public struct Filter: Sendable {
    public let field: FieldDefinition
    public let op: FilterOperator
    /// One value, several for `in`, a boolean for `empty`.
    public let values: [FieldValue]

    public init(field: FieldDefinition, op: FilterOperator, values: [FieldValue]) {
        self.field = field
        self.op = op
        self.values = values
    }
}

/// A list request, validated against the entity declaration.
public struct ListRequest: Sendable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public var filters: [Filter] = []
    public var sort: [SortKey] = []
    public var limit = ListRequest.defaultLimit
    public var cursor: String?
    public var search: String?
    public var includeTotal = false
    public var deletedOnly = false

    public init() {}

    /// A list the server asks for itself (pages, reports) by declared field names; a name the
    /// entity does not have is a programming error, never a silently wider list.
    public init(_ entity: EntityDefinition, where conditions: [(field: String, op: FilterOperator, values: [FieldValue])],
                sort: [SortKey] = [], limit: Int = ListRequest.defaultLimit) {
        filters = conditions.map { condition in
            guard let field = entity.field(named: condition.field) else { preconditionFailure("\(entity.name) has no field \(condition.field)") }
            return Filter(field: field, op: condition.op, values: condition.values)
        }
        self.sort = sort
        self.limit = limit
    }
}

/// A 400 error of a list request, with the parameter it concerns.
public struct ListRequestError: Error, Sendable, Equatable {
    public let parameter: String
    public let code: String
    public let message: String

    public init(parameter: String, code: String, message: String) {
        self.parameter = parameter
        self.code = code
        self.message = message
    }
}
