import Foundation
import RapportDomain

extension JobQueue {
    /// What `enqueue` is asked to add.
    public struct NewJob: Sendable {
        public var kind: String
        public var tenantId: UUID?
        public var payload: JSONValue
        public var runAt: Date
        public var uniqueKey: String?
        public var maxAttempts: Int
        public var createdBy: UUID?

        public init(
            kind: String, tenantId: UUID? = nil, payload: JSONValue = .object(JSONObject()), runAt: Date = Date(),
            uniqueKey: String? = nil, maxAttempts: Int = 5, createdBy: UUID? = nil
        ) {
            self.kind = kind
            self.tenantId = tenantId
            self.payload = payload
            self.runAt = runAt
            self.uniqueKey = uniqueKey
            self.maxAttempts = maxAttempts
            self.createdBy = createdBy
        }

        func validate() throws {
            guard !kind.isEmpty, kind.count <= 100 else {
                throw StoreError.validation([FieldError(field: "kind", code: .required, message: "A job needs a kind of 1 to 100 characters.")])
            }
            guard maxAttempts >= 1 else {
                throw StoreError.validation([FieldError(field: "maxAttempts", code: .outOfRange, message: "A job needs at least one attempt.")])
            }
        }
    }
}
