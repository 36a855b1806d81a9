import RapportDomain

/// What the store refuses, each with a stable code for problem+json.
public enum StoreError: Error, Sendable {
    /// The record does not exist or is outside the caller's scope; both look the same.
    case notFound(entity: String)
    case forbidden(String)
    case validation([FieldError])
    /// `If-Match` named a version that is no longer current.
    case versionMismatch(current: Int64)
    case conflict(String, String)
    case badRequest(String, String)
}
