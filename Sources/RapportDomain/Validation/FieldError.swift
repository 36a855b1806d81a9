/// One problem with one field, in the API's problem+json `errors` list.
public struct FieldError: Error, Sendable, Hashable {
    /// The API field name (`name`, `custom.region`), or a JSON pointer-like path.
    public let field: String
    /// Stable machine code, one of ``ValidationCode``, e.g. `required`, `too_long`, `invalid_choice`.
    public let code: String
    /// English text for API clients; pages translate by ``code`` instead.
    public let message: String
    /// The bounds the message names (`max`, `min`…; see ``ValidationCode/limitNames``), so that
    /// a translation can name them too. Empty when the message names none.
    public let limits: [String: String]

    public init(field: String, code: String, message: String, limits: [String: String] = [:]) {
        self.field = field
        self.code = code
        self.message = message
        self.limits = limits
    }

    public init(field: String, code: ValidationCode, message: String, limits: [String: String] = [:]) {
        self.init(field: field, code: code.rawValue, message: message, limits: limits)
    }
}

/// The field errors of one record; thrown as a whole so that nothing is written.
public struct ValidationFailure: Error, Sendable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
}
