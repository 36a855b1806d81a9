import RapportDomain

/// What the store refuses, each with a stable code for problem+json.
public enum StoreError: Error, Sendable {
    /// The record does not exist or is outside the caller's scope; both look the same.
    case notFound(entity: String)
    /// The change is not the caller's to make: English words for `detail`, and a stable code
    /// (a ``RefusalCode`` where the pages translate it, "forbidden" otherwise).
    case forbidden(String, code: String = "forbidden")
    case validation([FieldError])
    /// `If-Match` named a version that is no longer current.
    case versionMismatch(current: Int64)
    case conflict(String, String)
    case badRequest(String, String)

    /// A refusal the pages translate from its code.
    public static func refused(_ refusal: Refusal) -> StoreError {
        .forbidden(refusal.detail, code: refusal.code.rawValue)
    }
}
