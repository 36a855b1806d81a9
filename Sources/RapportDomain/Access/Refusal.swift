/// Why a change was refused: a stable code for API clients and translated pages, and English
/// words the user can act on for the API's `detail`.
public struct Refusal: Sendable, Hashable {
    public let code: RefusalCode
    public let detail: String

    public init(_ code: RefusalCode, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}

/// Every code a refused change can carry; the pages translate each as `error.forbidden.<code>`.
public enum RefusalCode: String, CaseIterable, Sendable {
    /// The user's role never writes.
    case readOnlyRole = "read_only_role"
    /// Dealer staff follow records of this kind (orders) but do not change them.
    case partnerTracksOnly = "partner_tracks_only"
    /// Only admins and managers change records of this kind, or take back payments.
    case managersOnly = "managers_only"
    /// The user may change records of this kind and sees this one, but it is not theirs to change.
    case viewOnlyRecord = "view_only_record"
    /// Only the quote's approver or an administrator approves or rejects it.
    case approverOnly = "approver_only"
}
