/// One problem with one field, in the API's problem+json `errors` list.
public struct FieldError: Error, Sendable, Hashable {
    /// The API field name (`name`, `custom.region`), or a JSON pointer-like path.
    public let field: String
    /// Stable machine code, e.g. `required`, `too_long`, `invalid_choice`.
    public let code: String
    public let message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// The field errors of one record; thrown as a whole so that nothing is written.
public struct ValidationFailure: Error, Sendable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
}
